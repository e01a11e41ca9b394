package io.sleipnir.golang;

import static io.sleipnir.golang.LayoutChunks.LONG_DAYS;
import static io.sleipnir.golang.LayoutChunks.LONG_MONTHS;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code Time.Format} (time/format.go's appendFormat): a reference-time layout such as
 * {@code 2006-01-02T15:04:05Z07:00} applied to an instant seen at an offset with a zone name, the layout split
 * into elements by the same {@link LayoutChunks} the parser uses. As Go: {@code Z07:00} prints {@code Z} at offset
 * 0, {@code MST} prints {@code -0700} when the zone has no name, {@code .999} trims trailing zeros and {@code .000}
 * keeps them (with {@code ,} as the separator when the layout has one), {@code 2006} pads to four digits after a
 * minus sign, {@code 06} prints the last two digits of the absolute year.
 */
final class GoTimeFormat {
    private GoTimeFormat() {
    }

    /** Go's {@code Time.String()} layout. */
    static final String STRING_LAYOUT = "2006-01-02 15:04:05.999999999 -0700 MST";

    /**
     * Formats the instant {@code epochSecond + nano} as seen at {@code offsetSeconds} east of UTC, in a zone named
     * {@code zoneName} ("" for a zone without a name, as Go's {@code FixedZone("", offset)}).
     */
    static String format(String layout, long epochSecond, int nano, int offsetSeconds, String zoneName) {
        List<int[]> elements = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        LayoutChunks.split(layout, elements, texts);
        LocalDateTime local = LocalDateTime.ofEpochSecond(epochSecond, nano, ZoneOffset.ofTotalSeconds(offsetSeconds));
        StringBuilder b = new StringBuilder(layout.length() + 10);
        for (int i = 0; i < elements.size(); i++) {
            int kind = elements.get(i)[0];
            if (kind == LayoutChunks.LITERAL) {
                b.append(texts.get(i));
            } else if (kind >= LayoutChunks.TZ && kind <= LayoutChunks.NUM_COLON_SECONDS_TZ) {
                zone(b, kind, offsetSeconds, zoneName);
            } else if (kind == LayoutChunks.FRAC0 || kind == LayoutChunks.FRAC9) {
                fraction(b, nano, elements.get(i)[1], kind == LayoutChunks.FRAC9, texts.get(i).charAt(0));
            } else {
                field(b, kind, local);
            }
        }
        return b.toString();
    }

    private static void field(StringBuilder b, int kind, LocalDateTime t) {
        int hour = t.getHour();
        int hour12 = hour % 12 == 0 ? 12 : hour % 12;
        switch (kind) {
            case LayoutChunks.YEAR -> appendInt(b, Math.abs(t.getYear()) % 100, 2);
            case LayoutChunks.LONG_YEAR -> appendInt(b, t.getYear(), 4);
            case LayoutChunks.MONTH -> b.append(LONG_MONTHS[t.getMonthValue() - 1], 0, 3);
            case LayoutChunks.LONG_MONTH -> b.append(LONG_MONTHS[t.getMonthValue() - 1]);
            case LayoutChunks.NUM_MONTH -> appendInt(b, t.getMonthValue(), 0);
            case LayoutChunks.ZERO_MONTH -> appendInt(b, t.getMonthValue(), 2);
            case LayoutChunks.WEEKDAY -> b.append(LONG_DAYS[t.getDayOfWeek().getValue() % 7], 0, 3);
            case LayoutChunks.LONG_WEEKDAY -> b.append(LONG_DAYS[t.getDayOfWeek().getValue() % 7]);
            case LayoutChunks.DAY -> appendInt(b, t.getDayOfMonth(), 0);
            case LayoutChunks.UNDER_DAY -> appendInt(b.append(t.getDayOfMonth() < 10 ? " " : ""), t.getDayOfMonth(), 0);
            case LayoutChunks.ZERO_DAY -> appendInt(b, t.getDayOfMonth(), 2);
            case LayoutChunks.UNDER_YEAR_DAY -> {
                int yday = t.getDayOfYear();
                b.append(yday < 10 ? "  " : yday < 100 ? " " : "");
                appendInt(b, yday, 0);
            }
            case LayoutChunks.ZERO_YEAR_DAY -> appendInt(b, t.getDayOfYear(), 3);
            case LayoutChunks.HOUR -> appendInt(b, hour, 2);
            case LayoutChunks.HOUR12 -> appendInt(b, hour12, 0);
            case LayoutChunks.ZERO_HOUR12 -> appendInt(b, hour12, 2);
            case LayoutChunks.MINUTE -> appendInt(b, t.getMinute(), 0);
            case LayoutChunks.ZERO_MINUTE -> appendInt(b, t.getMinute(), 2);
            case LayoutChunks.SECOND -> appendInt(b, t.getSecond(), 0);
            case LayoutChunks.ZERO_SECOND -> appendInt(b, t.getSecond(), 2);
            case LayoutChunks.PM_UPPER -> b.append(hour >= 12 ? "PM" : "AM");
            case LayoutChunks.PM_LOWER -> b.append(hour >= 12 ? "pm" : "am");
            default -> throw new IllegalStateException("layout element " + kind);
        }
    }

    /** The zone elements: {@code MST}, {@code Z07:00} and the like, {@code -0700} and the like. */
    private static void zone(StringBuilder b, int kind, int offset, String name) {
        if (kind == LayoutChunks.TZ) {
            if (!name.isEmpty()) {
                b.append(name);
                return;
            }
            int minutes = offset / 60;
            b.append(minutes < 0 ? '-' : '+');
            minutes = Math.abs(minutes);
            appendInt(b, minutes / 60, 2);
            appendInt(b, minutes % 60, 2);
            return;
        }
        boolean iso = kind >= LayoutChunks.ISO_TZ && kind <= LayoutChunks.ISO_COLON_SECONDS_TZ;
        if (offset == 0 && iso) {
            b.append('Z');
            return;
        }
        int minutes = offset / 60;
        int absOffset = Math.abs(offset);
        b.append(minutes < 0 ? '-' : '+');
        minutes = Math.abs(minutes);
        appendInt(b, minutes / 60, 2);
        boolean colon = kind == LayoutChunks.ISO_COLON_TZ || kind == LayoutChunks.NUM_COLON_TZ
                || kind == LayoutChunks.ISO_COLON_SECONDS_TZ || kind == LayoutChunks.NUM_COLON_SECONDS_TZ;
        if (colon) {
            b.append(':');
        }
        if (kind != LayoutChunks.NUM_SHORT_TZ && kind != LayoutChunks.ISO_SHORT_TZ) {
            appendInt(b, minutes % 60, 2);
        }
        boolean seconds = kind == LayoutChunks.ISO_SECONDS_TZ || kind == LayoutChunks.NUM_SECONDS_TZ
                || kind == LayoutChunks.ISO_COLON_SECONDS_TZ || kind == LayoutChunks.NUM_COLON_SECONDS_TZ;
        if (seconds) {
            if (colon) {
                b.append(':');
            }
            appendInt(b, absOffset % 60, 2);
        }
    }

    /** Go's appendNano: {@code digits} digits of the fraction; {@code trim} (.999) drops trailing zeros. */
    private static void fraction(StringBuilder b, int nano, int digits, boolean trim, char separator) {
        if (trim && (digits == 0 || nano == 0)) {
            return;
        }
        int start = b.length();
        b.append(separator);
        appendInt(b, nano, 9);
        if (digits < 9) {
            b.setLength(b.length() - 9 + digits);
        }
        if (trim) {
            while (b.length() > start && b.charAt(b.length() - 1) == '0') {
                b.setLength(b.length() - 1);
            }
            if (b.length() > start && b.charAt(b.length() - 1) == separator) {
                b.setLength(b.length() - 1);
            }
        }
    }

    /** Go's appendInt: a minus sign, then the digits zero-padded to {@code width}. */
    static StringBuilder appendInt(StringBuilder b, long x, int width) {
        if (x < 0) {
            b.append('-');
            x = -x;
        }
        String digits = Long.toString(x);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }
}
