package io.sleipnir.golang;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A Go {@code time.Time} as a template value (sprig's {@code now}, {@code toDate}, {@code dateModify}): an instant,
 * its location, and, for a time that came from {@code now}, Go's monotonic clock reading, which {@code Time.String()}
 * prints as {@code m=+0.001000000} and which, as in Go, {@link #in} drops and {@link #plusNanos} keeps.
 *
 * @param monotonicNanos nanoseconds since the template engine's clock origin, or null when there is none
 */
record GoTime(Instant instant, ZoneId zone, Long monotonicNanos) {
    /** Go's zero Time, {@code 0001-01-01 00:00:00 +0000 UTC}: what sprig's {@code toDate} gives for a bad text. */
    static final GoTime ZERO = new GoTime(Instant.parse("0001-01-01T00:00:00Z"), ZoneOffset.UTC, null);

    GoTime in(ZoneId location) {
        return new GoTime(instant, location, null);
    }

    GoTime plusNanos(long nanos) {
        return new GoTime(instant.plusNanos(nanos), zone, monotonicNanos == null ? null : monotonicNanos + nanos);
    }

    /** Go's {@code Time.Unix()}: whole seconds, rounded down. */
    long unixSeconds() {
        return instant.getEpochSecond();
    }

    String format(String layout) {
        return GoTimeFormat.format(layout, instant.getEpochSecond(), instant.getNano(),
                zone.getRules().getOffset(instant).getTotalSeconds(), GoZones.abbreviation(zone, instant));
    }

    /** Go's {@code Time.String()}: {@code 2006-01-02 15:04:05.999999999 -0700 MST}, then the monotonic reading. */
    @Override
    public String toString() {
        String text = format(GoTimeFormat.STRING_LAYOUT);
        if (monotonicNanos == null) {
            return text;
        }
        long m = monotonicNanos;
        StringBuilder b = new StringBuilder(text).append(" m=").append(m < 0 ? '-' : '+');
        long abs = Math.abs(m);
        GoTimeFormat.appendInt(b, abs / 1_000_000_000L, 0).append('.');
        return GoTimeFormat.appendInt(b, abs % 1_000_000_000L, 9).toString();
    }
}
