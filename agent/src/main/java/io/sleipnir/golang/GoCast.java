package io.sleipnir.golang;

import java.util.regex.Pattern;

/**
 * The number conversions sprig v3.2.3 applies to template values, through spf13/cast v1.3.1 (the version Promtail
 * 2.8 builds with): {@code int64} and {@code float64} as they are, a float truncated toward zero, a bool as 1 or 0,
 * a string through Go's {@code strconv.ParseInt(s, 0, 64)} (so {@code 0x1f}, {@code 0o17}, {@code 010} and
 * {@code 1_000} are numbers, {@code " 5"} and {@code 5.0} are not) or {@code strconv.ParseFloat}; anything that
 * does not convert is 0, as cast's error is dropped.
 */
final class GoCast {
    private static final Pattern DECIMAL_FLOAT =
            Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern HEX_FLOAT =
            Pattern.compile("[+-]?0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?[0-9]+");

    private GoCast() {
    }

    static long toInt64(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Double d) {
            return (long) (double) d;
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (o instanceof String s) {
            Long parsed = parseInt(s);
            return parsed == null ? 0 : parsed;
        }
        return 0;
    }

    static double toFloat64(Object o) {
        if (o instanceof Double d) {
            return d;
        }
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (o instanceof String s) {
            Double parsed = parseFloat(s);
            return parsed == null ? 0 : parsed;
        }
        return 0;
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}: null where Go returns an error (syntax or range). */
    static Long parseInt(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        String body = s.substring(i);
        if (body.isEmpty() || !underscoreOk(body)) {
            return null;
        }
        int radix = 10;
        String digits = body;
        if (body.length() >= 2 && body.charAt(0) == '0') {
            char p = Character.toLowerCase(body.charAt(1));
            radix = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 8;
            digits = p == 'x' || p == 'o' || p == 'b' ? body.substring(2) : body.substring(1);
        }
        digits = digits.replace("_", "");
        if (digits.isEmpty()) {
            return null;
        }
        try {
            java.math.BigInteger v = new java.math.BigInteger(digits, radix);
            if (digits.charAt(0) == '+' || digits.charAt(0) == '-') {
                return null;
            }
            v = negative ? v.negate() : v;
            return v.bitLength() < 64 ? v.longValue() : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Go's underscoreOK: underscores only between digits or between a base prefix and a digit. */
    private static boolean underscoreOk(String s) {
        char saw = '^';
        int i = 0;
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0') {
            char p = Character.toLowerCase(s.charAt(1));
            if (p == 'x' || p == 'o' || p == 'b') {
                hex = p == 'x';
                i = 2;
                saw = '0';
            }
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            char lower = Character.toLowerCase(c);
            if ((c >= '0' && c <= '9') || (hex && lower >= 'a' && lower <= 'f')) {
                saw = '0';
            } else if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
            } else {
                if (saw == '_') {
                    return false;
                }
                saw = '!';
            }
        }
        return saw != '_';
    }

    /** Go's {@code strconv.ParseFloat(s, 64)}: null where Go returns an error (syntax, or out of range). */
    static Double parseFloat(String s) {
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan")) {
            return Double.NaN;
        }
        if (!DECIMAL_FLOAT.matcher(s).matches() && !HEX_FLOAT.matcher(s).matches()) {
            return null;
        }
        double d = Double.parseDouble(s);
        return Double.isInfinite(d) ? null : d;
    }
}
