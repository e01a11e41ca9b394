package io.sleipnir.bench;

import io.sleipnir.model.LogEntry;
import io.sleipnir.pipeline.Pipeline;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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
 * The {@code timestamp} stage after a regex that extracts the time: RFC3339Nano (CRI-style times) and Apache's
 * {@code 02/Jan/2006:15:04:05 -0700}. {@code regexOnly} (the RFC3339 pipeline without its timestamp stage) is the
 * baseline to subtract.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class TimestampStageBench {
    private final LineSink sink = new LineSink();
    private LogEntry[] rfc3339Input;
    private LogEntry[] apacheInput;
    private Pipeline rfc3339;
    private Pipeline apache;
    private Pipeline regexOnly;
    private int next;

    @Setup
    public void setUp() {
        LogLines gen = new LogLines();
        DateTimeFormatter clf = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
                .withZone(ZoneOffset.ofHours(-5));
        rfc3339Input = StagePipelines.entries(gen, i -> gen.criLine('F'), i -> LogLines.fileLabels(i % 8));
        apacheInput = StagePipelines.entries(gen,
                i -> "10.0.0." + (i % 250) + " - frank [" + clf.format(Instant.ofEpochSecond(0, gen.nanosAt(i)))
                        + "] \"GET /api/v1/orders HTTP/1.1\" 200 " + (100 + i),
                i -> LogLines.fileLabels(i % 8));
        rfc3339 = StagePipelines.build("- regex: {expression: '^(?P<time>\\S+)'}\n"
                + "- timestamp: {source: time, format: RFC3339Nano}", sink);
        regexOnly = StagePipelines.build("- regex: {expression: '^(?P<time>\\S+)'}", sink);
        apache = StagePipelines.build("- regex: {expression: '\\[(?P<time>[^\\]]+)\\]'}\n"
                + "- timestamp: {source: time, format: '02/Jan/2006:15:04:05 -0700'}", sink);
        StagePipelines.warmOnce(rfc3339, rfc3339Input, sink);
        StagePipelines.warmOnce(apache, apacheInput, sink);
        if (sink.lastTimestamp != apacheInput[StagePipelines.LINES - 1].timestampNanos() / 1_000_000_000L * 1_000_000_000L) {
            throw new IllegalStateException("the Apache time did not parse: " + sink.lastTimestamp);
        }
    }

    @Benchmark
    public void timestampRfc3339Nano(Blackhole blackhole) throws InterruptedException {
        sink.blackhole = blackhole;
        rfc3339.accept(rfc3339Input[next++ & (StagePipelines.LINES - 1)]);
    }

    @Benchmark
    public void timestampApache(Blackhole blackhole) throws InterruptedException {
        sink.blackhole = blackhole;
        apache.accept(apacheInput[next++ & (StagePipelines.LINES - 1)]);
    }

    @Benchmark
    public void regexOnly(Blackhole blackhole) throws InterruptedException {
        sink.blackhole = blackhole;
        regexOnly.accept(rfc3339Input[next++ & (StagePipelines.LINES - 1)]);
    }
}
