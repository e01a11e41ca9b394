package io.sleipnir.source.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One journal entry as {@code journalctl -o json} prints it: its cursor, its realtime timestamp and its data fields
 * (the {@code __}-prefixed address fields are not data, as in Promtail's reader). A binary field arrives as an array
 * of byte values and a repeated field as an array of values: the last value is kept, as Go's sdjournal does.
 *
 * @param cursor       {@code __CURSOR}
 * @param realtimeMicros {@code __REALTIME_TIMESTAMP}, or -1 when absent
 * @param fields       data fields by name, sorted
 */
record JournalRecord(String cursor, long realtimeMicros, Map<String, String> fields) {

    /** Null when the line is not a JSON object with a cursor (journalctl never prints one; nothing to ack). */
    static JournalRecord of(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("__CURSOR").isTextual()) {
            return null;
        }
        long realtime = -1;
        try {
            realtime = Long.parseLong(node.path("__REALTIME_TIMESTAMP").asText(""));
        } catch (NumberFormatException absent) {
            // the reader uses the clock
        }
        Map<String, String> fields = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("__")) {
                continue;
            }
            String value = value(e.getValue());
            if (value != null) {
                fields.put(e.getKey(), value);
            }
        }
        return new JournalRecord(node.get("__CURSOR").asText(), realtime, fields);
    }

    private static String value(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isArray() && !v.isEmpty()) {
            if (v.get(0).isNumber()) {
                return bytes(v);
            }
            return value(v.get(v.size() - 1));
        }
        return null; // null: a field journalctl left out
    }

    private static String bytes(JsonNode array) {
        byte[] b = new byte[array.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) array.get(i).asInt();
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return decoder.decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException cannot) {
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
