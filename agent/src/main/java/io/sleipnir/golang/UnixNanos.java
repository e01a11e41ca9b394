package io.sleipnir.golang;

/**
 * An entry's timestamp is a long of Unix nanoseconds: 1677-09-21T00:12:43.145224192Z to
 * 2262-04-11T23:47:16.854775807Z. Go's {@code time.Time} reaches years 0000 to 9999; a parsed time outside this
 * range has no entry timestamp here and counts as a parse failure ({@code Long.MIN_VALUE} stays the marker).
 */
public final class UnixNanos {
    /** The "no timestamp" marker of the parsers; not a valid timestamp itself. */
    public static final long INVALID = Long.MIN_VALUE;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MIN_SECONDS = Math.floorDiv(Long.MIN_VALUE + 1, NANOS_PER_SECOND);
    private static final long MAX_SECONDS = Math.floorDiv(Long.MAX_VALUE, NANOS_PER_SECOND);

    private UnixNanos() {
    }

    /** Unix seconds plus {@code 0 <= nanos < 1e9} as nanoseconds, or {@link #INVALID} when it does not fit. */
    public static long of(long epochSeconds, long nanos) {
        if (epochSeconds < MIN_SECONDS || epochSeconds > MAX_SECONDS) {
            return INVALID;
        }
        if (epochSeconds == MAX_SECONDS && nanos > Long.MAX_VALUE - MAX_SECONDS * NANOS_PER_SECOND) {
            return INVALID;
        }
        if (epochSeconds == MIN_SECONDS && nanos < Long.MIN_VALUE + 1 - MIN_SECONDS * NANOS_PER_SECOND) {
            return INVALID;
        }
        return epochSeconds * NANOS_PER_SECOND + nanos;
    }
}
