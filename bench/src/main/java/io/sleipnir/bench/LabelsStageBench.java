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

/** The {@code labels} stage turning two extracted values into labels (a new label set per entry). {@code logfmtThenLabels} minus {@code logfmtOnly} is the labels stage's share. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class LabelsStageBench {
    private final LineSink sink = new LineSink();
    private LogEntry[] input;
    private Pipeline withLabels;
    private Pipeline logfmtOnly;
    private int next;

    @Setup
    public void setUp() {
        input = StagePipelines.payloads(p -> p.startsWith("level="));
        withLabels = StagePipelines.build("- logfmt: {mapping: {level: , method: }}\n- labels: {level: , method: }", sink);
        logfmtOnly = StagePipelines.build("- logfmt: {mapping: {level: , method: }}", sink);
        StagePipelines.warmOnce(withLabels, input, sink);
    }

    @Benchmark
    public void logfmtThenLabels(Blackhole blackhole) throws InterruptedException {
        sink.blackhole = blackhole;
        withLabels.accept(input[next++ & (StagePipelines.LINES - 1)]);
    }

    @Benchmark
    public void logfmtOnly(Blackhole blackhole) throws InterruptedException {
        sink.blackhole = blackhole;
        logfmtOnly.accept(input[next++ & (StagePipelines.LINES - 1)]);
    }
}
