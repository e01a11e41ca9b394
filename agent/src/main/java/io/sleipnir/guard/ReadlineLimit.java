package io.sleipnir.guard;

import io.sleipnir.config.LimitsConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.EntrySink;
import io.sleipnir.model.LogEntry;
import io.prometheus.client.Counter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code limits_config.readline_rate_enabled}: Promtail's one token bucket over the lines leaving every job's
 * pipeline ({@code readline_rate} lines per second, {@code readline_burst} at once). With {@code readline_rate_drop}
 * a line over the limit is dropped, counted in {@code logentry_dropped_lines_total{reason="global_rate_limiter_drop"}}
 * as Promtail does, and its delivery completed, so its position moves past it like any line dropped on purpose.
 * Without it the line's thread waits for its token: a file's reader, a source's worker.
 *
 * <p>A waiting thread holds no lock of this class (the token is reserved under the bucket's monitor, then waited
 * for outside it); it still holds its job's pipeline lock, as while a client's budget is full, which the ticker
 * only {@code tryLock}s. A wait ends early when the thread is interrupted (the tailer and the sources stop so: the
 * line is not handed on, its position not moved, and it is read again at the next start) or on {@link #close},
 * after which lines pass without waiting, so that what the pipelines flush on stop is delivered at once.
 */
public final class ReadlineLimit implements EntrySink, AutoCloseable {
    /** Promtail's reason label for these drops. */
    public static final String DROP_REASON = "global_rate_limiter_drop";

    /** How a waiting thread waits; tests advance their clock instead. */
    @FunctionalInterface
    public interface Pause {
        void pause(long nanos) throws InterruptedException;
    }

    private final TokenBucket bucket;
    private final boolean drop;
    private final EntrySink downstream;
    private final Counter.Child dropped;
    private final Clock clock;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Pause pause;

    ReadlineLimit(LimitsConfig.ReadlineRate config, EntrySink downstream, AgentMetrics metrics, Clock clock,
            Pause pause) {
        this.bucket = new TokenBucket(config.rate(), config.burst(), nanos(clock.instant()));
        this.drop = config.drop();
        this.downstream = downstream;
        this.dropped = metrics.pipelineDropped.labels(DROP_REASON);
        this.clock = clock;
        this.pause = pause == null ? nanos -> closed.await(nanos, TimeUnit.NANOSECONDS) : pause;
    }

    /** {@code downstream} itself when the limit is off, so that it costs nothing; else the limit in front of it. */
    public static EntrySink wrap(LimitsConfig.ReadlineRate config, EntrySink downstream, AgentMetrics metrics,
            Clock clock) {
        return wrap(config, downstream, metrics, clock, null);
    }

    /** As {@link #wrap(LimitsConfig.ReadlineRate, EntrySink, AgentMetrics, Clock)}, waiting through {@code pause}. */
    public static EntrySink wrap(LimitsConfig.ReadlineRate config, EntrySink downstream, AgentMetrics metrics,
            Clock clock, Pause pause) {
        return config.enabled() ? new ReadlineLimit(config, downstream, metrics, clock, pause) : downstream;
    }

    @Override
    public void accept(LogEntry entry) throws InterruptedException {
        long now = nanos(clock.instant());
        if (drop) {
            if (!bucket.tryTake(now)) {
                dropped.inc();
                entry.delivery().complete();
                return;
            }
        } else if (closed.getCount() > 0) {
            long wait = bucket.reserve(now);
            // NEVER: Go's Wait fails (a burst below 1, a spent burst at rate 0) and Promtail sends the line anyway.
            if (wait > 0) {
                pause.pause(wait);
            }
        }
        downstream.accept(entry);
    }

    /** Ends every wait now and lets later lines pass without one; drops go on. */
    @Override
    public void close() {
        closed.countDown();
    }

    private static long nanos(Instant t) {
        return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
    }
}
