package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateHelpers.utf8;
import static io.sleipnir.golang.TemplateValues.print;
import static io.sleipnir.golang.TemplateValues.typeName;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** A small fmt.Sprintf: verbs v s q d x X o b c f e g t and %%, with flags - + 0 space #, width and precision. */
final class GoFormat {
    private GoFormat() {
    }

    static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int arg = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            boolean minus = false;
            boolean plus = false;
            boolean zero = false;
            boolean space = false;
            boolean sharp = false;
            for (; i < format.length(); i++) {
                char flag = format.charAt(i);
                if (flag == '-') {
                    minus = true;
                } else if (flag == '+') {
                    plus = true;
                } else if (flag == '0') {
                    zero = true;
                } else if (flag == ' ') {
                    space = true;
                } else if (flag == '#') {
                    sharp = true;
                } else {
                    break;
                }
            }
            int width = -1;
            while (i < format.length() && Character.isDigit(format.charAt(i))) {
                width = Math.max(width, 0) * 10 + (format.charAt(i++) - '0');
            }
            int precision = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                i++;
                precision = 0;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    precision = precision * 10 + (format.charAt(i++) - '0');
                }
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i++);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (arg >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object value = args.get(arg++);
            String text = format(verb, value, precision, plus, space, sharp);
            if (text == null) {
                out.append("%!").append(verb).append('(').append(value == null ? "<nil>"
                        : typeName(value) + "=" + print(value)).append(')');
                continue;
            }
            out.append(pad(text, width, minus, zero && !minus && isNumeric(value) && verb != 's' && verb != 'q'));
        }
        if (arg < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = arg; k < args.size(); k++) {
                Object v = args.get(k);
                out.append(k > arg ? ", " : "").append(v == null ? "<nil>" : typeName(v) + "=" + print(v));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static boolean isNumeric(Object o) {
        return o instanceof Long || o instanceof Double;
    }

    private static String format(char verb, Object v, int precision, boolean plus, boolean space, boolean sharp) {
        if (verb == 'T') {
            return v == null ? "<nil>" : typeName(v);
        }
        if (v == null) {
            return verb == 'v' || verb == 's' ? "%!" + verb + "(<nil>)" : null;
        }
        switch (verb) {
            case 'v':
                if (v instanceof String s) {
                    return s;
                }
                return sign(print(v), v, plus, space);
            case 's':
                if (v instanceof String s) {
                    return precision >= 0 && precision < s.codePointCount(0, s.length())
                            ? s.substring(0, s.offsetByCodePoints(0, precision)) : s;
                }
                return v instanceof List ? print(v) : null;
            case 'q':
                return v instanceof String s ? GoQuote.quote(s) : null;
            case 't':
                return v instanceof Boolean b ? b.toString() : null;
            case 'd':
                return v instanceof Long l ? sign(Long.toString(l), v, plus, space) : null;
            case 'x', 'X': {
                String h;
                if (v instanceof Long l) {
                    h = (l < 0 ? "-" : "") + Long.toHexString(Math.abs(l));
                    if (sharp) {
                        h = h.startsWith("-") ? "-0x" + h.substring(1) : "0x" + h;
                    }
                } else if (v instanceof String s) {
                    h = HexFormat.of().formatHex(utf8(s));
                } else {
                    return null;
                }
                return verb == 'X' ? h.toUpperCase(Locale.ROOT) : h;
            }
            case 'o':
                return v instanceof Long l ? (l < 0 ? "-" : "") + Long.toOctalString(Math.abs(l)) : null;
            case 'b':
                return v instanceof Long l ? (l < 0 ? "-" : "") + Long.toBinaryString(Math.abs(l)) : null;
            case 'c':
                return v instanceof Long l ? new String(Character.toChars((int) (long) l)) : null;
            case 'f', 'F', 'e', 'g': {
                double d;
                if (v instanceof Double x) {
                    d = x;
                } else {
                    return null;
                }
                String text;
                if (verb == 'g') {
                    text = precision < 0 ? GoFloat.formatG(d) : gPrecision(d, precision);
                } else if (Double.isNaN(d) || Double.isInfinite(d)) {
                    text = GoFloat.formatF(d);
                } else if (verb == 'e') {
                    text = eFormat(d, precision < 0 ? 6 : precision);
                } else {
                    text = new java.math.BigDecimal(d).setScale(precision < 0 ? 6 : precision,
                            java.math.RoundingMode.HALF_EVEN).toPlainString();
                }
                return sign(text, v, plus, space);
            }
            default:
                return null;
        }
    }

    private static String eFormat(double d, int precision) {
        return String.format(Locale.ROOT, "%." + precision + "e", d); // the same text as Go's %e
    }

    private static String gPrecision(double d, int precision) {
        java.math.BigDecimal b = new java.math.BigDecimal(d).round(new java.math.MathContext(Math.max(1,
                precision), java.math.RoundingMode.HALF_EVEN));
        return GoFloat.formatG(b.doubleValue());
    }

    private static String sign(String text, Object v, boolean plus, boolean space) {
        if (!(v instanceof Long || v instanceof Double) || text.startsWith("-") || text.startsWith("+")) {
            return text;
        }
        return plus ? "+" + text : space ? " " + text : text;
    }

    private static String pad(String text, int width, boolean left, boolean zero) {
        int length = text.codePointCount(0, text.length());
        if (width <= length) {
            return text;
        }
        String fill = (zero ? "0" : " ").repeat(width - length);
        if (left) {
            return text + fill;
        }
        if (zero && (text.startsWith("-") || text.startsWith("+"))) {
            return text.charAt(0) + fill + text.substring(1);
        }
        return fill + text;
    }
}
