package io.sleipnir.golang;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Go reference-time layout ({@code 2006-01-02T15:04:05.999999999Z07:00}, {@code Jan _2 15:04:05}, ...) or one of
 * the names Promtail's timestamp stage accepts (ANSIC ... RFC3339Nano, Unix, UnixMs, UnixUs, UnixNs), compiled once
 * into a list of elements and then parsed straight from the text to Unix nanoseconds without allocating.
 *
 * <p>Parsing follows Go's {@code time.Parse}: the same element recognition ({@code nextStdChunk}), one- or
 * two-digit numbers where Go allows them, a space in the layout matching a run of spaces, a fraction after the
 * seconds accepted even when the layout has none, and the same range checks. Zone abbreviations ({@code MST}): as
 * Go, {@code UTC} and {@code GMT+h} are understood, an abbreviation that {@code location} uses at that time takes
 * the location's offset, and any other is read as offset 0 (Go invents a zone of offset 0 for it).
 *
 * <p>Promtail's rules on top: the named layouts ignore {@code location}; a layout that contains neither
 * {@code 2006} nor {@code 06} has no year, and the year comes from the clock (December lines read in January
 * belong to last year, January lines read in December to next year); {@code Unix} accepts a fraction
 * ({@code 1562708916.414123}).
 */
public final class GoTimeLayout {
    /** Returned for text that does not parse. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final Map<String, String> NAMED = Map.of(
            "ANSIC", "Mon Jan _2 15:04:05 2006",
            "UnixDate", "Mon Jan _2 15:04:05 MST 2006",
            "RubyDate", "Mon Jan 02 15:04:05 -0700 2006",
            "RFC822", "02 Jan 06 15:04 MST",
            "RFC822Z", "02 Jan 06 15:04 -0700",
            "RFC850", "Monday, 02-Jan-06 15:04:05 MST",
            "RFC1123", "Mon, 02 Jan 2006 15:04:05 MST",
            "RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700",
            "RFC3339", "2006-01-02T15:04:05Z07:00",
            "RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00");

    private enum Mode { LAYOUT, UNIX, UNIX_MS, UNIX_US, UNIX_NS }

    // Element kinds (Go's std* constants).
    private static final int LITERAL = 0;
    private static final int LONG_MONTH = 1;
    private static final int MONTH = 2;
    private static final int NUM_MONTH = 3;
    private static final int ZERO_MONTH = 4;
    private static final int LONG_WEEKDAY = 5;
    private static final int WEEKDAY = 6;
    private static final int DAY = 7;
    private static final int UNDER_DAY = 8;
    private static final int ZERO_DAY = 9;
    private static final int UNDER_YEAR_DAY = 10;
    private static final int ZERO_YEAR_DAY = 11;
    private static final int HOUR = 12;
    private static final int HOUR12 = 13;
    private static final int ZERO_HOUR12 = 14;
    private static final int MINUTE = 15;
    private static final int ZERO_MINUTE = 16;
    private static final int SECOND = 17;
    private static final int ZERO_SECOND = 18;
    private static final int LONG_YEAR = 19;
    private static final int YEAR = 20;
    private static final int PM_UPPER = 21;
    private static final int PM_LOWER = 22;
    private static final int TZ = 23;
    private static final int ISO_TZ = 24;
    private static final int ISO_SECONDS_TZ = 25;
    private static final int ISO_SHORT_TZ = 26;
    private static final int ISO_COLON_TZ = 27;
    private static final int ISO_COLON_SECONDS_TZ = 28;
    private static final int NUM_TZ = 29;
    private static final int NUM_SECONDS_TZ = 30;
    private static final int NUM_SHORT_TZ = 31;
    private static final int NUM_COLON_TZ = 32;
    private static final int NUM_COLON_SECONDS_TZ = 33;
    private static final int FRAC0 = 34;
    private static final int FRAC9 = 35;

    private static final String[] SHORT_MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
            "Oct", "Nov", "Dec"};
    private static final String[] LONG_MONTHS = {"January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December"};
    private static final String[] SHORT_DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    private static final String[] LONG_DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday"};
    private static final DateTimeFormatter ZONE_ABBREVIATION = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);

    private final String source;
    private final Mode mode;
    private final boolean named;
    private final boolean hasYear;
    /** RFC3339 or RFC3339Nano (as a name or spelled out): the canonical form takes {@link Rfc3339}'s fast path. */
    private final boolean rfc3339;
    private final int[] kinds;
    /** Literal text for LITERAL elements, the digit count for FRAC0/FRAC9. */
    private final String[] literals;
    private final int[] widths;

