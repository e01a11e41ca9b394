package io.sleipnir.golang;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Go's {@code encoding/json} output (Go 1.20, which Promtail 2.8 is built with) for values decoded into
 * {@code interface{}}: object keys sorted, every number a float64, {@code <}, {@code >}, {@code &}, U+2028 and
 * U+2029 escaped, other control characters as {@code \\u00XX} except {@code \n}, {@code \r}, {@code \t}.
 */
public final class GoJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoJson() {
    }

    /** Appends {@code node} as Go's {@code json.Marshal} writes the decoded value. */
    public static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isTextual()) {
            quote(node.textValue(), out);
        } else if (node.isNumber()) {
            out.append(number(node.doubleValue()));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isObject()) {
            out.append('{');
            appendFields(node, sortedKeys(node), out);
            out.append('}');
        } else {
            quote(node.asText(), out);
        }
    }

    /** The keys of an object, sorted as Go sorts map keys (by bytes of their UTF-8, which is UTF-16 order here). */
    public static List<String> sortedKeys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        keys.sort(GoJson::compareUtf8);
        return keys;
    }

    /** {@code "key":value} pairs of {@code object} for {@code keys}, comma-separated. */
    public static void appendFields(JsonNode object, List<String> keys, StringBuilder out) {
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            quote(keys.get(i), out);
            out.append(':');
            write(object.get(keys.get(i)), out);
        }
    }

    /** Go's float64 text in JSON: 'f' for 1e-6 <= |f| < 1e21, else 'e' with {@code e-07} shortened to {@code e-7}. */
    public static String number(double d) {
        double abs = Math.abs(d);
        if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) {
            return GoFloat.formatF(d);
        }
        String text = GoFloat.formatE(d);
        int n = text.length();
        if (n >= 4 && text.charAt(n - 4) == 'e' && text.charAt(n - 3) == '-' && text.charAt(n - 2) == '0') {
            text = text.substring(0, n - 2) + text.charAt(n - 1);
        }
        return text;
    }

    /** A Go JSON string. */
    public static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static int compareUtf8(String a, String b) {
        // UTF-16 order differs from UTF-8 byte order only for supplementary characters vs U+E000..U+FFFF.
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(i);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            if (Character.isSupplementaryCodePoint(ca)) {
                i++;
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
