package io.sleipnir.bench;

import io.sleipnir.model.LogEntry;
import io.sleipnir.pipeline.Pipeline;
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

/** The {@code logfmt} stage on logfmt payloads (level, msg, method, path, status, duration_ms, user, trace_id), extracting four keys. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class LogfmtStageBench {
    private final LineSink sink = new LineSink();
    private LogEntry[] input;
    private Pipeline pipeline;
    private int next;

    @Setup
    public void setUp() {
        input = StagePipelines.payloads(p -> p.startsWith("level="));
        pipeline = StagePipelines.build("- logfmt: {mapping: {level: , method: , status: , duration: duration_ms}}", sink);
        StagePipelines.warmOnce(pipeline, input, sink);
    }

    @Benchmark
    public void logfmtLine(Blackhole blackhole) throws InterruptedException {
        sink.blackhole = blackhole;
        pipeline.accept(input[next++ & (StagePipelines.LINES - 1)]);
    }
}
