package io.sleipnir.loki;

import com.google.protobuf.CodedOutputStream;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Encodes a {@link Batch} as Loki's {@code logproto.PushRequest} and snappy block-compresses it, without
 * generated protobuf classes. Sizes are computed in a first pass (kept in reusable int arrays), then the
 * message is written into a reusable byte array, then compressed into a second reusable array. One
 * encoder per client, used by its sending thread; not thread-safe.
 *
 * <p>Field numbers (spec/loki-push.md): PushRequest.streams=1; StreamAdapter.labels=1, entries=2;
 * EntryAdapter.timestamp=1 (Timestamp seconds=1, nanos=2), line=2, structuredMetadata=3
 * (LabelPairAdapter name=1, value=2). hash, parsed and format stay empty.
 */
public final class PushEncoder {
    private static final int PUSH_STREAMS = 1;
    private static final int STREAM_LABELS = 1;
    private static final int STREAM_ENTRIES = 2;
    private static final int ENTRY_TIMESTAMP = 1;
    private static final int ENTRY_LINE = 2;
    private static final int ENTRY_STRUCTURED_METADATA = 3;
    private static final int TIMESTAMP_SECONDS = 1;
    private static final int TIMESTAMP_NANOS = 2;
    private static final int PAIR_NAME = 1;
    private static final int PAIR_VALUE = 2;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private byte[] raw = new byte[64 * 1024];
    private byte[] compressed = new byte[Snappy.maxCompressedLength(64 * 1024)];
    private int[] entrySizes = new int[1024];
    /**
     * Each line's UTF-8 bytes from the size pass, written as they are in the second pass: the entry's own bytes when
     * it is held as bytes (a tailed line no stage made text of), else encoded here. The JDK's encoder is a
     * vectorised copy for ASCII lines; protobuf's writeString walked every line char by char twice (size, then
     * write).
     */
    private byte[][] lineBytes = new byte[1024][];
    /** Where each line starts in its {@link #lineBytes} array, and its length: an entry held as bytes may be a slice. */
    private int[] lineOffsets = new int[1024];
    private int[] lineLengths = new int[1024];
    private int[] streamSizes = new int[64];

