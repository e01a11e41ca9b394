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

/** The {@code regex} stage on plain-text payloads ("INFO request served: GET /path returned 200 for user bob after 12 ms (trace ...)"), five named groups. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class RegexStageBench {
    private final LineSink sink = new LineSink();
    private LogEntry[] input;
    private Pipeline pipeline;
    private int next;

    @Setup
    public void setUp() {
        input = StagePipelines.payloads(p -> !p.startsWith("{") && !p.startsWith("level="));
        pipeline = StagePipelines.build("- regex: {expression: '^(?P<level>[A-Z]+) (?P<msg>[^:]+): (?P<method>\\w+) (?P<path>\\S+) returned (?P<status>\\d+)'}", sink);
        StagePipelines.warmOnce(pipeline, input, sink);
    }

    @Benchmark
    public void regexLine(Blackhole blackhole) throws InterruptedException {
        sink.blackhole = blackhole;
        pipeline.accept(input[next++ & (StagePipelines.LINES - 1)]);
    }
}
