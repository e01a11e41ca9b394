package io.sleipnir.source.gelf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sleipnir.golang.GoJson;
import java.util.List;

/**
 * A GELF message as Promtail's GELF library (go-gelf v2) reads it: the standard fields, and every field whose name
 * starts with {@code _} kept aside; other fields are dropped, as there.
 *
 * @param level   go-gelf's {@code int32(level)}: 0 when absent
 * @param seconds {@code timestamp}, 0 when absent
 * @param extra   the {@code _}-fields, in a JSON object
 */
record GelfMessage(String version, String host, String shortMessage, String fullMessage, double seconds, int level,
        String facility, ObjectNode extra) {

    /** Severity keywords for {@code __gelf_message_level}, as Promtail's table; other levels have none. */
    private static final String[] LEVELS = {"emergency", "alert", "critical", "error", "warning", "notice",
        "informational", "debug"};

    String levelName() {
        return level >= 0 && level < LEVELS.length ? LEVELS[level] : "";
    }

    /**
     * The log line: go-gelf's {@code MarshalJSONBuf}, the struct fields in their order ({@code full_message},
     * {@code level} and {@code facility} left out when empty or 0), then the extra fields sorted by name.
     */
    String toLine() {
        StringBuilder out = new StringBuilder(128);
        out.append("{\"version\":");
        GoJson.quote(version, out);
        out.append(",\"host\":");
        GoJson.quote(host, out);
        out.append(",\"short_message\":");
        GoJson.quote(shortMessage, out);
        if (!fullMessage.isEmpty()) {
            out.append(",\"full_message\":");
            GoJson.quote(fullMessage, out);
        }
        out.append(",\"timestamp\":").append(GoJson.number(seconds));
        if (level != 0) {
            out.append(",\"level\":").append(level);
        }
        if (!facility.isEmpty()) {
            out.append(",\"facility\":");
            GoJson.quote(facility, out);
        }
        List<String> keys = GoJson.sortedKeys(extra);
        if (!keys.isEmpty()) {
            out.append(',');
            GoJson.appendFields(extra, keys, out);
        }
        return out.append('}').toString();
    }

    static String text(JsonNode node, String field) throws GelfFormatException {
        if (node == null) {
            return "";
        }
        if (!node.isTextual()) {
            throw new GelfFormatException("invalid type for field " + field);
        }
        return node.textValue();
    }
}