    /** Encodes and compresses; the returned body shares this encoder's buffer (see {@link PushRequestBody}). */
    public PushRequestBody encode(Batch batch) {
        int rawLength = encodeUncompressed(batch);
        int maxCompressed = Snappy.maxCompressedLength(rawLength);
        if (compressed.length < maxCompressed) {
            compressed = new byte[maxCompressed];
        }
        try {
            int length = Snappy.compress(raw, 0, rawLength, compressed, 0);
            return new PushRequestBody(batch.tenant(), compressed, length, batch.entryCount(), batch.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("snappy compression failed", e);
        }
    }

    /** Writes the uncompressed PushRequest into the internal buffer and returns its length. */
    int encodeUncompressed(Batch batch) {
        Map<Labels, List<LogEntry>> streams = batch.streams();
        ensureSizeArrays(streams.size(), batch.entryCount());
        int total = 0;
        int s = 0;
        int e = 0;
        for (Map.Entry<Labels, List<LogEntry>> stream : streams.entrySet()) {
            int streamSize = CodedOutputStream.computeStringSize(STREAM_LABELS, stream.getKey().toLokiString());
            for (LogEntry entry : stream.getValue()) {
                byte[] line = entry.utf8();
                if (line != null) {
                    lineOffsets[e] = entry.utf8Offset();
                    lineLengths[e] = entry.utf8Length();
                } else {
                    line = entry.line().getBytes(StandardCharsets.UTF_8);
                    lineOffsets[e] = 0;
                    lineLengths[e] = line.length;
                }
                lineBytes[e] = line;
                int entrySize = entrySize(entry, lineLengths[e]);
                entrySizes[e++] = entrySize;
                streamSize += CodedOutputStream.computeTagSize(STREAM_ENTRIES)
                        + CodedOutputStream.computeUInt32SizeNoTag(entrySize) + entrySize;
            }
            streamSizes[s++] = streamSize;
            total += CodedOutputStream.computeTagSize(PUSH_STREAMS)
                    + CodedOutputStream.computeUInt32SizeNoTag(streamSize) + streamSize;
        }
        if (raw.length < total) {
            // Sized to the push plus a little, not doubled: batches are cut at batchsize, so the buffer stops growing
            // at about one push, where doubling left it at twice that (2.4 MB of heap for 1 MiB batches, for good).
            raw = new byte[total + total / 16];
        }
        CodedOutputStream out = CodedOutputStream.newInstance(raw, 0, total);
        try {
            s = 0;
            e = 0;
            for (Map.Entry<Labels, List<LogEntry>> stream : streams.entrySet()) {
                out.writeTag(PUSH_STREAMS, 2);
                out.writeUInt32NoTag(streamSizes[s++]);
                out.writeString(STREAM_LABELS, stream.getKey().toLokiString());
                for (LogEntry entry : stream.getValue()) {
                    out.writeTag(STREAM_ENTRIES, 2);
                    out.writeUInt32NoTag(entrySizes[e]);
                    writeEntry(out, entry, lineBytes[e], lineOffsets[e], lineLengths[e]);
                    lineBytes[e++] = null;
                }
            }
            out.checkNoSpaceLeft();
        } catch (IOException ex) {
            throw new IllegalStateException("protobuf size precomputation was wrong", ex);
        }
        return total;
    }

    byte[] rawBuffer() {
        return raw;
    }

    private void ensureSizeArrays(int streams, int entries) {
        if (streamSizes.length < streams) {
            streamSizes = new int[Math.max(streams, streamSizes.length * 2)];
        }
        if (entrySizes.length < entries) {
            entrySizes = new int[Math.max(entries, entrySizes.length * 2)];
            lineBytes = new byte[entrySizes.length][];
            lineOffsets = new int[entrySizes.length];
            lineLengths = new int[entrySizes.length];
        }
    }

    private static int entrySize(LogEntry entry, int lineLength) {
        int ts = timestampSize(entry.timestampNanos());
        int size = CodedOutputStream.computeTagSize(ENTRY_TIMESTAMP) + CodedOutputStream.computeUInt32SizeNoTag(ts) + ts;
        if (lineLength > 0) {
            size += CodedOutputStream.computeTagSize(ENTRY_LINE) + CodedOutputStream.computeUInt32SizeNoTag(lineLength)
                    + lineLength;
        }
        Labels metadata = entry.structuredMetadata();
        for (int i = 0; i < metadata.size(); i++) {
            int pair = pairSize(metadata.name(i), metadata.value(i));
            size += CodedOutputStream.computeTagSize(ENTRY_STRUCTURED_METADATA)
                    + CodedOutputStream.computeUInt32SizeNoTag(pair) + pair;
        }
        return size;
    }

    private static void writeEntry(CodedOutputStream out, LogEntry entry, byte[] line, int lineOffset, int lineLength)
            throws IOException {
        long seconds = Math.floorDiv(entry.timestampNanos(), NANOS_PER_SECOND);
        int nanos = (int) Math.floorMod(entry.timestampNanos(), NANOS_PER_SECOND);
        out.writeTag(ENTRY_TIMESTAMP, 2);
        out.writeUInt32NoTag(timestampSize(entry.timestampNanos()));
        if (seconds != 0) {
            out.writeInt64(TIMESTAMP_SECONDS, seconds);
        }
        if (nanos != 0) {
            out.writeInt32(TIMESTAMP_NANOS, nanos);
        }
        if (lineLength > 0) {
            out.writeTag(ENTRY_LINE, 2);
            out.writeUInt32NoTag(lineLength);
            out.writeRawBytes(line, lineOffset, lineLength);
        }
        Labels metadata = entry.structuredMetadata();
        for (int i = 0; i < metadata.size(); i++) {
            String name = metadata.name(i);
            String value = metadata.value(i);
            out.writeTag(ENTRY_STRUCTURED_METADATA, 2);
            out.writeUInt32NoTag(pairSize(name, value));
            if (!name.isEmpty()) {
                out.writeString(PAIR_NAME, name);
            }
            if (!value.isEmpty()) {
                out.writeString(PAIR_VALUE, value);
            }
        }
    }

    private static int timestampSize(long timestampNanos) {
        long seconds = Math.floorDiv(timestampNanos, NANOS_PER_SECOND);
        int nanos = (int) Math.floorMod(timestampNanos, NANOS_PER_SECOND);
        int size = 0;
        if (seconds != 0) {
            size += CodedOutputStream.computeInt64Size(TIMESTAMP_SECONDS, seconds);
        }
        if (nanos != 0) {
            size += CodedOutputStream.computeInt32Size(TIMESTAMP_NANOS, nanos);
        }
        return size;
    }

    private static int pairSize(String name, String value) {
        int size = 0;
        if (!name.isEmpty()) {
            size += CodedOutputStream.computeStringSize(PAIR_NAME, name);
        }
        if (!value.isEmpty()) {
            size += CodedOutputStream.computeStringSize(PAIR_VALUE, value);
        }
        return size;
    }
}
