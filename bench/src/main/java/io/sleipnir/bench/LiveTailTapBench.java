package io.sleipnir.bench;

import io.sleipnir.live.LiveTail;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.EntrySink;
import io.sleipnir.model.LogEntry;
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
 * What the live tail costs each entry while nobody tails: {@code direct} hands an entry to the next sink,
 * {@code throughIdleTap} hands it through {@link LiveTail#tap} with no tail open (one volatile read of an empty
 * array, then the same call). The difference is the per-line cost of having the feature.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class LiveTailTapBench {
    private LogEntry entry;
    private EntrySink next;
    private EntrySink tapped;
    private Blackhole hole;

    @Setup
    public void setUp(Blackhole blackhole) {
        hole = blackhole;
        entry = LogEntry.of(1_700_000_000_000_000_000L, new LogLines(42).payload(180), LogLines.fileLabels(3),
                Delivery.NONE);
        next = e -> hole.consume(e);
        tapped = new LiveTail(n -> { }).tap(next);
    }

    @Benchmark
    public void direct() throws InterruptedException {
        next.accept(entry);
    }

    @Benchmark
    public void throughIdleTap() throws InterruptedException {
        tapped.accept(entry);
    }
}
