package io.sleipnir.model;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One log entry on its way to Loki: an immutable value.
 *
 * <p>The line is held as a String, or as the UTF-8 bytes it was read as ({@link #ofUtf8}) until someone asks for the
 * text: a tailed line that no stage rewrites, or that a stage only cut a suffix of ({@code cri}), reaches the encoder
 * as the bytes read from the file, without a String made of it and encoded back (the largest per-line cost once).
 * Both forms are the same value: {@link #line()} decodes the bytes on first use.
 *
 * <p>Fields: {@code timestampNanos} Unix time in nanoseconds (the read time until a stage sets it); {@code line} valid
 * UTF-16 (invalid UTF-8 was replaced with U+FFFD when read); {@code labels} the stream's labels, including internal
 * {@code __} ones until the client strips them; {@code structuredMetadata} per-entry key/values that are not stream
 * labels; {@code delivery} the acknowledgement token, completed once by each holder.
 */
public final class LogEntry {
    private final long timestampNanos;
    private final Labels labels;
    private final Labels structuredMetadata;
    private final Delivery delivery;
    /** The line's UTF-8 bytes {@code [utf8Offset, utf8Offset + utf8Length)} of this array, or null. Never written. */
    private final byte[] utf8;
    private final int utf8Offset;
    private final int utf8Length;
    /** The line as text; decoded from {@link #utf8} on first use (a benign race: any thread decodes the same). */
    private String line;

    public LogEntry(long timestampNanos, String line, Labels labels, Labels structuredMetadata, Delivery delivery) {
        this(timestampNanos, Objects.requireNonNull(line, "entry fields must not be null"), null, 0, 0, labels,
                structuredMetadata, delivery);
    }

    private LogEntry(long timestampNanos, String line, byte[] utf8, int utf8Offset, int utf8Length, Labels labels,
                     Labels structuredMetadata, Delivery delivery) {
        if (labels == null || structuredMetadata == null || delivery == null) {
            throw new NullPointerException("entry fields must not be null");
        }
        this.timestampNanos = timestampNanos;
        this.line = line;
        this.utf8 = utf8;
        this.utf8Offset = utf8Offset;
        this.utf8Length = utf8Length;
        this.labels = labels;
        this.structuredMetadata = structuredMetadata;
        this.delivery = delivery;
    }

    public static LogEntry of(long timestampNanos, String line, Labels labels, Delivery delivery) {
        return new LogEntry(timestampNanos, line, labels, Labels.empty(), delivery);
    }

    /**
     * An entry whose line is {@code length} bytes of {@code utf8} from {@code offset}, which must be valid UTF-8 and
     * never change afterwards (the entry keeps the array).
     */
    public static LogEntry ofUtf8(long timestampNanos, byte[] utf8, int offset, int length, Labels labels,
                                  Labels structuredMetadata, Delivery delivery) {
        Objects.checkFromIndexSize(offset, length, utf8.length);
        return new LogEntry(timestampNanos, null, utf8, offset, length, labels, structuredMetadata, delivery);
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    public String line() {
        String s = line;
        if (s == null) {
            s = new String(utf8, utf8Offset, utf8Length, StandardCharsets.UTF_8);
            line = s;
        }
        return s;
    }

    public Labels labels() {
        return labels;
    }

    public Labels structuredMetadata() {
        return structuredMetadata;
    }

    public Delivery delivery() {
        return delivery;
    }

    /** The array holding the line's UTF-8 bytes (see {@link #utf8Offset()}), or null when the line is held as text. */
    public byte[] utf8() {
        return utf8;
    }

    public int utf8Offset() {
        return utf8Offset;
    }

    /** The line's length in UTF-8 bytes, without encoding it. */
    public int utf8Length() {
        return utf8 != null ? utf8Length : Utf8.length(line);
    }

    public LogEntry withLine(String newLine) {
        return new LogEntry(timestampNanos, newLine, labels, structuredMetadata, delivery);
    }

    public LogEntry withLabels(Labels newLabels) {
        return new LogEntry(timestampNanos, line, utf8, utf8Offset, utf8Length, newLabels, structuredMetadata, delivery);
    }

    public LogEntry withTimestamp(long newTimestampNanos) {
        return new LogEntry(newTimestampNanos, line, utf8, utf8Offset, utf8Length, labels, structuredMetadata, delivery);
    }

    public LogEntry withDelivery(Delivery newDelivery) {
        return new LogEntry(timestampNanos, line, utf8, utf8Offset, utf8Length, labels, structuredMetadata, newDelivery);
    }

    /** Bytes Loki and Promtail count against a batch: the line plus structured metadata, as UTF-8. */
    public int sizeBytes() {
        int size = utf8Length();
        for (int i = 0; i < structuredMetadata.size(); i++) {
            size += Utf8.length(structuredMetadata.name(i)) + Utf8.length(structuredMetadata.value(i));
        }
        return size;
    }

    /** Equal when every field is: the line as text, whichever form holds it. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LogEntry e && timestampNanos == e.timestampNanos && line().equals(e.line())
                && labels.equals(e.labels) && structuredMetadata.equals(e.structuredMetadata)
                && delivery.equals(e.delivery);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampNanos, line(), labels, structuredMetadata, delivery);
    }

    @Override
    public String toString() {
        return "LogEntry[timestampNanos=" + timestampNanos + ", line=" + line() + ", labels=" + labels
                + ", structuredMetadata=" + structuredMetadata + ", delivery=" + delivery + "]";
    }
}
