package io.sleipnir.golang;

import static io.sleipnir.golang.LayoutChunks.DAY;
import static io.sleipnir.golang.LayoutChunks.FRAC0;
import static io.sleipnir.golang.LayoutChunks.FRAC9;
import static io.sleipnir.golang.LayoutChunks.HOUR;
import static io.sleipnir.golang.LayoutChunks.HOUR12;
import static io.sleipnir.golang.LayoutChunks.ISO_COLON_SECONDS_TZ;
import static io.sleipnir.golang.LayoutChunks.ISO_TZ;
import static io.sleipnir.golang.LayoutChunks.LITERAL;
import static io.sleipnir.golang.LayoutChunks.LONG_DAYS;
import static io.sleipnir.golang.LayoutChunks.LONG_MONTH;
import static io.sleipnir.golang.LayoutChunks.LONG_MONTHS;
import static io.sleipnir.golang.LayoutChunks.LONG_WEEKDAY;
import static io.sleipnir.golang.LayoutChunks.LONG_YEAR;
import static io.sleipnir.golang.LayoutChunks.MINUTE;
import static io.sleipnir.golang.LayoutChunks.MONTH;
import static io.sleipnir.golang.LayoutChunks.NUM_MONTH;
import static io.sleipnir.golang.LayoutChunks.PM_LOWER;
import static io.sleipnir.golang.LayoutChunks.PM_UPPER;
import static io.sleipnir.golang.LayoutChunks.SECOND;
import static io.sleipnir.golang.LayoutChunks.SHORT_DAYS;
import static io.sleipnir.golang.LayoutChunks.SHORT_MONTHS;
import static io.sleipnir.golang.LayoutChunks.TZ;
import static io.sleipnir.golang.LayoutChunks.UNDER_DAY;
import static io.sleipnir.golang.LayoutChunks.UNDER_YEAR_DAY;
import static io.sleipnir.golang.LayoutChunks.WEEKDAY;
import static io.sleipnir.golang.LayoutChunks.YEAR;
import static io.sleipnir.golang.LayoutChunks.ZERO_DAY;
import static io.sleipnir.golang.LayoutChunks.ZERO_HOUR12;
import static io.sleipnir.golang.LayoutChunks.ZERO_MINUTE;
import static io.sleipnir.golang.LayoutChunks.ZERO_MONTH;
import static io.sleipnir.golang.LayoutChunks.ZERO_SECOND;
import static io.sleipnir.golang.LayoutChunks.ZERO_YEAR_DAY;
import static io.sleipnir.golang.LayoutChunks.isDigit;
import static io.sleipnir.golang.LayoutReaders.fromYearDay;
import static io.sleipnir.golang.LayoutReaders.getnum;
import static io.sleipnir.golang.LayoutReaders.getnum3;
import static io.sleipnir.golang.LayoutReaders.isPoint;
import static io.sleipnir.golang.LayoutReaders.lookup;
import static io.sleipnir.golang.LayoutReaders.nanos;
import static io.sleipnir.golang.LayoutReaders.skip;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * One run of Go's {@code time.parse} over a text: each layout element reads its field (the same recognition,
 * widths and range checks as Go), then {@link #resolve} applies AM/PM, the day of the year, Promtail's year rule
 * and the zone. One small object per parse; every field is a primitive.
 */
final class LayoutParse {
    private final CharSequence s;
    private final int n;
    private int p;
    private int year;
    private int month = -1;
    private int day = -1;
    private int yday = -1;
    private int hour;
    private int min;
    private int sec;
    private long nsec;
    private boolean pm;
    private boolean am;
    private boolean utc;
    private int zoneOffset = Integer.MIN_VALUE;
    private int zoneStart = -1;
    private int zoneEnd = -1;

    LayoutParse(CharSequence s) {
        this.s = s;
        this.n = s.length();
    }

    /** Reads one element at the current position; false when the text does not match it. */
    boolean element(int kind, String literal, int width, boolean fractionFollows) {
        return switch (kind) {
            case LITERAL -> (p = skip(s, p, literal)) >= 0;
            case YEAR -> twoDigitYear();
            case LONG_YEAR -> fourDigitYear();
            case MONTH, LONG_MONTH -> monthName(kind == MONTH ? SHORT_MONTHS : LONG_MONTHS);
            case NUM_MONTH, ZERO_MONTH -> (month = number(kind == ZERO_MONTH, 1, 12)) >= 0;
            case WEEKDAY, LONG_WEEKDAY -> weekday(kind == WEEKDAY ? SHORT_DAYS : LONG_DAYS);
            case DAY, UNDER_DAY, ZERO_DAY -> dayOfMonth(kind);
            case UNDER_YEAR_DAY, ZERO_YEAR_DAY -> dayOfYear(kind);
            case HOUR -> (hour = number(false, 0, 23)) >= 0;
            case HOUR12, ZERO_HOUR12 -> (hour = number(kind == ZERO_HOUR12, 0, 12)) >= 0;
            case MINUTE, ZERO_MINUTE -> (min = number(kind == ZERO_MINUTE, 0, 59)) >= 0;
            case SECOND, ZERO_SECOND -> second(kind == ZERO_SECOND, fractionFollows);
            case PM_UPPER, PM_LOWER -> amPm(kind == PM_UPPER);
            case FRAC0 -> fixedFraction(width);
            case FRAC9 -> optionalFraction();
            case TZ -> zoneName();
            default -> numericZone(kind);
        };
    }

    private boolean twoDigitYear() {
        if (p + 2 > n || !isDigit(s.charAt(p)) || !isDigit(s.charAt(p + 1))) {
            return false;
        }
        year = (s.charAt(p) - '0') * 10 + (s.charAt(p + 1) - '0');
        year += year >= 69 ? 1900 : 2000;
        p += 2;
        return true;
    }

    private boolean fourDigitYear() {
        if (p + 4 > n) {
            return false;
        }
        year = 0;
        for (int k = 0; k < 4; k++) {
            char c = s.charAt(p + k);
            if (!isDigit(c)) {
                return false;
            }
            year = year * 10 + (c - '0');
        }
        p += 4;
        return true;
    }

    private boolean monthName(String[] names) {
        int found = lookup(names, s, p);
        if (found < 0) {
            return false;
        }
        month = found + 1;
        p += names[found].length();
        return true;
    }

    private boolean weekday(String[] names) {
        int found = lookup(names, s, p);
        if (found >= 0) {
            p += names[found].length();
        }
        return found >= 0;
    }

    /** Go's getnum with a range check: the value, or -1. */
    private int number(boolean fixed, int low, int high) {
        int v = getnum(s, p, fixed);
        if (v < 0 || (v & 0xFFFF) < low || (v & 0xFFFF) > high) {
            return -1;
        }
        p += v >>> 16;
        return v & 0xFFFF;
    }

    private boolean dayOfMonth(int kind) {
        if (kind == UNDER_DAY && p < n && s.charAt(p) == ' ') {
            p++;
        }
        int v = getnum(s, p, kind == ZERO_DAY);
        if (v < 0) {
            return false;
        }
        day = v & 0xFFFF;
        p += v >>> 16;
        return true;
    }

    private boolean dayOfYear(int kind) {
        for (int k = 0; k < 2; k++) {
            if (kind == UNDER_YEAR_DAY && p < n && s.charAt(p) == ' ') {
                p++;
            }
        }
        int v = getnum3(s, p, kind == ZERO_YEAR_DAY);
        if (v < 0) {
            return false;
        }
        yday = v & 0xFFFF;
        p += v >>> 16;
        return true;
    }

    private boolean second(boolean fixed, boolean fractionFollows) {
        sec = number(fixed, 0, 59);
        if (sec < 0) {
            return false;
        }
        // A fraction right after the seconds is accepted even when the layout has none.
        if (p + 1 < n && isPoint(s.charAt(p)) && isDigit(s.charAt(p + 1)) && !fractionFollows) {
            int end = digitsEnd(p + 1);
            nsec = nanos(s, p, end);
            p = end;
        }
        return true;
    }

    private boolean amPm(boolean upper) {
        if (p + 2 > n || s.charAt(p + 1) != (upper ? 'M' : 'm')) {
            return false;
        }
        char a = s.charAt(p);
        if (a == (upper ? 'P' : 'p')) {
            pm = true;
        } else if (a == (upper ? 'A' : 'a')) {
            am = true;
        } else {
            return false;
        }
        p += 2;
        return true;
    }

    private boolean fixedFraction(int digits) {
        if (p + 1 + digits > n || !isPoint(s.charAt(p))) {
            return false;
        }
        for (int k = p + 1; k < p + 1 + digits; k++) {
            if (!isDigit(s.charAt(k))) {
                return false;
            }
        }
        nsec = nanos(s, p, p + 1 + digits);
        p += 1 + digits;
        return true;
    }

    private boolean optionalFraction() {
        if (p + 1 < n && isPoint(s.charAt(p)) && isDigit(s.charAt(p + 1))) {
            int end = digitsEnd(p + 1);
            nsec = nanos(s, p, end);
            p = end;
        }
        return true;
    }

    private int digitsEnd(int from) {
        int end = from;
        while (end < n && isDigit(s.charAt(end))) {
            end++;
        }
        return end;
    }

    private boolean zoneName() {
        if (p + 3 <= n && s.charAt(p) == 'U' && s.charAt(p + 1) == 'T' && s.charAt(p + 2) == 'C') {
            utc = true;
            p += 3;
            return true;
        }
        int len = GoZones.timeZoneLength(s, p);
        if (len <= 0) {
            return false;
        }
        zoneStart = p;
        zoneEnd = p + len;
        p += len;
        return true;
    }

    private boolean numericZone(int kind) {
        if (kind >= ISO_TZ && kind <= ISO_COLON_SECONDS_TZ && p < n && s.charAt(p) == 'Z') {
            utc = true;
            p++;
            return true;
        }
        int offset = GoZones.numericZone(s, p, kind);
        if (offset == Integer.MIN_VALUE) {
            return false;
        }
        zoneOffset = offset;
        p += GoZones.zoneWidth(kind);
        return true;
    }

    /** After every element: the Unix nanoseconds, or {@link UnixNanos#INVALID}. */
    long resolve(ZoneId location, Clock clock, boolean hasYear) {
        if (p != n) {
            return UnixNanos.INVALID; // extra text
        }
        if (pm && hour < 12) {
            hour += 12;
        } else if (am && hour == 12) {
            hour = 0;
        }
        if (!resolveDate() || (!hasYear && !yearFromClock(clock))) {
            return UnixNanos.INVALID;
        }
        long localSeconds = CivilDate.daysFromCivil(year, month, day) * 86_400L + hour * 3600L + min * 60L + sec;
        // Only times whose Unix nanoseconds fit a long (1677-09-21 to 2262-04-11) can be an entry's timestamp.
        return UnixNanos.of(localSeconds - offsetSeconds(location, localSeconds), nsec);
    }

    private boolean resolveDate() {
        if (yday >= 0) {
            int[] md = fromYearDay(year, yday);
            if (md == null || (month >= 0 && month != md[0]) || (day >= 0 && day != md[1])) {
                return false;
            }
            month = md[0];
            day = md[1];
        } else {
            month = month < 0 ? 1 : month;
            day = day < 0 ? 1 : day;
        }
        return day >= 1 && day <= CivilDate.daysInMonth(year, month);
    }

    /** Promtail: a layout without a year takes the clock's, moved by one across New Year. */
    private boolean yearFromClock(Clock clock) {
        if (year != 0) {
            return false; // Promtail: "timestamp is expected to not contain the year"
        }
        ZonedDateTime now = ZonedDateTime.now(clock);
        int nowMonth = now.getMonthValue();
        year = now.getYear();
        if (month == 12 && nowMonth == 1) {
            year--;
        } else if (month == 1 && nowMonth == 12) {
            year++;
        }
        return true;
    }

    private long offsetSeconds(ZoneId location, long localSeconds) {
        if (utc) {
            return 0;
        }
        if (zoneOffset != Integer.MIN_VALUE) {
            return zoneOffset;
        }
        if (zoneStart >= 0) {
            return GoZones.abbreviationOffset(s, zoneStart, zoneEnd, location, localSeconds);
        }
        if (location == null || location == ZoneOffset.UTC) {
            return 0;
        }
        if (location instanceof ZoneOffset fixed) {
            return fixed.getTotalSeconds();
        }
        return GoZones.goDateOffset(location, localSeconds);
    }
}
