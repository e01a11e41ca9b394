package io.sleipnir.live;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sleipnir.model.Labels;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One message of a live tail, in the shape of Loki's {@code /loki/api/v1/tail}: entries grouped by stream, each
 * value {@code ["<unix ns>", "<line>"]} plus {@code {"structuredMetadata": {...}}} when it has any, Loki 3's form.
 * Sleipnir adds {@code skipped_entries}: how many matching entries this tail has skipped so far because its reader
 * was too slow ({@code dropped_entries}, which Loki fills with each dropped entry's labels and time, stays empty:
 * keeping those would cost the memory the skipping saves).
 */
public final class TailMessage {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TailMessage() {
    }

    public static String encode(List<TailedEntry> entries, long skipped) {
        Map<Labels, List<TailedEntry>> streams = new LinkedHashMap<>();
        for (TailedEntry e : entries) {
            streams.computeIfAbsent(e.labels(), l -> new ArrayList<>()).add(e);
        }
        StringWriter out = new StringWriter(256 + 200 * entries.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("streams");
            for (Map.Entry<Labels, List<TailedEntry>> stream : streams.entrySet()) {
                g.writeStartObject();
                g.writeFieldName("stream");
                writeLabels(g, stream.getKey());
                g.writeArrayFieldStart("values");
                for (TailedEntry e : stream.getValue()) {
                    g.writeStartArray();
                    g.writeString(Long.toString(e.timestampNanos()));
                    g.writeString(e.line());
                    if (!e.structuredMetadata().isEmpty()) {
                        g.writeStartObject();
                        g.writeFieldName("structuredMetadata");
                        writeLabels(g, e.structuredMetadata());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("dropped_entries");
            g.writeEndArray();
            g.writeNumberField("skipped_entries", skipped);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeLabels(JsonGenerator g, Labels labels) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < labels.size(); i++) {
            g.writeStringField(labels.name(i), labels.value(i));
        }
        g.writeEndObject();
    }

    /** A decoded message: its entries in order, and the tail's skipped count so far. */
    public record Decoded(List<TailedEntry> entries, long skipped) {
    }

    /** Reads a message written by {@link #encode} (or by Loki, without {@code skipped_entries}). */
    public static Decoded decode(String text) {
        try {
            JsonNode root = MAPPER.readTree(text);
            List<TailedEntry> entries = new ArrayList<>();
            for (JsonNode stream : root.path("streams")) {
                Labels labels = labels(stream.path("stream"));
                for (JsonNode value : stream.path("values")) {
                    JsonNode meta = value.path(2).path("structuredMetadata");
                    entries.add(new TailedEntry(Long.parseLong(value.path(0).asText()), labels,
                            meta.isObject() ? labels(meta) : Labels.empty(), value.path(1).asText()));
                }
            }
            return new Decoded(entries, root.path("skipped_entries").asLong(0));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException("not a tail message: " + e.getMessage(), e);
        }
    }

    private static Labels labels(JsonNode object) {
        Map<String, String> m = new TreeMap<>();
        object.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asText()));
        return Labels.of(m);
    }
}
