package io.sleipnir.bench;

import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.pipeline.DockerStage;
import io.sleipnir.model.LogEntry;
import io.sleipnir.pipeline.Pipeline;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@code docker} stage per line, through the public {@link Pipeline}: Jackson streaming parse of the
 * json-file record (JSON-escaped payload), RFC 3339 time, {@code stream} label (cached), trailing {@code \n}
 * removed. Every record is complete (no 16 KiB splits).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class DockerStageBench {
    private LogEntry[] input;
    private Pipeline pipeline;
    private final LineSink sink = new LineSink();
    private int next;

    @Setup
    public void setUp() {
        LogLines gen = new LogLines();
        Labels[] files = StagePipelines.eightFiles();
        input = StagePipelines.entries(gen, i -> gen.dockerLine(), i -> files[i % files.length]);
        AgentMetrics metrics = new AgentMetrics();
        pipeline = StagePipelines.build(List.of(new DockerStage.Config()), sink, metrics);
        StagePipelines.warmOnce(pipeline, input, sink);
        StagePipelines.requireNoBadInput(metrics, "malformed_docker");
    }

    @Benchmark
    public void dockerLine(Blackhole blackhole) throws InterruptedException {
        sink.blackhole = blackhole;
        pipeline.accept(input[next++ & (StagePipelines.LINES - 1)]);
    }
}
