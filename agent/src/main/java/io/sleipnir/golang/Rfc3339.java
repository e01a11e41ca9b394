package io.sleipnir.golang;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of Go's {@code time.Parse(time.RFC3339Nano, ...)} (as {@link GoTimeLayout} does it): the canonical
 * form {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|+hh:mm|-hh:mm)} read straight from a String region to Unix
 * nanoseconds without allocating. Whatever it does not take (a comma before the fraction, an offset of 24 hours
 * or 60 minutes, which Go accepts, and every invalid text) goes to the general parser, so the answer is always
 * the general parser's; {@code Rfc3339PropertyTest} proves the fast path equal to it on generated inputs.
 * Only times whose Unix nanoseconds fit a long are accepted ({@link UnixNanos}); Go takes years 0000 to 9999
 * (a documented difference).
 *
 * <p>The same fast path reads bytes ({@link #parseNanos(byte[], int, int)}), for a line held as its bytes: the
 * {@code cri} stage's time on every tailed line. It is the String path index for index with each byte read as its
 * Latin-1 character, and a direct array read rather than {@link CharSequence#charAt} through an interface (which
 * the image's C1 compiler does not inline: 40 such calls a line were 8% of the reader thread).
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
        if (s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-' || s.charAt(from + 10) != 'T'
                || s.charAt(from + 13) != ':' || s.charAt(from + 16) != ':') {
            return INVALID;
        }
        long localSeconds = localSeconds(year, month, day, hour, minute, second);
        if (localSeconds == INVALID) {
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
        return UnixNanos.of(localSeconds - offsetSeconds, nanos);
    }

    /**
     * Parses the bytes {@code b[from, to)}, each read as its Latin-1 character (ASCII is itself); returns
     * {@link #INVALID} when they are not a timestamp. The same answer as {@link #parseNanos(CharSequence, int, int)}
     * on those characters.
     */
    public static long parseNanos(byte[] b, int from, int to) {
        return parseNanos(b, from, to, null);
    }

    /**
     * As {@link #parseNanos(byte[], int, int)}, for a caller that parses many timestamps in a row: when the date and
     * time of day (the first 19 bytes) are those of the last one {@code recent} saw, the calendar is skipped. The
     * answer is the same.
     */
    public static long parseNanos(byte[] b, int from, int to, Recent recent) {
        long fast = fast(b, from, to, recent);
        return fast != INVALID ? fast
                : GENERAL.parseGeneral(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /**
     * The date and time of day, to the second, of the last timestamp whose first 19 bytes were a valid date and time
     * (the rest may not have been: those 19 bytes alone decide what it remembers): lines written within one
     * second (most of a busy file's) share them, and comparing 19 bytes is cheaper than the calendar (a tenth of the
     * {@code cri} stage). Not thread-safe: one per caller (a stage, under its pipeline's lock).
     */
    public static final class Recent {
        private boolean known;
        private long bytes0to7;
        private long bytes8to15;
        private int bytes16to18;
        /** Those 19 bytes as Unix seconds before the zone's offset is taken off. */
        private long localSeconds;

        boolean isAt(byte[] b, int from) {
            return known && (long) LONGS.get(b, from) == bytes0to7 && (long) LONGS.get(b, from + 8) == bytes8to15
                    && last3(b, from + 16) == bytes16to18;
        }

        void remember(byte[] b, int from, long seconds) {
            bytes0to7 = (long) LONGS.get(b, from);
            bytes8to15 = (long) LONGS.get(b, from + 8);
            bytes16to18 = last3(b, from + 16);
            localSeconds = seconds;
            known = true;
        }

        private static int last3(byte[] b, int at) {
            return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** {@link #fast(CharSequence, int, int)} on bytes read as Latin-1 characters; line for line the same checks. */
    static long fast(byte[] b, int from, int to) {
        return fast(b, from, to, null);
    }

    private static long fast(byte[] b, int from, int to, Recent recent) {
        if (to - from < 20) {
            return INVALID;
        }
        long localSeconds;
        if (recent != null && recent.isAt(b, from)) {
            localSeconds = recent.localSeconds;
        } else {
            int year = digits4(b, from);
            int month = digits2(b, from + 5);
            int day = digits2(b, from + 8);
            int hour = digits2(b, from + 11);
            int minute = digits2(b, from + 14);
            int second = digits2(b, from + 17);
            if (b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T' || b[from + 13] != ':'
                    || b[from + 16] != ':') {
                return INVALID;
            }
            localSeconds = localSeconds(year, month, day, hour, minute, second);
            if (localSeconds == INVALID) {
                return INVALID;
            }
            if (recent != null) {
                recent.remember(b, from, localSeconds);
            }
        }
        int i = from + 19;
        long nanos = 0;
        if (b[i] == '.') {
            i++;
            int start = i;
            while (i < to && isDigit(b[i])) {
                if (i - start < 9) {
                    nanos = nanos * 10 + (b[i] - '0');
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
        byte zone = b[i];
        if (zone == 'Z') {
            if (i + 1 != to) {
                return INVALID;
            }
            offsetSeconds = 0;
        } else if (zone == '+' || zone == '-') {
            if (i + 6 != to || b[i + 3] != ':') {
                return INVALID;
            }
            int oh = digits2(b, i + 1);
            int om = digits2(b, i + 4);
            if (oh > 23 || om > 59) {
                return INVALID;
            }
            offsetSeconds = (oh * 3600L + om * 60L) * (zone == '+' ? 1 : -1);
        } else {
            return INVALID;
        }
        return UnixNanos.of(localSeconds - offsetSeconds, nanos);
    }

    /**
     * The date and time of day as Unix seconds before a zone's offset is taken off, or {@link #INVALID} when a field
     * is out of range (digits2 and digits4 give out-of-range values for what is not digits). Both paths, text and
     * bytes, read their fields their own way (C1 inlines neither through the other) and check them here.
     */
    private static long localSeconds(int year, int month, int day, int hour, int minute, int second) {
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59
                || day > CivilDate.daysInMonth(year, month)) {
            return INVALID;
        }
        return CivilDate.daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int digits2(byte[] b, int at) {
        int a = b[at] - '0';
        int c = b[at + 1] - '0';
        if (a < 0 || a > 9 || c < 0 || c > 9) {
            return 10_000;
        }
        return a * 10 + c;
    }

    private static int digits4(byte[] b, int at) {
        int hi = digits2(b, at);
        int lo = digits2(b, at + 2);
        return hi >= 100 || lo >= 100 ? -1 : hi * 100 + lo;
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
