package io.sleipnir.golang;


/**
 * The fast path of Go's {@code time.Parse(time.RFC3339Nano, ...)} (as {@link GoTimeLayout} does it): the canonical
 * form {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|+hh:mm|-hh:mm)} read straight from a String region to Unix
 * nanoseconds without allocating. Whatever it does not take (a comma before the fraction, an offset of 24 hours
 * or 60 minutes, which Go accepts, and every invalid text) goes to the general parser, so the answer is always
 * the general parser's; {@code Rfc3339PropertyTest} proves the fast path equal to it on generated inputs.
 * Only times whose Unix nanoseconds fit a long are accepted ({@link UnixNanos}); Go takes years 0000 to 9999
 * (a documented difference).
 */
public final class Rfc3339 {
    /** Returned for text that is not an RFC 3339 timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    private static final GoTimeLayout GENERAL = GoTimeLayout.compile("RFC3339Nano");

    private Rfc3339() {
    }

    public static long parseNanos(CharSequence s) {
        return parseNanos(s, 0, s.length());
    }

    /** Parses {@code s[from, to)}; returns {@link #INVALID} when it is not a timestamp. */
    public static long parseNanos(CharSequence s, int from, int to) {
        long fast = fast(s, from, to);
        return fast != INVALID ? fast : GENERAL.parseGeneral(s.subSequence(from, to));
    }

    /** The canonical form only; {@link #INVALID} for everything else, which the general parser then decides. */
    static long fast(CharSequence s, int from, int to) {
        // yyyy-MM-ddTHH:mm:ss is 19 characters, then a zone of at least one.
        if (to - from < 20) {
            return INVALID;
        }
        int year = digits4(s, from);
        int month = digits2(s, from + 5);
        int day = digits2(s, from + 8);
        int hour = digits2(s, from + 11);
        int minute = digits2(s, from + 14);
        int second = digits2(s, from + 17);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59
                || second > 59 || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-'
                || s.charAt(from + 10) != 'T' || s.charAt(from + 13) != ':' || s.charAt(from + 16) != ':'
                || day > CivilDate.daysInMonth(year, month)) {
            return INVALID;
        }
        int i = from + 19;
        long nanos = 0;
        if (s.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < to && isDigit(s.charAt(i))) {
                if (i - start < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0) {
                return INVALID;
            }
            if (count < 9) {
                nanos *= POW10[9 - count];
            }
        }
        if (i >= to) {
            return INVALID;
        }
        long offsetSeconds;
        char zone = s.charAt(i);
        if (zone == 'Z') {
            if (i + 1 != to) {
                return INVALID;
            }
            offsetSeconds = 0;
        } else if (zone == '+' || zone == '-') {
            if (i + 6 != to || s.charAt(i + 3) != ':') {
                return INVALID;
            }
            int oh = digits2(s, i + 1);
            int om = digits2(s, i + 4);
            if (oh > 23 || om > 59) {
                return INVALID;
            }
            offsetSeconds = (oh * 3600L + om * 60L) * (zone == '+' ? 1 : -1);
        } else {
            return INVALID;
        }
        long epochSeconds = CivilDate.daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second
                - offsetSeconds;
        return UnixNanos.of(epochSeconds, nanos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Two digits as an int, or a large number (rejected by every range check) when they are not digits. */
    private static int digits2(CharSequence s, int at) {
        char a = s.charAt(at);
        char b = s.charAt(at + 1);
        if (!isDigit(a) || !isDigit(b)) {
            return 10_000;
        }
        return (a - '0') * 10 + (b - '0');
    }

    private static int digits4(CharSequence s, int at) {
        int hi = digits2(s, at);
        int lo = digits2(s, at + 2);
        return hi >= 100 || lo >= 100 ? -1 : hi * 100 + lo;
    }
}
