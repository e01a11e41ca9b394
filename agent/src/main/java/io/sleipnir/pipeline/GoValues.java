package io.sleipnir.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.sleipnir.golang.GoFloat;
import io.sleipnir.golang.GoJson;

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
     * keys sorted as Go sorts them, numbers as float64, HTML characters and U+2028/U+2029 escaped ({@link GoJson}).
     */
    static String toGoJson(JsonNode node) {
        StringBuilder out = new StringBuilder();
        GoJson.write(node, out);
        return out.toString();
    }

    /** A JSON object of strings with keys in the given order (pack's output). */
    static void writeStringObjectField(String key, String value, StringBuilder out) {
        GoJson.quote(key, out);
        out.append(':');
        GoJson.quote(value, out);
    }
}
