package io.sleipnir.golang;

import java.util.List;

/**
 * Go's layout elements (time/format.go's {@code std*} constants) and its {@code nextStdChunk}: how a layout such
 * as {@code 2006-01-02T15:04:05Z07:00} splits into literal text and elements, once, at compile time.
 */
final class LayoutChunks {
    private LayoutChunks() {
    }

    // Element kinds (Go's std* constants).
    static final int LITERAL = 0;
    static final int LONG_MONTH = 1;
    static final int MONTH = 2;
    static final int NUM_MONTH = 3;
    static final int ZERO_MONTH = 4;
    static final int LONG_WEEKDAY = 5;
    static final int WEEKDAY = 6;
    static final int DAY = 7;
    static final int UNDER_DAY = 8;
    static final int ZERO_DAY = 9;
    static final int UNDER_YEAR_DAY = 10;
    static final int ZERO_YEAR_DAY = 11;
    static final int HOUR = 12;
    static final int HOUR12 = 13;
    static final int ZERO_HOUR12 = 14;
    static final int MINUTE = 15;
    static final int ZERO_MINUTE = 16;
    static final int SECOND = 17;
    static final int ZERO_SECOND = 18;
    static final int LONG_YEAR = 19;
    static final int YEAR = 20;
    static final int PM_UPPER = 21;
    static final int PM_LOWER = 22;
    static final int TZ = 23;
    static final int ISO_TZ = 24;
    static final int ISO_SECONDS_TZ = 25;
    static final int ISO_SHORT_TZ = 26;
    static final int ISO_COLON_TZ = 27;
    static final int ISO_COLON_SECONDS_TZ = 28;
    static final int NUM_TZ = 29;
    static final int NUM_SECONDS_TZ = 30;
    static final int NUM_SHORT_TZ = 31;
    static final int NUM_COLON_TZ = 32;
    static final int NUM_COLON_SECONDS_TZ = 33;
    static final int FRAC0 = 34;
    static final int FRAC9 = 35;

    static final String[] SHORT_MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
            "Oct", "Nov", "Dec"};
    static final String[] LONG_MONTHS = {"January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December"};
    static final String[] SHORT_DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static final String[] LONG_DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday"};

    static void split(String layout, List<int[]> elements, List<String> texts) {
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
    /** The element starting at {@code i}: {kind, length in the layout, digits}; null when {@code i} is literal. */
    private static int[] stdAt(String l, int i) {
        return switch (l.charAt(i)) {
            case 'J', 'M' -> nameAt(l, i);
            case '0', '1', '2', '_', '3', '4', '5' -> numberAt(l, i);
            case 'P', 'p' -> pmAt(l, i);
            case '-', 'Z' -> zoneAt(l, i);
            case '.', ',' -> fractionAt(l, i);
            default -> null;
        };
    }

    /** Month and weekday names, and {@code MST}. */
    private static int[] nameAt(String l, int i) {
        switch (l.charAt(i)) {
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
            default:
                return null;
        }
    }

    /** Numeric fields: {@code 01 02 03 04 05 06 002 15 1 2 2006 _2 __2 3 4 5}. */
    private static int[] numberAt(String l, int i) {
        switch (l.charAt(i)) {
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
            default:
                return null;
        }
    }

    /** {@code PM} and {@code pm}. */
    private static int[] pmAt(String l, int i) {
        switch (l.charAt(i)) {
            case 'P':
                return i + 1 < l.length() && l.charAt(i + 1) == 'M' ? new int[] {PM_UPPER, 2, 0} : null;
            case 'p':
                return i + 1 < l.length() && l.charAt(i + 1) == 'm' ? new int[] {PM_LOWER, 2, 0} : null;
            default:
                return null;
        }
    }

    /** Numeric zones: {@code -0700 -07:00 -07 -070000 -07:00:00} and their {@code Z} forms. */
    private static int[] zoneAt(String l, int i) {
        switch (l.charAt(i)) {
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
            default:
                return null;
        }
    }

    /** Fractions: {@code .000} (fixed digits) or {@code .999} (optional), with a period or a comma. */
    private static int[] fractionAt(String l, int i) {
        switch (l.charAt(i)) {
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

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
