package io.sleipnir.bench;

import io.sleipnir.pipeline.CriStage;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@code cri} stage per line, through the public {@link Pipeline} (its lock included, uncontended): parse
 * the CRI prefix and RFC 3339 time, add the {@code stream} label (cached), cut the content. With
 * {@code partialPercent=10}, one line in ten is a {@code P} fragment that the stage buffers and joins with the
 * next line of the same stream, so the figure includes the joining. {@code held} says whether lines come in as
 * bytes or as text.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class CriStageBench {
    @Param({"0", "10"})
    public int partialPercent;

    /**
     * How a line comes in: {@code bytes} as the tailer hands on an ASCII line (its UTF-8 bytes, {@link
     * LogEntry#ofUtf8}), {@code text} as a String (the tailer before 2026-12-02, and the other sources).
     */
    @Param({"bytes", "text"})
    public String held;

    private LogEntry[] input;
    private Pipeline pipeline;
    private final LineSink sink = new LineSink();
    private int next;

    @Setup
    public void setUp() {
        LogLines gen = new LogLines();
        Labels[] files = StagePipelines.eightFiles();
        // A P fragment is never last, so that its F follows before the input wraps around.
        input = StagePipelines.entries(gen,
                i -> gen.criLine(i < StagePipelines.LINES - 1 && gen.nextInt(100) < partialPercent ? 'P' : 'F'),
                i -> files[i % files.length]);
        if (held.equals("bytes")) {
            input = StagePipelines.asUtf8(input);
        }
        AgentMetrics metrics = new AgentMetrics();
        pipeline = StagePipelines.build(List.of(CriStage.Config.defaults()), sink, metrics);
        StagePipelines.warmOnce(pipeline, input, sink);
        StagePipelines.requireNoBadInput(metrics, "malformed_cri");
    }

    @Benchmark
    public void criLine(Blackhole blackhole) throws InterruptedException {
        sink.blackhole = blackhole;
        pipeline.accept(input[next++ & (StagePipelines.LINES - 1)]);
    }
}
