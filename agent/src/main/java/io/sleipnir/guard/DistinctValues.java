package io.sleipnir.guard;

import java.util.HashSet;
import java.util.Set;
import org.apache.datasketches.hll.HllSketch;

/**
 * The distinct values one label of one job took within a sliding window, and whether a value may still pass.
 *
 * <p>The window is kept as two halves: values seen in the current half and in the one before count; every half
 * window the older half is forgotten. So a value counts for between half a window and a whole one after it was
 * last seen.
 *
 * <p>Up to {@link #EXACT_VALUES} values per half are held exactly: a limit at or below that is exact, and a value
 * already admitted keeps passing. Above it, the count is a HyperLogLog estimate (Apache DataSketches, 2^12
 * registers, about 1.6% standard error) in a few KiB whatever the number of values: admitted values beyond the
 * exact ones are not remembered one by one, so once the estimate reaches the limit only the exact ones (the first
 * {@value #EXACT_VALUES} of the half window) keep passing. Memory per label is bounded either way.
 *
 * <p>Not thread safe: its job's pipeline lock serialises callers.
 */
final class DistinctValues {
    static final int EXACT_VALUES = 1024;
    private static final int LG_K = 12;

    private final long limit;
    private final long halfWindowNanos;
    private final boolean sketched;
    /** Values admitted in this half, and in this half and the one before (what counts). */
    private Set<String> current = new HashSet<>();
    private Set<String> window = new HashSet<>();
    private HllSketch currentSketch;
    private HllSketch windowSketch;
    private long halfEndsNanos;

    DistinctValues(long limit, long windowNanos, long nowNanos) {
        this.limit = limit;
        this.halfWindowNanos = Math.max(1, windowNanos / 2);
        this.sketched = limit > EXACT_VALUES;
        this.halfEndsNanos = nowNanos + halfWindowNanos;
        if (sketched) {
            currentSketch = new HllSketch(LG_K);
            windowSketch = new HllSketch(LG_K);
        }
    }

    /** Whether {@code value} may pass at {@code nowNanos}; if so it is counted as seen. */
    boolean admit(String value, long nowNanos) {
        roll(nowNanos);
        if (window.contains(value)) {
            if (current.size() < EXACT_VALUES) {
                current.add(value); // seen again: it stays known into the next half
            }
            return true;
        }
        if (count() >= limit) {
            return false;
        }
        if (current.size() < EXACT_VALUES) {
            current.add(value);
            window.add(value);
        }
        if (sketched) {
            currentSketch.update(value);
            windowSketch.update(value);
        }
        return true;
    }

    /** Distinct values in the window: exact up to the exact bound, an estimate above. */
    long count() {
        if (!sketched) {
            return window.size();
        }
        return Math.max(window.size(), Math.round(windowSketch.getEstimate()));
    }

    private void roll(long nowNanos) {
        if (nowNanos < halfEndsNanos) {
            return;
        }
        boolean skippedAHalf = nowNanos - halfEndsNanos >= halfWindowNanos;
        Set<String> previous = skippedAHalf ? new HashSet<>() : current;
        current = new HashSet<>();
        window = new HashSet<>(previous);
        if (sketched) {
            HllSketch previousSketch = skippedAHalf ? new HllSketch(LG_K) : currentSketch;
            currentSketch = new HllSketch(LG_K);
            windowSketch = previousSketch.copy();
        }
        halfEndsNanos = nowNanos + halfWindowNanos;
    }
}
