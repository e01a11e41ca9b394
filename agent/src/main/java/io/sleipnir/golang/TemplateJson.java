package io.sleipnir.golang;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sleipnir.golang.GoTemplate.ExecutionException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Template values to and from JSON as Go's encoding/json does it for sprig's {@code toJson}, {@code toPrettyJson},
 * {@code toRawJson} and {@code fromJson}: map keys sorted, floats in Go's text, {@code <>&} escaped unless raw,
 * times as RFC 3339 with nanoseconds; decoding gives float64 numbers, lists and dicts.
 */
final class TemplateJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private TemplateJson() {
    }

    /** json.Marshal ({@code indent} null) or json.MarshalIndent(v, "", indent); {@code escapeHtml} false: raw. */
    static String encode(Object o, boolean escapeHtml, String indent) throws ExecutionException {
        StringBuilder b = new StringBuilder();
        write(o, escapeHtml, indent, "", b);
        return b.toString();
    }

    private static void write(Object o, boolean escapeHtml, String indent, String prefix, StringBuilder b)
            throws ExecutionException {
        if (o == null) {
            b.append("null");
        } else if (o instanceof String s) {
            quote(s, escapeHtml, b);
        } else if (o instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new ExecutionException("json: unsupported value: " + GoFloat.formatG(d));
            }
            double abs = Math.abs(d);
            b.append(abs == 0 || (abs >= 1e-6 && abs < 1e21) ? GoFloat.formatF(d) : GoFloat.formatE(d));
        } else if (o instanceof Long || o instanceof Boolean) {
            b.append(o);
        } else if (o instanceof GoSemver v) {
            quote(v.toString(), escapeHtml, b);
        } else if (o instanceof GoTime t) {
            quote(t.format("2006-01-02T15:04:05.999999999Z07:00"), escapeHtml, b);
        } else if (o instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                item(b, i, indent, prefix);
                write(l.get(i), escapeHtml, indent, indent == null ? prefix : prefix + indent, b);
            }
            close(b, ']', l.isEmpty(), indent, prefix);
        } else if (o instanceof Map<?, ?> m) {
            b.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                item(b, i++, indent, prefix);
                quote(String.valueOf(e.getKey()), escapeHtml, b);
                b.append(indent == null ? ":" : ": ");
                write(e.getValue(), escapeHtml, indent, indent == null ? prefix : prefix + indent, b);
            }
            close(b, '}', m.isEmpty(), indent, prefix);
        } else {
            throw new ExecutionException("json: the extracted data as a whole cannot be encoded here;"
                    + " encode a dict of the keys you need");
        }
    }

    private static void item(StringBuilder b, int i, String indent, String prefix) {
        if (i > 0) {
            b.append(',');
        }
        if (indent != null) {
            b.append('\n').append(prefix).append(indent);
        }
    }

    private static void close(StringBuilder b, char c, boolean empty, String indent, String prefix) {
        if (indent != null && !empty) {
            b.append('\n').append(prefix);
        }
        b.append(c);
    }

    private static void quote(String s, boolean escapeHtml, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029'
                            || (escapeHtml && (c == '<' || c == '>' || c == '&'))) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** json.Unmarshal into interface{}; the exception's message says what is wrong. */
    static Object decode(String text) throws ExecutionException {
        try {
            return value(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw new ExecutionException(e.getOriginalMessage());
        }
    }

    private static Object value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(value(item)));
            return java.util.Collections.unmodifiableList(list);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), value(e.getValue()));
        }
        return map;
    }

    /** copystructure.Copy: lists and dicts copied all the way down. */
    static Object deepCopy(Object o) {
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(item -> out.add(deepCopy(item)));
            return java.util.Collections.unmodifiableList(out);
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
            return out;
        }
        return o;
    }
}
