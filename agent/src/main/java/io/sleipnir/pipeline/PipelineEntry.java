package io.sleipnir.pipeline;

import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry during one pipeline run: the {@link LogEntry} fields, mutable, plus Promtail's per-entry
 * {@code extracted} map. The pipeline wraps each incoming entry once, every stage reads and changes the same
 * object, and the pipeline's end turns it back into a {@link LogEntry}; the extracted map never leaves the pipeline.
 *
 * <p><b>Extracted values</b> keep the types Promtail's stages give them: {@link String}, {@link Double} (Go's
 * float64: every JSON number), {@link Boolean}, or {@code null} (a JSON null). Complex JSON values are stored as
 * their JSON text, as Promtail's json stage does. {@link GoValues#toText} converts a value the way Promtail's
 * {@code getString} does when a stage needs a string.
 *
 * <p>As in Promtail, the map starts with the entry's labels as they were when the entry entered the pipeline
 * ({@code filename}, {@code job}, ...). It is created only when a stage first touches it, so pipelines whose stages
 * never read or write extracted values (a lone {@code cri}) pay nothing for it.
 *
 * <p>The line may be held as UTF-8 bytes (see {@link LogEntry#ofUtf8}) until a stage asks for it as text
 * ({@link #line()} decodes it once); {@link #setLine} replaces both, {@link #cutLineUtf8} keeps a suffix of the bytes.
 *
 * <p>Not thread-safe: an entry belongs to the one thread that runs the pipeline. A stage that buffers an entry
 * (partial lines, multiline) keeps the object, and calls {@link #keep} first: a tailed line's bytes are lent for
 * the one call that brings the entry in.
 */
public final class PipelineEntry {
    private long timestampNanos;
    /** The line as text, or null while only {@link #utf8} holds it. */
    private String line;
    /** The line's UTF-8 bytes (never written), or null when the line is held only as text. */
    private byte[] utf8;
    /** True while {@link #utf8} is lent for the current call only (see {@link #relend}). */
    private boolean lent;
    private int utf8Offset;
    private int utf8Length;
    private Labels labels;
    private Labels structuredMetadata;
    private Delivery delivery;
    private Labels initialLabels;
    private HashMap<String, Object> extracted;
    /**
     * True for a pipeline's one entry that every lent line is brought in as ({@link #relend}): it is filled again for
     * the next line, so a stage that holds it past the call gets a copy from {@link #keep}.
     */
    private final boolean reused;

    private PipelineEntry(long timestampNanos, String line, Labels labels, Labels structuredMetadata,
                          Delivery delivery) {
        this(timestampNanos, line, labels, structuredMetadata, delivery, false);
    }

    private PipelineEntry(long timestampNanos, String line, Labels labels, Labels structuredMetadata,
                          Delivery delivery, boolean reused) {
        this.timestampNanos = timestampNanos;
        this.line = line;
        this.labels = labels;
        this.structuredMetadata = structuredMetadata;
        this.delivery = delivery;
        this.initialLabels = labels;
        this.reused = reused;
    }

    /**
     * An entry for a pipeline to bring its lent lines in as, one after another ({@link #relend}); it holds nothing
     * until then. An object per line was a sixth of what the reader allocated.
     */
    static PipelineEntry reusable() {
        return new PipelineEntry(0, null, Labels.empty(), Labels.empty(), Delivery.NONE, true);
    }

    /**
     * This {@link #reusable} entry, filled as {@link #of} would make one of an entry {@link LogEntry#ofUtf8} would
     * make (no structured metadata), but with the line's bytes lent for the current pipeline call only (see
     * {@link io.sleipnir.model.EntrySink#acceptUtf8}): what is still held of them is copied when the entry leaves
     * ({@link #toLogEntry}) or is kept ({@link #keep}). Whatever it held before is forgotten: a stage that kept it
     * holds the copy {@link #keep} gave.
     */
    PipelineEntry relend(long timestampNanos, byte[] utf8, int offset, int length, Labels labels, Delivery delivery) {
        if (!reused) {
            throw new IllegalStateException("only a reusable entry is lent again");
        }
        Objects.checkFromIndexSize(offset, length, utf8.length);
        if (labels == null || delivery == null) {
            throw new NullPointerException("entry fields must not be null");
        }
        this.timestampNanos = timestampNanos;
        this.line = null;
        this.labels = labels;
        this.initialLabels = labels;
        this.structuredMetadata = Labels.empty();
        this.delivery = delivery;
        this.extracted = null;
        holdingUtf8(utf8, offset, length);
        this.lent = true;
        return this;
    }

    public static PipelineEntry of(LogEntry entry) {
        byte[] bytes = entry.utf8();
        if (bytes == null) {
            return new PipelineEntry(entry.timestampNanos(), entry.line(), entry.labels(), entry.structuredMetadata(),
                    entry.delivery());
        }
        return new PipelineEntry(entry.timestampNanos(), null, entry.labels(), entry.structuredMetadata(),
                entry.delivery()).holdingUtf8(bytes, entry.utf8Offset(), entry.utf8Length());
    }

    /**
     * Makes the entry its own before a stage keeps it past the call that brought it (partial lines, a multiline
     * block): a line still held as lent bytes is copied, so that the tailer may fill its buffer again. The stage
     * keeps what this returns: for a {@link #reusable} entry, a copy (with the extracted values so far).
     */
    PipelineEntry keep() {
        ownBytes();
        if (!reused) {
            return this;
        }
        PipelineEntry own = new PipelineEntry(timestampNanos, line, labels, structuredMetadata, delivery)
                .holdingUtf8(utf8, utf8Offset, utf8Length);
        own.initialLabels = initialLabels;
        // The copy takes the values extracted so far; this entry goes on with its own copy of them until refilled.
        own.extracted = extracted;
        extracted = extracted == null ? null : new HashMap<>(extracted);
        return own;
    }

    /** A line still held as lent bytes is copied (once), so that the tailer may fill its buffer again. */
    private void ownBytes() {
        if (lent) {
            utf8 = Arrays.copyOfRange(utf8, utf8Offset, utf8Offset + utf8Length);
            utf8Offset = 0;
            lent = false;
        }
    }

    /** This new entry's line is {@code length} bytes of {@code utf8} from {@code offset} (see {@link #utf8}). */
    private PipelineEntry holdingUtf8(byte[] utf8, int offset, int length) {
        this.utf8 = utf8;
        this.utf8Offset = offset;
        this.utf8Length = length;
        return this;
    }

    /** The entry as it leaves the pipeline (without the extracted map); it holds no lent bytes. */
    public LogEntry toLogEntry() {
        ownBytes();
        if (utf8 != null) {
            return LogEntry.ofUtf8(timestampNanos, utf8, utf8Offset, utf8Length, labels, structuredMetadata, delivery);
        }
        return new LogEntry(timestampNanos, line, labels, structuredMetadata, delivery);
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    public void setTimestampNanos(long timestampNanos) {
        this.timestampNanos = timestampNanos;
    }

    public String line() {
        String s = line;
        if (s == null) {
            s = new String(utf8, utf8Offset, utf8Length, StandardCharsets.UTF_8);
            line = s;
        }
        return s;
    }

    public void setLine(String line) {
        if (line == null) {
            throw new NullPointerException("line");
        }
        this.line = line;
        this.utf8 = null;
        this.lent = false;
    }

    /** The array holding the line's UTF-8 bytes from {@link #utf8Offset()}, or null when it is held only as text. */
    byte[] utf8() {
        return utf8;
    }

    int utf8Offset() {
        return utf8Offset;
    }

    int utf8Length() {
        return utf8Length;
    }

    /**
     * Keeps the line's bytes from {@code from} (an offset into {@link #utf8()}, at a character boundary) to its end,
     * as the new line; the text is decoded again only if asked for. Only for a line held as bytes.
     */
    void cutLineUtf8(int from) {
        int end = utf8Offset + utf8Length;
        if (utf8 == null || from < utf8Offset || from > end) {
            throw new IllegalStateException("no UTF-8 line to cut at " + from);
        }
        utf8Length = end - from;
        utf8Offset = from;
        line = null;
    }

    public Labels labels() {
        return labels;
    }

    public void setLabels(Labels labels) {
        if (labels == null) {
            throw new NullPointerException("labels");
        }
        this.labels = labels;
    }

    public Labels structuredMetadata() {
        return structuredMetadata;
    }

    public void setStructuredMetadata(Labels structuredMetadata) {
        if (structuredMetadata == null) {
            throw new NullPointerException("structuredMetadata");
        }
        this.structuredMetadata = structuredMetadata;
    }

    public Delivery delivery() {
        return delivery;
    }

    public void setDelivery(Delivery delivery) {
        if (delivery == null) {
            throw new NullPointerException("delivery");
        }
        this.delivery = delivery;
    }

    /** Whether {@code key} is in the extracted map (possibly with a null value, as a JSON null is). */
    public boolean hasExtracted(String key) {
        return extracted().containsKey(key);
    }

    /** The extracted value of {@code key}, or null when absent (use {@link #hasExtracted} to tell a JSON null). */
    public Object extracted(String key) {
        return extracted().get(key);
    }

    /** Sets an extracted value: a String, Double, Boolean or null (see the class comment). */
    public void extract(String key, Object value) {
        extracted().put(key, value);
    }

    public void removeExtracted(String key) {
        extracted().remove(key);
    }

    /** A read-only view of the extracted map, for stages that read every value (template, pack) and for tests. */
    public Map<String, Object> extractedView() {
        return Collections.unmodifiableMap(extracted());
    }

    private HashMap<String, Object> extracted() {
        HashMap<String, Object> map = extracted;
        if (map == null) {
            map = new HashMap<>(Math.max(16, initialLabels.size() * 2 + 8));
            for (int i = 0; i < initialLabels.size(); i++) {
                map.put(initialLabels.name(i), initialLabels.value(i));
            }
            extracted = map;
        }
        return map;
    }

    @Override
    public String toString() {
        return "PipelineEntry{" + timestampNanos + ", " + labels + ", line=" + line() + ", extracted=" + extracted + '}';
    }
}