    private GoTimeLayout(String source, Mode mode, boolean named, String layout) {
        this.source = source;
        this.mode = mode;
        this.named = named;
        // Promtail's test for a layout without a year.
        this.hasYear = layout == null || layout.contains("06") || layout.contains("2006");
        this.rfc3339 = NAMED.get("RFC3339").equals(layout) || NAMED.get("RFC3339Nano").equals(layout);
        List<int[]> elements = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        if (layout != null) {
            split(layout, elements, texts);
        }
        this.kinds = new int[elements.size()];
        this.widths = new int[elements.size()];
        this.literals = texts.toArray(new String[0]);
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = elements.get(i)[0];
            widths[i] = elements.get(i)[1];
        }
    }

    /** Compiles a layout or a Promtail format name. Every non-empty text is a layout in Go, so only "" fails. */
    public static GoTimeLayout compile(String format) {
        if (format == null || format.isEmpty()) {
            throw new IllegalArgumentException("timestamp format is required");
        }
        return switch (format) {
            case "Unix" -> new GoTimeLayout(format, Mode.UNIX, true, null);
            case "UnixMs" -> new GoTimeLayout(format, Mode.UNIX_MS, true, null);
            case "UnixUs" -> new GoTimeLayout(format, Mode.UNIX_US, true, null);
            case "UnixNs" -> new GoTimeLayout(format, Mode.UNIX_NS, true, null);
            default -> NAMED.containsKey(format) ? new GoTimeLayout(format, Mode.LAYOUT, true, NAMED.get(format))
                    : new GoTimeLayout(format, Mode.LAYOUT, false, format);
        };
    }

    public String source() {
        return source;
    }

    /**
     * Parses {@code text}; returns Unix nanoseconds or {@link #INVALID}. {@code location} (may be null: UTC) is the
     * zone of times without one; {@code clock} gives the year of layouts without one.
     */
    public long parseNanos(CharSequence text, ZoneId location, Clock clock) {
        return switch (mode) {
            case UNIX -> unix(text);
            case UNIX_MS -> scaled(text, 1_000_000L);
            case UNIX_US -> scaled(text, 1_000L);
            case UNIX_NS -> scaled(text, 1L);
            case LAYOUT -> {
                long fast = rfc3339 ? Rfc3339.fast(text, 0, text.length()) : INVALID;
                yield fast != INVALID ? fast : layout(text, named ? null : location, clock);
            }
        };
    }

    /** The general parser alone (no fast path), for a layout that has a year and ignores the location. */
    long parseGeneral(CharSequence text) {
        return layout(text, null, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoTimeLayout other && other.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }

    // ---- layout compilation: Go's nextStdChunk ----

    private static void split(String layout, List<int[]> elements, List<String> texts) {
        int literalStart = 0;
        int i = 0;
        int n = layout.length();
        while (i < n) {
            int[] found = stdAt(layout, i);
            if (found == null) {
                i++;
                continue;
            }
            if (i > literalStart) {
                elements.add(new int[] {LITERAL, 0});
                texts.add(layout.substring(literalStart, i));
            }
            elements.add(new int[] {found[0], found[2]});
            texts.add(found[0] == FRAC0 || found[0] == FRAC9 ? layout.substring(i, i + 1) : null);
            i += found[1];
            literalStart = i;
        }
        if (literalStart < n) {
            elements.add(new int[] {LITERAL, 0});
            texts.add(layout.substring(literalStart));
        }
    }

    /** The element starting at {@code i}: {kind, length in the layout, digits}; null when {@code i} is literal. */
    private static int[] stdAt(String l, int i) {
        char c = l.charAt(i);
        switch (c) {
            case 'J':
                if (l.startsWith("Jan", i)) {
                    if (l.startsWith("January", i)) {
                        return new int[] {LONG_MONTH, 7, 0};
                    }
                    if (!startsWithLower(l, i + 3)) {
                        return new int[] {MONTH, 3, 0};
                    }
                }
                return null;
            case 'M':
                if (l.startsWith("Mon", i)) {
                    if (l.startsWith("Monday", i)) {
                        return new int[] {LONG_WEEKDAY, 6, 0};
                    }
                    if (!startsWithLower(l, i + 3)) {
                        return new int[] {WEEKDAY, 3, 0};
                    }
                }
                if (l.startsWith("MST", i)) {
                    return new int[] {TZ, 3, 0};
                }
                return null;
            case '0':
                if (i + 1 < l.length() && l.charAt(i + 1) >= '1' && l.charAt(i + 1) <= '6') {
                    int kind = switch (l.charAt(i + 1)) {
                        case '1' -> ZERO_MONTH;
                        case '2' -> ZERO_DAY;
                        case '3' -> ZERO_HOUR12;
                        case '4' -> ZERO_MINUTE;
                        case '5' -> ZERO_SECOND;
                        default -> YEAR;
                    };
                    return new int[] {kind, 2, 0};
                }
                if (l.startsWith("002", i)) {
                    return new int[] {ZERO_YEAR_DAY, 3, 0};
                }
                return null;
            case '1':
                if (i + 1 < l.length() && l.charAt(i + 1) == '5') {
                    return new int[] {HOUR, 2, 0};
                }
                return new int[] {NUM_MONTH, 1, 0};
            case '2':
                if (l.startsWith("2006", i)) {
                    return new int[] {LONG_YEAR, 4, 0};
                }
                return new int[] {DAY, 1, 0};
            case '_':
                if (i + 1 < l.length() && l.charAt(i + 1) == '2') {
                    if (l.startsWith("2006", i + 1)) {
                        return null; // "_2006" is a literal "_" then the year
                    }
                    return new int[] {UNDER_DAY, 2, 0};
                }
                if (l.startsWith("__2", i)) {
                    return new int[] {UNDER_YEAR_DAY, 3, 0};
                }
                return null;
            case '3':
                return new int[] {HOUR12, 1, 0};
            case '4':
                return new int[] {MINUTE, 1, 0};
            case '5':
                return new int[] {SECOND, 1, 0};
            case 'P':
                return i + 1 < l.length() && l.charAt(i + 1) == 'M' ? new int[] {PM_UPPER, 2, 0} : null;
            case 'p':
                return i + 1 < l.length() && l.charAt(i + 1) == 'm' ? new int[] {PM_LOWER, 2, 0} : null;
            case '-':
                if (l.startsWith("-070000", i)) {
                    return new int[] {NUM_SECONDS_TZ, 7, 0};
                }
                if (l.startsWith("-07:00:00", i)) {
                    return new int[] {NUM_COLON_SECONDS_TZ, 9, 0};
                }
                if (l.startsWith("-0700", i)) {
                    return new int[] {NUM_TZ, 5, 0};
                }
                if (l.startsWith("-07:00", i)) {
                    return new int[] {NUM_COLON_TZ, 6, 0};
                }
                if (l.startsWith("-07", i)) {
                    return new int[] {NUM_SHORT_TZ, 3, 0};
                }
                return null;
            case 'Z':
                if (l.startsWith("Z070000", i)) {
                    return new int[] {ISO_SECONDS_TZ, 7, 0};
                }
                if (l.startsWith("Z07:00:00", i)) {
                    return new int[] {ISO_COLON_SECONDS_TZ, 9, 0};
                }
                if (l.startsWith("Z0700", i)) {
                    return new int[] {ISO_TZ, 5, 0};
                }
                if (l.startsWith("Z07:00", i)) {
                    return new int[] {ISO_COLON_TZ, 6, 0};
                }
                if (l.startsWith("Z07", i)) {
                    return new int[] {ISO_SHORT_TZ, 3, 0};
                }
                return null;
            case '.':
            case ',':
                if (i + 1 < l.length() && (l.charAt(i + 1) == '0' || l.charAt(i + 1) == '9')) {
                    char ch = l.charAt(i + 1);
                    int j = i + 1;
                    while (j < l.length() && l.charAt(j) == ch) {
                        j++;
                    }
                    if (!(j < l.length() && isDigit(l.charAt(j)))) {
                        return new int[] {ch == '0' ? FRAC0 : FRAC9, j - i, j - i - 1};
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static boolean startsWithLower(String s, int at) {
        return at < s.length() && s.charAt(at) >= 'a' && s.charAt(at) <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // ---- parsing ----

    /** Promtail's Unix: seconds, optionally with one '.' and a fraction scaled as Go's float arithmetic does. */
    private static long unix(CharSequence s) {
        int dot = -1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '.') {
                if (dot >= 0) {
                    return INVALID; // more than one '.': Go's ParseInt fails on the whole text
                }
                dot = i;
            }
        }
        if (dot < 0) {
            long sec = parseLong(s, 0, s.length());
            return sec == INVALID ? INVALID : multiplyExact(sec, 1_000_000_000L, 0);
        }
        long sec = parseLong(s, 0, dot);
        long frac = parseLong(s, dot + 1, s.length());
        if (sec == INVALID || frac == INVALID) {
            return INVALID;
        }
        int digits = s.length() - dot - 1;
        long nanos = (long) ((double) frac * Math.pow(10, 9 - digits));
        return multiplyExact(sec, 1_000_000_000L, nanos);
    }

    private static long scaled(CharSequence s, long factor) {
        long v = parseLong(s, 0, s.length());
        return v == INVALID ? INVALID : v * factor; // Go's int64 arithmetic wraps the same way
    }

    private static long multiplyExact(long a, long b, long plus) {
        try {
            return Math.addExact(Math.multiplyExact(a, b), plus);
        } catch (ArithmeticException e) {
            return INVALID;
        }
    }

    /** Go's strconv.ParseInt(s, 10, 64) on s[from, to); INVALID on error. */
    private static long parseLong(CharSequence s, int from, int to) {
        if (from >= to) {
            return INVALID;
        }
        boolean negative = false;
        char first = s.charAt(from);
        if (first == '+' || first == '-') {
            negative = first == '-';
            from++;
            if (from >= to) {
                return INVALID;
            }
        }
        if (to - from > 19) {
            return INVALID;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return INVALID;
            }
            v = v * 10 + (c - '0');
            if (v < 0) {
                return INVALID;
            }
        }
        return negative ? -v : v;
    }

    private long layout(CharSequence s, ZoneId location, Clock clock) {
        int n = s.length();
        int p = 0;
        int year = 0;
        int month = -1;
        int day = -1;
        int yday = -1;
        int hour = 0;
        int min = 0;
        int sec = 0;
        long nsec = 0;
        boolean pm = false;
        boolean am = false;
        boolean utc = false;
        int zoneOffset = Integer.MIN_VALUE;
        int zoneStart = -1;
        int zoneEnd = -1;
        for (int e = 0; e < kinds.length; e++) {
            int kind = kinds[e];
            switch (kind) {
                case LITERAL -> {
                    p = skip(s, p, literals[e]);
                    if (p < 0) {
                        return INVALID;
                    }
                }
                case YEAR -> {
                    if (p + 2 > n || !isDigit(s.charAt(p)) || !isDigit(s.charAt(p + 1))) {
                        return INVALID;
                    }
                    year = (s.charAt(p) - '0') * 10 + (s.charAt(p + 1) - '0');
                    year += year >= 69 ? 1900 : 2000;
                    p += 2;
                }
                case LONG_YEAR -> {
                    if (p + 4 > n) {
                        return INVALID;
                    }
                    year = 0;
                    for (int k = 0; k < 4; k++) {
                        char c = s.charAt(p + k);
                        if (!isDigit(c)) {
                            return INVALID;
                        }
                        year = year * 10 + (c - '0');
                    }
                    p += 4;
                }
                case MONTH, LONG_MONTH -> {
                    String[] names = kind == MONTH ? SHORT_MONTHS : LONG_MONTHS;
                    int found = lookup(names, s, p);
                    if (found < 0) {
                        return INVALID;
                    }
                    month = found + 1;
                    p += names[found].length();
                }
                case NUM_MONTH, ZERO_MONTH -> {
                    int v = getnum(s, p, kind == ZERO_MONTH);
                    if (v < 0 || (v & 0xFFFF) < 1 || (v & 0xFFFF) > 12) {
                        return INVALID;
                    }
                    month = v & 0xFFFF;
                    p += v >>> 16;
                }
                case WEEKDAY, LONG_WEEKDAY -> {
                    String[] names = kind == WEEKDAY ? SHORT_DAYS : LONG_DAYS;
                    int found = lookup(names, s, p);
                    if (found < 0) {
                        return INVALID;
                    }
                    p += names[found].length();
                }
                case DAY, UNDER_DAY, ZERO_DAY -> {
                    if (kind == UNDER_DAY && p < n && s.charAt(p) == ' ') {
                        p++;
                    }
                    int v = getnum(s, p, kind == ZERO_DAY);
                    if (v < 0) {
                        return INVALID;
                    }
                    day = v & 0xFFFF;
                    p += v >>> 16;
                }
                case UNDER_YEAR_DAY, ZERO_YEAR_DAY -> {
                    for (int k = 0; k < 2; k++) {
                        if (kind == UNDER_YEAR_DAY && p < n && s.charAt(p) == ' ') {
                            p++;
                        }
                    }
                    int v = getnum3(s, p, kind == ZERO_YEAR_DAY);
                    if (v < 0) {
                        return INVALID;
                    }
                    yday = v & 0xFFFF;
                    p += v >>> 16;
                }
                case HOUR, HOUR12, ZERO_HOUR12 -> {
                    int v = getnum(s, p, kind == ZERO_HOUR12);
                    if (v < 0 || (v & 0xFFFF) >= (kind == HOUR ? 24 : 13)) {
                        return INVALID;
                    }
                    hour = v & 0xFFFF;
                    p += v >>> 16;
                }
                case MINUTE, ZERO_MINUTE -> {
                    int v = getnum(s, p, kind == ZERO_MINUTE);
                    if (v < 0 || (v & 0xFFFF) >= 60) {
                        return INVALID;
                    }
                    min = v & 0xFFFF;
                    p += v >>> 16;
                }
                case SECOND, ZERO_SECOND -> {
                    int v = getnum(s, p, kind == ZERO_SECOND);
                    if (v < 0 || (v & 0xFFFF) >= 60) {
                        return INVALID;
                    }
                    sec = v & 0xFFFF;
                    p += v >>> 16;
                    // A fraction right after the seconds is accepted even when the layout has none.
                    if (p + 1 < n && isPoint(s.charAt(p)) && isDigit(s.charAt(p + 1)) && !fractionFollows(e)) {
                        int end = p + 1;
                        while (end < n && isDigit(s.charAt(end))) {
                            end++;
                        }
                        nsec = nanos(s, p, end);
                        p = end;
                    }
                }
                case PM_UPPER, PM_LOWER -> {
                    if (p + 2 > n) {
                        return INVALID;
                    }
                    char a = s.charAt(p);
                    char m = s.charAt(p + 1);
                    char expectedM = kind == PM_UPPER ? 'M' : 'm';
                    if (m != expectedM) {
                        return INVALID;
                    }
                    if (a == (kind == PM_UPPER ? 'P' : 'p')) {
                        pm = true;
                    } else if (a == (kind == PM_UPPER ? 'A' : 'a')) {
                        am = true;
                    } else {
                        return INVALID;
                    }
                    p += 2;
                }
                case FRAC0 -> {
                    int digits = widths[e];
                    if (p + 1 + digits > n || !isPoint(s.charAt(p))) {
                        return INVALID;
                    }
                    for (int k = p + 1; k < p + 1 + digits; k++) {
                        if (!isDigit(s.charAt(k))) {
                            return INVALID;
                        }
                    }
                    nsec = nanos(s, p, p + 1 + digits);
                    p += 1 + digits;
                }
                case FRAC9 -> {
                    if (p + 1 < n && isPoint(s.charAt(p)) && isDigit(s.charAt(p + 1))) {
                        int end = p + 1;
                        while (end < n && isDigit(s.charAt(end))) {
                            end++;
                        }
                        nsec = nanos(s, p, end);
                        p = end;
                    }
                }
                case TZ -> {
                    if (p + 3 <= n && s.charAt(p) == 'U' && s.charAt(p + 1) == 'T' && s.charAt(p + 2) == 'C') {
                        utc = true;
                        p += 3;
                        break;
                    }
                    int len = timeZoneLength(s, p);
                    if (len <= 0) {
                        return INVALID;
                    }
                    zoneStart = p;
                    zoneEnd = p + len;
                    p += len;
                }
                default -> {
                    // numeric zones
                    if (kind >= ISO_TZ && kind <= ISO_COLON_SECONDS_TZ && p < n && s.charAt(p) == 'Z') {
                        utc = true;
                        p++;
                        break;
                    }
                    int offset = numericZone(s, p, kind);
                    if (offset == Integer.MIN_VALUE) {
                        return INVALID;
                    }
                    zoneOffset = offset;
                    p += zoneWidth(kind);
                }
            }
        }
        if (p != n) {
            return INVALID; // extra text
        }
        if (pm && hour < 12) {
            hour += 12;
        } else if (am && hour == 12) {
            hour = 0;
        }
        if (yday >= 0) {
            int[] md = fromYearDay(year, yday);
            if (md == null || (month >= 0 && month != md[0]) || (day >= 0 && day != md[1])) {
                return INVALID;
            }
            month = md[0];
            day = md[1];
        } else {
            if (month < 0) {
                month = 1;
            }
            if (day < 0) {
                day = 1;
            }
        }
        if (day < 1 || day > CivilDate.daysInMonth(year, month)) {
            return INVALID;
        }
        if (!hasYear) {
            if (year != 0) {
                return INVALID; // Promtail: "timestamp is expected to not contain the year"
            }
            ZonedDateTime now = ZonedDateTime.now(clock);
            int nowMonth = now.getMonthValue();
            year = now.getYear();
            if (month == 12 && nowMonth == 1) {
                year--;
            } else if (month == 1 && nowMonth == 12) {
                year++;
            }
        }
        long localSeconds = CivilDate.daysFromCivil(year, month, day) * 86_400L + hour * 3600L + min * 60L + sec;
        long offsetSeconds;
        if (utc) {
            offsetSeconds = 0;
        } else if (zoneOffset != Integer.MIN_VALUE) {
            offsetSeconds = zoneOffset;
        } else if (zoneStart >= 0) {
            offsetSeconds = abbreviationOffset(s, zoneStart, zoneEnd, location, localSeconds);
        } else if (location == null || location == ZoneOffset.UTC) {
            offsetSeconds = 0;
        } else if (location instanceof ZoneOffset fixed) {
            offsetSeconds = fixed.getTotalSeconds();
        } else {
            offsetSeconds = goDateOffset(location, localSeconds);
        }
        long epochSeconds = localSeconds - offsetSeconds;
        // Only times whose Unix nanoseconds fit a long (1677-09-21 to 2262-04-11) can be an entry's timestamp.
        return UnixNanos.of(epochSeconds, nsec);
    }

    /**
     * The offset Go's {@code time.Date} gives a local time in {@code location}: the offset in effect at the local
     * time read as UTC, then, unless that is 0, the offset in effect at the instant that gives. In a gap (Berlin
     * 2023-03-26 02:30) and an overlap (2023-10-29 02:30) this picks the offset Go picks (both 01:30Z), where
     * java.time's rule (earlier offset, gap shifted forward) would give 00:30Z.
     */
    static long goDateOffset(ZoneId location, long localSeconds) {
        ZoneRules rules = location.getRules();
        int offset = rules.getOffset(Instant.ofEpochSecond(localSeconds)).getTotalSeconds();
        if (offset == 0) {
            return 0;
        }
        return rules.getOffset(Instant.ofEpochSecond(localSeconds - offset)).getTotalSeconds();
    }

    /**
     * Go's zone handling for an abbreviation (time.parse, then Location.lookupName): a zone of {@code location} of
     * that name in effect at the time; else any zone of that name the location ever had; else offset 0 (also for
     * {@code GMT-8}: Go shows it at -8 but the instant is the wall clock as UTC). So {@code CET} in Europe/Berlin in July is +01:00 although CEST is in effect.
     */
    private static long abbreviationOffset(CharSequence s, int from, int to, ZoneId location, long localSeconds) {
        String name = s.subSequence(from, to).toString();
        if (location != null && !(location instanceof ZoneOffset)) {
            List<ZoneName> zones = zoneNames(location);
            for (ZoneName zone : zones) {
                if (zone.name.equals(name)) {
                    ZonedDateTime at = Instant.ofEpochSecond(localSeconds - zone.offset).atZone(location);
                    if (ZONE_ABBREVIATION.format(at).equals(name)) {
                        return at.getOffset().getTotalSeconds();
                    }
                }
            }
            for (ZoneName zone : zones) {
                if (zone.name.equals(name)) {
                    return zone.offset;
                }
            }
        }
        // Else Go fabricates a zone: GMT+h gets h hours as its offset, but the instant stays the wall clock read
        // as UTC (time.parse sets the location without moving the time), so every other name means offset 0.
        return 0;
    }

    private record ZoneName(String name, int offset) {
    }

    private static final java.util.concurrent.ConcurrentHashMap<ZoneId, List<ZoneName>> ZONE_NAMES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The (abbreviation, offset) pairs a location has had, most recent first: Go keeps them from the tz database;
     * here they come from the zone's transitions and rules. Java names only the standard and daylight time of a
     * zone, so older offsets (local mean time) may carry a modern name; looking at recent ones first keeps them
     * out of the way.
     */
    private static List<ZoneName> zoneNames(ZoneId location) {
        return ZONE_NAMES.computeIfAbsent(location, zone -> {
            ZoneRules rules = zone.getRules();
            List<Instant> probes = new ArrayList<>();
            int year = java.time.Year.now(ZoneOffset.UTC).getValue();
            for (var rule : rules.getTransitionRules()) {
                probes.add(rule.createTransition(year).getInstant());
                probes.add(rule.createTransition(year).getInstant().minusSeconds(1));
            }
            List<java.time.zone.ZoneOffsetTransition> transitions = rules.getTransitions();
            for (int i = transitions.size() - 1; i >= 0; i--) {
                probes.add(transitions.get(i).getInstant());
                probes.add(transitions.get(i).getInstant().minusSeconds(1));
            }
            if (probes.isEmpty()) {
                probes.add(Instant.EPOCH);
            }
            List<ZoneName> names = new ArrayList<>();
            for (Instant probe : probes) {
                ZonedDateTime at = probe.atZone(zone);
                ZoneName n = new ZoneName(ZONE_ABBREVIATION.format(at), at.getOffset().getTotalSeconds());
                if (!names.contains(n)) {
                    names.add(n);
                }
            }
            return List.copyOf(names);
        });
    }

    /** Whether the next non-literal element after {@code e} is a fraction (Go's look-ahead after seconds). */
    private boolean fractionFollows(int e) {
        for (int k = e + 1; k < kinds.length; k++) {
            if (kinds[k] != LITERAL) {
                return kinds[k] == FRAC0 || kinds[k] == FRAC9;
            }
        }
        return false;
    }

    private static boolean isPoint(char c) {
        return c == '.' || c == ',';
    }

    /** s[from] is the separator; digits after it up to {@code to}; only the first nine count. */
    private static long nanos(CharSequence s, int from, int to) {
        long ns = 0;
        int digits = 0;
        for (int i = from + 1; i < to && digits < 9; i++, digits++) {
            ns = ns * 10 + (s.charAt(i) - '0');
        }
        for (; digits < 9; digits++) {
            ns *= 10;
        }
        return ns;
    }

    /** Go's skip: literal text must match, and a run of spaces in the layout matches a run of spaces. */
    private static int skip(CharSequence s, int p, String prefix) {
        int n = s.length();
        int i = 0;
        while (i < prefix.length()) {
            if (prefix.charAt(i) == ' ') {
                if (p < n && s.charAt(p) != ' ') {
                    return -1;
                }
                while (i < prefix.length() && prefix.charAt(i) == ' ') {
                    i++;
                }
                while (p < n && s.charAt(p) == ' ') {
                    p++;
                }
                continue;
            }
            if (p >= n || s.charAt(p) != prefix.charAt(i)) {
                return -1;
            }
            i++;
            p++;
        }
        return p;
    }

    /** Go's getnum: one or two digits ({@code fixed}: exactly two); value | consumed << 16, or -1. */
    private static int getnum(CharSequence s, int p, boolean fixed) {
        int n = s.length();
        if (p >= n || !isDigit(s.charAt(p))) {
            return -1;
        }
        if (p + 1 >= n || !isDigit(s.charAt(p + 1))) {
            return fixed ? -1 : (s.charAt(p) - '0') | (1 << 16);
        }
        return ((s.charAt(p) - '0') * 10 + (s.charAt(p + 1) - '0')) | (2 << 16);
    }

    private static int getnum3(CharSequence s, int p, boolean fixed) {
        int v = 0;
        int i = 0;
        for (; i < 3 && p + i < s.length() && isDigit(s.charAt(p + i)); i++) {
            v = v * 10 + (s.charAt(p + i) - '0');
        }
        if (i == 0 || (fixed && i != 3)) {
            return -1;
        }
        return v | (i << 16);
    }

    /** Case-insensitive prefix match of one of {@code names}, as Go's lookup; the index or -1. */
    private static int lookup(String[] names, CharSequence s, int p) {
        outer:
        for (int k = 0; k < names.length; k++) {
            String name = names[k];
            if (p + name.length() > s.length()) {
                continue;
            }
            for (int i = 0; i < name.length(); i++) {
                char a = s.charAt(p + i);
                char b = name.charAt(i);
                if (a != b && Character.toLowerCase(a) != Character.toLowerCase(b)) {
                    continue outer;
                }
            }
            return k;
        }
        return -1;
    }

    /** Go's parseTimeZone: the length of a zone abbreviation at p, or 0. */
    static int timeZoneLength(CharSequence s, int p) {
        int n = s.length() - p;
        if (n < 3) {
            return 0;
        }
        if (n >= 4 && (startsWith(s, p, "ChST") || startsWith(s, p, "MeST"))) {
            return 4;
        }
        if (startsWith(s, p, "GMT")) {
            int i = p + 3;
            return i < s.length() ? 3 + signedOffsetLength(s, i) : 3;
        }
        if (s.charAt(p) == '+' || s.charAt(p) == '-') {
            return signedOffsetLength(s, p); // "+03": a zone name in tzdata since 2017 (Go issue 24071)
        }
        int upper = 0;
        while (upper < 6 && p + upper < s.length() && s.charAt(p + upper) >= 'A' && s.charAt(p + upper) <= 'Z') {
            upper++;
        }
        return switch (upper) {
            case 3 -> 3;
            case 4 -> s.charAt(p + 3) == 'T' || startsWith(s, p, "WITA") ? 4 : 0;
            case 5 -> s.charAt(p + 4) == 'T' ? 5 : 0;
            default -> 0;
        };
    }

    /** Go's parseSignedOffset: a sign and hours up to 23; its length, or 0. */
    private static int signedOffsetLength(CharSequence s, int p) {
        if (s.charAt(p) != '+' && s.charAt(p) != '-') {
            return 0;
        }
        int j = p + 1;
        long hours = 0;
        while (j < s.length() && isDigit(s.charAt(j))) {
            hours = Math.min(hours * 10 + (s.charAt(j) - '0'), 100);
            j++;
        }
        return j == p + 1 || hours > 23 ? 0 : j - p;
    }

    private static boolean startsWith(CharSequence s, int p, String prefix) {
        if (p + prefix.length() > s.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (s.charAt(p + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int zoneWidth(int kind) {
        return switch (kind) {
            case ISO_COLON_TZ, NUM_COLON_TZ -> 6;
            case ISO_SHORT_TZ, NUM_SHORT_TZ -> 3;
            case ISO_COLON_SECONDS_TZ, NUM_COLON_SECONDS_TZ -> 9;
            case ISO_SECONDS_TZ, NUM_SECONDS_TZ -> 7;
            default -> 5;
        };
    }

    /** A numeric zone in seconds east of UTC, or Integer.MIN_VALUE. */
    private static int numericZone(CharSequence s, int p, int kind) {
        int width = zoneWidth(kind);
        if (p + width > s.length()) {
            return Integer.MIN_VALUE;
        }
        int hh = digits2(s, p + 1);
        int mm = 0;
        int ss = 0;
        switch (kind) {
            case ISO_COLON_TZ, NUM_COLON_TZ -> {
                if (s.charAt(p + 3) != ':') {
                    return Integer.MIN_VALUE;
                }
                mm = digits2(s, p + 4);
            }
            case ISO_COLON_SECONDS_TZ, NUM_COLON_SECONDS_TZ -> {
                if (s.charAt(p + 3) != ':' || s.charAt(p + 6) != ':') {
                    return Integer.MIN_VALUE;
                }
                mm = digits2(s, p + 4);
                ss = digits2(s, p + 7);
            }
            case ISO_SECONDS_TZ, NUM_SECONDS_TZ -> {
                mm = digits2(s, p + 3);
                ss = digits2(s, p + 5);
            }
            case ISO_SHORT_TZ, NUM_SHORT_TZ -> {
            }
            default -> mm = digits2(s, p + 3);
        }
        // Go's range test uses > because some offsets reach 24 hours.
        if (hh < 0 || mm < 0 || ss < 0 || hh > 24 || mm > 60 || ss > 60) {
            return Integer.MIN_VALUE;
        }
        int offset = (hh * 60 + mm) * 60 + ss;
        char sign = s.charAt(p);
        if (sign == '+') {
            return offset;
        }
        if (sign == '-') {
            return -offset;
        }
        return Integer.MIN_VALUE;
    }

    private static int digits2(CharSequence s, int at) {
        char a = s.charAt(at);
        char b = s.charAt(at + 1);
        return isDigit(a) && isDigit(b) ? (a - '0') * 10 + (b - '0') : -1;
    }

    private static int[] fromYearDay(int year, int yday) {
        boolean leap = CivilDate.isLeap(year);
        if (yday < 1 || yday > (leap ? 366 : 365)) {
            return null;
        }
        int m = 1;
        int d = yday;
        while (d > CivilDate.daysInMonth(year, m)) {
            d -= CivilDate.daysInMonth(year, m);
            m++;
        }
        return new int[] {m, d};
    }
}
