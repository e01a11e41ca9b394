package io.sleipnir.source.gelf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * One whole GELF payload (a datagram, reassembled chunks, or a TCP frame) to a {@link GelfMessage}: gzip or zlib
 * recognised by their first two bytes as go-gelf does, anything else read as plain JSON. Decompression stops at
 * {@link #MAX_MESSAGE_BYTES}, so a small compressed bomb cannot take the heap.
 */
final class GelfDecoder {
    /** The largest decompressed message; Graylog's own default limit for a TCP frame is 2 MiB. */
    static final int MAX_MESSAGE_BYTES = 2 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private GelfDecoder() {
    }

    static GelfMessage decode(byte[] data, int offset, int length) throws GelfFormatException {
        byte[] json;
        int jsonLength;
        if (length >= 2 && (data[offset] & 0xff) == 0x1f && (data[offset + 1] & 0xff) == 0x8b) {
            json = inflate(data, offset, length, true);
            jsonLength = json.length;
            offset = 0;
        } else if (length >= 2 && (data[offset] & 0xff) == 0x78
                && ((data[offset] & 0xff) * 256 + (data[offset + 1] & 0xff)) % 31 == 0) {
            json = inflate(data, offset, length, false);
            jsonLength = json.length;
            offset = 0;
        } else {
            json = data;
            jsonLength = length;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json, offset, jsonLength);
        } catch (IOException e) {
            throw new GelfFormatException("json.Unmarshal: " + firstLine(e));
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new GelfFormatException("json.Unmarshal: not a JSON object");
        }
        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().startsWith("_")) {
                extra.set(field.getKey(), field.getValue());
            }
        }
        return new GelfMessage(GelfMessage.text(root.get("version"), "version"),
                GelfMessage.text(root.get("host"), "host"),
                GelfMessage.text(root.get("short_message"), "short_message"),
                GelfMessage.text(root.get("full_message"), "full_message"),
                number(root.get("timestamp"), "timestamp"),
                (int) number(root.get("level"), "level"),
                GelfMessage.text(root.get("facility"), "facility"),
                extra);
    }

    private static double number(JsonNode node, String field) throws GelfFormatException {
        if (node == null) {
            return 0;
        }
        if (!node.isNumber()) {
            throw new GelfFormatException("invalid type for field " + field);
        }
        return node.doubleValue();
    }

    private static byte[] inflate(byte[] data, int offset, int length, boolean gzip) throws GelfFormatException {
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(data, offset, length))
                : new InflaterInputStream(new ByteArrayInputStream(data, offset, length))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(MAX_MESSAGE_BYTES, length * 4));
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > MAX_MESSAGE_BYTES) {
                    throw new GelfFormatException("decompressed message is longer than " + MAX_MESSAGE_BYTES
                            + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new GelfFormatException((gzip ? "gzip" : "zlib") + ": " + e.getMessage());
        }
    }

    private static String firstLine(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
