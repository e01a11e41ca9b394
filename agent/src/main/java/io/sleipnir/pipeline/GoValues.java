package io.sleipnir.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.sleipnir.golang.GoFloat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Extracted values as Promtail's Go code turns them into text. */
final class GoValues {
    private GoValues() {
    }

    /**
     * Promtail's {@code getString}: strings as they are, numbers as Go's {@code strconv.FormatFloat(f, 'f', -1, 64)}
     * (no exponent, shortest digits), booleans as {@code true}/{@code false}. Anything else (null, which is a JSON
     * null) has no text: returns null, and the caller skips the value as Promtail does.
     */
    static String toText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double d) {
            return formatFloat(d);
        }
        if (value instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        return null;
    }

    /** Go's {@code strconv.FormatFloat(f, 'f', -1, 64)}. */
    static String formatFloat(double d) {
        return GoFloat.formatF(d);
    }

    /**
     * Go's JSON encoding of a decoded value ({@code json.Marshal} of {@code map[string]interface{}} etc.): object
     * keys sorted, numbers as float64, and {@code <}, {@code >}, {@code &}, U+2028, U+2029 escaped as Go does.
     */
    static String toGoJson(JsonNode node) {
        StringBuilder out = new StringBuilder();
        writeJson(node, out);
        return out.toString();
    }

    private static void writeJson(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isTextual()) {
            quote(node.textValue(), out);
        } else if (node.isNumber()) {
            out.append(jsonFloat(node.doubleValue()));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeJson(node.get(i), out);
            }
            out.append(']');
        } else if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            keys.sort(null);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                quote(keys.get(i), out);
                out.append(':');
                writeJson(node.get(keys.get(i)), out);
            }
            out.append('}');
        } else {
            quote(node.asText(), out);
        }
    }

    /** A JSON object of strings with keys in the given order (pack's output). */
    static void writeStringObjectField(String key, String value, StringBuilder out) {
        quote(key, out);
        out.append(':');
        quote(value, out);
    }

    /** Go's encoding/json float64 format: 'f' for 1e-6 <= |f| < 1e21, else 'e' with e-07 shortened to e-7. */
    private static String jsonFloat(double d) {
        double abs = Math.abs(d);
        if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) {
            return formatFloat(d);
        }
        String text = GoFloat.formatE(d);
        int n = text.length();
        if (n >= 4 && text.charAt(n - 4) == 'e' && text.charAt(n - 3) == '-' && text.charAt(n - 2) == '0') {
            text = text.substring(0, n - 2) + text.charAt(n - 1);
        }
        return text;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** A Go JSON string: escapes quotes, backslash, control characters, HTML characters and U+2028/U+2029. */
    static void quote(String s, StringBuilder out) {
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
                        out.append("\\u00").append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                        if (c >= 0x100) {
                            out.setLength(out.length() - 4);
                            out.append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                    .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
