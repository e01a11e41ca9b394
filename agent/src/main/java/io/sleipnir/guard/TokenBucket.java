package io.sleipnir.guard;

/**
 * Go's {@code golang.org/x/time/rate.Limiter} for one token at a time, which Promtail's readline limit is: it starts
 * full with {@code burst} tokens and refills {@code rate} tokens per second up to {@code burst}. {@link #tryTake} is
 * {@code Allow}; {@link #reserve} is the reservation behind {@code Wait}: the token is taken at once (the count may go
 * below zero, so concurrent waiters queue in the order they reserved) and the caller waits the returned time
 * outside any lock. Go's edge cases are kept: an infinite rate allows everything; a rate of 0 (or below) only
 * spends the initial burst, never refilled; a burst below 1 allows nothing, and {@code Wait} fails for it.
 * Times are nanoseconds from any fixed origin (an injected clock). Thread-safe; callers hold the monitor only for
 * the arithmetic.
 */
final class TokenBucket {
    /** {@link #reserve}'s answer when the token can never come (Go's Wait returns an error). */
    static final long NEVER = -1;

    private final double ratePerSecond;
    private final int burst;
    private double tokens;
    private long last;
    private int unrefilledBurst; // rate <= 0: what is left of the initial burst

    TokenBucket(double ratePerSecond, int burst, long nowNanos) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = Math.max(0, burst);
        this.last = nowNanos;
        this.unrefilledBurst = Math.max(0, burst);
    }

    /** Takes a token if one is there now. */
    synchronized boolean tryTake(long nowNanos) {
        if (ratePerSecond == Double.POSITIVE_INFINITY) {
            return true;
        }
        if (ratePerSecond <= 0) {
            return takeUnrefilled();
        }
        advance(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Takes a token, now or in the future: the nanoseconds to wait before using it, or {@link #NEVER}. */
    synchronized long reserve(long nowNanos) {
        if (ratePerSecond == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (burst < 1) {
            return NEVER;
        }
        if (ratePerSecond <= 0) {
            return takeUnrefilled() ? 0 : NEVER;
        }
        advance(nowNanos);
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerSecond * 1e9);
    }

    private boolean takeUnrefilled() {
        if (unrefilledBurst >= 1) {
            unrefilledBurst--;
            return true;
        }
        return false;
    }

    private void advance(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - last);
        last = Math.max(last, nowNanos);
        tokens = Math.min(burst, tokens + elapsed / 1e9 * ratePerSecond);
    }
}
