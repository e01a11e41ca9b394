package io.sleipnir.model;

/**
 * One log entry on its way to Loki.
 *
 * @param timestampNanos   Unix time in nanoseconds (the read time until a stage sets it)
 * @param line             the log line, valid UTF-16 (invalid UTF-8 was replaced with U+FFFD when read)
 * @param labels           the stream's labels, including internal {@code __} ones until the client strips them
 * @param structuredMetadata per-entry key/values that are not stream labels
 * @param delivery         the acknowledgement token; completed once by each holder
 */
public record LogEntry(long timestampNanos, String line, Labels labels, Labels structuredMetadata, Delivery delivery) {

    public LogEntry {
        if (line == null || labels == null || structuredMetadata == null || delivery == null) {
            throw new NullPointerException("entry fields must not be null");
        }
    }

    public static LogEntry of(long timestampNanos, String line, Labels labels, Delivery delivery) {
        return new LogEntry(timestampNanos, line, labels, Labels.empty(), delivery);
    }

    public LogEntry withLine(String newLine) {
        return new LogEntry(timestampNanos, newLine, labels, structuredMetadata, delivery);
    }

    public LogEntry withLabels(Labels newLabels) {
        return new LogEntry(timestampNanos, line, newLabels, structuredMetadata, delivery);
    }

    public LogEntry withTimestamp(long newTimestampNanos) {
        return new LogEntry(newTimestampNanos, line, labels, structuredMetadata, delivery);
    }

    public LogEntry withDelivery(Delivery newDelivery) {
        return new LogEntry(timestampNanos, line, labels, structuredMetadata, newDelivery);
    }

    /** Bytes Loki and Promtail count against a batch: the line plus structured metadata, as UTF-8. */
    public int sizeBytes() {
        int size = Utf8.length(line);
        for (int i = 0; i < structuredMetadata.size(); i++) {
            size += Utf8.length(structuredMetadata.name(i)) + Utf8.length(structuredMetadata.value(i));
        }
        return size;
    }
}
