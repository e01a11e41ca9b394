package io.sleipnir.golang;

import static io.sleipnir.golang.LayoutChunks.FRAC0;
import static io.sleipnir.golang.LayoutChunks.FRAC9;
import static io.sleipnir.golang.LayoutChunks.LITERAL;
import static io.sleipnir.golang.LayoutChunks.isDigit;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
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
        this(source, mode, named, layout, false);
    }

    private GoTimeLayout(String source, Mode mode, boolean named, String layout, boolean goYear) {
        this.source = source;
        this.mode = mode;
        this.named = named;
        // Promtail's test for a layout without a year (Go's own time.Parse leaves such a year 0).
        this.hasYear = goYear || layout == null || layout.contains("06") || layout.contains("2006");
        this.rfc3339 = NAMED.get("RFC3339").equals(layout) || NAMED.get("RFC3339Nano").equals(layout);
        List<int[]> elements = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        if (layout != null) {
            LayoutChunks.split(layout, elements, texts);
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

    /**
     * A layout exactly as Go's {@code time.ParseInLocation} reads it (sprig's {@code toDate}): no format names, no
     * Unix modes, and no year taken from a clock (a layout without a year gives year 0, beyond what int64
     * nanoseconds can hold, so such a text does not parse here).
     */
    static GoTimeLayout goLayout(String layout) {
        return new GoTimeLayout(layout, Mode.LAYOUT, false, layout, true);
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

    private long layout(CharSequence text, ZoneId location, Clock clock) {
        LayoutParse parse = new LayoutParse(text);
        for (int e = 0; e < kinds.length; e++) {
            if (!parse.element(kinds[e], literals[e], widths[e], fractionFollows(e))) {
                return INVALID;
            }
        }
        return parse.resolve(location, clock, hasYear);
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
}
