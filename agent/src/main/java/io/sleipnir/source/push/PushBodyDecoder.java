package io.sleipnir.source.push;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonFactory;
import com.google.protobuf.CodedInputStream;
import io.sleipnir.model.Labels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.xerial.snappy.Snappy;

/**
 * Decodes a push body as Loki's distributor does: {@code Content-Encoding: gzip} first; then JSON when the
 * {@code Content-Type} is {@code application/json}, otherwise a snappy block holding a protobuf
 * {@code logproto.PushRequest} (read with protobuf-java's wire reader, field numbers from Loki's push.proto).
 * Every size is checked against {@code maxBytes} before it is allocated (413), and the entry count against
 * {@code maxEntries} while reading (400), so a hostile body costs at most its bound.
 */
final class PushBodyDecoder {
    private static final JsonFactory JSON = new JsonFactory();

    private final long maxBytes;
    private final int maxEntries;

    PushBodyDecoder(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    List<PushedStream> decode(byte[] body, String contentType, String contentEncoding) throws PushRejected {
        byte[] raw = body;
        if (contentEncoding != null && !contentEncoding.isBlank()) {
            String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
            if (encoding.equals("gzip")) {
                raw = gunzip(body);
            } else if (!encoding.equals("identity")) {
                throw new PushRejected(415, "unsupported Content-Encoding \"" + shorten(contentEncoding)
                        + "\" (use gzip or none)");
            }
        }
        if (isJson(contentType)) {
            return json(raw);
        }
        return protobuf(unsnappy(raw));
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase("application/json");
    }

    private byte[] gunzip(byte[] body) throws PushRejected {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length * 4, 1 << 20));
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw PushRejected.tooLarge("gzip body decompresses to more than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw PushRejected.badRequest("invalid gzip body: " + e.getMessage());
        }
    }

    private byte[] unsnappy(byte[] raw) throws PushRejected {
        if (raw.length == 0) {
            return raw;
        }
        try {
            long length = Snappy.uncompressedLength(raw);
            if (length > maxBytes) {
                throw PushRejected.tooLarge("snappy body decompresses to " + length + " bytes, more than "
                        + maxBytes);
            }
            return Snappy.uncompress(raw);
        } catch (IOException e) {
            throw PushRejected.badRequest("invalid snappy body (Loki's protobuf push is a snappy block, not framed):"
                    + " " + e.getMessage());
        }
    }

    private List<PushedStream> protobuf(byte[] raw) throws PushRejected {
        try {
            CodedInputStream in = CodedInputStream.newInstance(raw);
            in.setSizeLimit(Integer.MAX_VALUE);
            List<PushedStream> streams = new ArrayList<>();
            int[] count = {0};
            for (int tag; (tag = in.readTag()) != 0; ) {
                if (tag == ((1 << 3) | 2)) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    streams.add(stream(in, count));
                    in.popLimit(limit);
                } else {
                    in.skipField(tag);
                }
            }
            return streams;
        } catch (IOException e) {
            throw PushRejected.badRequest("invalid protobuf PushRequest: " + e.getMessage());
        }
    }

    private PushedStream stream(CodedInputStream in, int[] count) throws IOException, PushRejected {
        String labels = "";
        List<PushedStream.Entry> entries = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (tag) {
                case (1 << 3) | 2 -> labels = in.readString();
                case (2 << 3) | 2 -> {
                    counted(count);
                    int limit = in.pushLimit(in.readRawVarint32());
                    entries.add(entry(in));
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
        return new PushedStream(labels, entries);
    }

    private void counted(int[] count) throws PushRejected {
        if (++count[0] > maxEntries) {
            throw PushRejected.badRequest("more than " + maxEntries + " entries in one request"
                    + " (max_entries_per_request); split it");
        }
    }

    private static PushedStream.Entry entry(CodedInputStream in) throws IOException {
        long seconds = 0;
        int nanos = 0;
        String line = "";
        TreeMap<String, String> metadata = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (tag) {
                case (1 << 3) | 2 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    for (int t; (t = in.readTag()) != 0; ) {
                        switch (t) {
                            case (1 << 3) -> seconds = in.readInt64();
                            case (2 << 3) -> nanos = in.readInt32();
                            default -> in.skipField(t);
                        }
                    }
                    in.popLimit(limit);
                }
                case (2 << 3) | 2 -> line = in.readString();
                case (3 << 3) | 2 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    String name = "";
                    String value = "";
                    for (int t; (t = in.readTag()) != 0; ) {
                        switch (t) {
                            case (1 << 3) | 2 -> name = in.readString();
                            case (2 << 3) | 2 -> value = in.readString();
                            default -> in.skipField(t);
                        }
                    }
                    in.popLimit(limit);
                    if (metadata == null) {
                        metadata = new TreeMap<>();
                    }
                    metadata.put(name, value);
                }
                default -> in.skipField(tag);
            }
        }
        return new PushedStream.Entry(Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos), line,
                metadata == null ? Labels.empty() : Labels.of(metadata));
    }

    /** Loki's JSON push: {@code {"streams":[{"stream":{..},"values":[["<ns>","line",{metadata}]]}]}}. */
    private List<PushedStream> json(byte[] raw) throws PushRejected {
        List<PushedStream> streams = new ArrayList<>();
        int[] count = {0};
        try (JsonParser p = JSON.createParser(raw)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("streams")) {
                    p.skipChildren();
                    continue;
                }
                expect(value, JsonToken.START_ARRAY, "\"streams\" to be an array");
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    streams.add(jsonStream(p, count));
                }
            }
        } catch (IOException | ArithmeticException e) {
            throw PushRejected.badRequest("invalid JSON push body: " + e.getMessage());
        }
        return streams;
    }

    private PushedStream jsonStream(JsonParser p, int[] count) throws IOException, PushRejected {
        TreeMap<String, String> labels = new TreeMap<>();
        List<PushedStream.Entry> entries = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "stream" -> {
                    expect(value, JsonToken.START_OBJECT, "\"stream\" to be an object");
                    readStringMap(p, labels);
                }
                case "values" -> {
                    expect(value, JsonToken.START_ARRAY, "\"values\" to be an array");
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        counted(count);
                        entries.add(jsonEntry(p));
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new PushedStream(Labels.of(labels).toLokiString(), entries);
    }

    private static PushedStream.Entry jsonEntry(JsonParser p) throws IOException, PushRejected {
        JsonToken t = p.nextToken();
        long ts;
        if (t == JsonToken.VALUE_STRING) {
            try {
                ts = Long.parseLong(p.getText().trim());
            } catch (NumberFormatException e) {
                throw PushRejected.badRequest("invalid JSON push body: timestamp \"" + shorten(p.getText())
                        + "\" is not a number of nanoseconds");
            }
        } else if (t == JsonToken.VALUE_NUMBER_INT) {
            ts = p.getLongValue();
        } else {
            throw PushRejected.badRequest("invalid JSON push body: each value must be [\"<unix ns>\", \"<line>\"]");
        }
        expect(p.nextToken(), JsonToken.VALUE_STRING, "the line to be a string");
        String line = p.getText();
        Labels metadata = Labels.empty();
        t = p.nextToken();
        if (t == JsonToken.START_OBJECT) {
            TreeMap<String, String> m = new TreeMap<>();
            readStringMap(p, m);
            metadata = Labels.of(m);
            t = p.nextToken();
        }
        expect(t, JsonToken.END_ARRAY, "a value to hold a timestamp, a line and optional structured metadata");
        return new PushedStream.Entry(ts, line, metadata);
    }

    private static void readStringMap(JsonParser p, TreeMap<String, String> into) throws IOException, PushRejected {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            expect(p.nextToken(), JsonToken.VALUE_STRING, "the value of \"" + shorten(name) + "\" to be a string");
            into.put(name, p.getText());
        }
    }

    private static void expect(JsonToken got, JsonToken want, String what) throws PushRejected {
        if (got != want) {
            throw PushRejected.badRequest("invalid JSON push body: expected " + what);
        }
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
