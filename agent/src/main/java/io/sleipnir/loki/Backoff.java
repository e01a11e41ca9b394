package io.sleipnir.loki;

import io.sleipnir.config.BackoffConfig;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits d/2 + random[0, d/2] where
 * d = min(min_period * 2^(n-1), max_period). Equal rather than full jitter so a retry never comes sooner than
 * half the nominal delay (a struggling Loki is not hammered by near-zero waits), while clients still spread out.
 * A server's Retry-After is a floor. After max_retries the delay stays at max_period: the client never gives up
 * (no-loss invariant), it only logs.
 */
public final class Backoff {
    private final long minNanos;
    private final long maxNanos;
    private final int maxRetries;
    private final RandomGenerator random;

    public Backoff(BackoffConfig config, RandomGenerator random) {
        this.minNanos = Math.max(1, config.minPeriod().toNanos());
        this.maxNanos = Math.max(minNanos, config.maxPeriod().toNanos());
        this.maxRetries = config.maxRetries();
        this.random = random;
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration delay(int retry, Duration retryAfter) {
        long nominal;
        if (retry > maxRetries && maxRetries > 0) {
            nominal = maxNanos;
        } else {
            int shift = Math.min(Math.max(retry - 1, 0), 62);
            long doubled = minNanos << shift;
            nominal = (doubled >>> shift) != minNanos || doubled <= 0 ? maxNanos : Math.min(doubled, maxNanos);
        }
        long half = nominal / 2;
        long jittered = nominal - half + (half > 0 ? random.nextLong(half + 1) : 0);
        long floor = retryAfter == null ? 0 : retryAfter.toNanos();
        return Duration.ofNanos(Math.max(jittered, floor));
    }

    /** True once {@code retry} is past max_retries, when Promtail would have dropped the batch. */
    public boolean exhausted(int retry) {
        return retry > maxRetries;
    }
}
