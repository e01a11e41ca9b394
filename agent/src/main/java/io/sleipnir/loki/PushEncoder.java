package io.sleipnir.loki;

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
 * generated protobuf classes. A first pass reads each entry once and keeps what the write needs (its timestamp's
 * seconds and nanos, its line's bytes, its size) in reusable arrays; the second pass writes the message from those
 * arrays into a reusable byte array without touching the entries again; then it is compressed into a second
 * reusable array. One encoder per client, used by its sending thread; not thread-safe.
 *
 * <p>The wire format is written here by hand (tags, varints, length-delimited fields), byte for byte what
 * protobuf-java's {@code CodedOutputStream} wrote before ({@code PushEncoderTest} holds it to that on generated
 * batches): with the image's C1 compiler its calls per field, not inlined, were a quarter of the sending thread.
 * Strings (labels, structured metadata) are written as {@link String#getBytes} makes them UTF-8, which is also
 * what protobuf does with a lone surrogate.
 *
 * <p>Field numbers (spec/loki-push.md): PushRequest.streams=1; StreamAdapter.labels=1, entries=2;
 * EntryAdapter.timestamp=1 (Timestamp seconds=1, nanos=2), line=2, structuredMetadata=3
 * (LabelPairAdapter name=1, value=2). hash, parsed and format stay empty.
 */
public final class PushEncoder {
    /** Tags: field number times 8 plus the wire type (2 for length-delimited fields, 0 for varints). */
    private static final byte FIELD_1_BYTES = 1 << 3 | 2;
    private static final byte FIELD_2_BYTES = 2 << 3 | 2;
    private static final byte FIELD_3_BYTES = 3 << 3 | 2;
    private static final byte FIELD_1_VARINT = 1 << 3;
    private static final byte FIELD_2_VARINT = 2 << 3;
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
    /** Each entry's timestamp as protobuf's Timestamp holds it: seconds, and nanoseconds 0 to 999,999,999. */
    private long[] seconds = new long[1024];
    private int[] nanos = new int[1024];
    /** Each entry's structured metadata when it has any, else null (most entries). */
    private Labels[] metadata = new Labels[1024];
    private int[] streamSizes = new int[64];
    private int[] streamEntries = new int[64];
    private byte[][] streamLabels = new byte[64][];

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
        long total = 0;
        int s = 0;
        int e = 0;
        for (Map.Entry<Labels, List<LogEntry>> stream : streams.entrySet()) {
            byte[] labels = stream.getKey().toLokiString().getBytes(StandardCharsets.UTF_8);
            streamLabels[s] = labels;
            long streamSize = fieldSize(labels.length);
            int first = e;
            for (LogEntry entry : stream.getValue()) {
                byte[] line = entry.utf8();
                int lineLength;
                if (line != null) {
                    lineOffsets[e] = entry.utf8Offset();
                    lineLength = entry.utf8Length();
                } else {
                    line = entry.line().getBytes(StandardCharsets.UTF_8);
                    lineOffsets[e] = 0;
                    lineLength = line.length;
                }
                lineBytes[e] = line;
                lineLengths[e] = lineLength;
                long timestamp = entry.timestampNanos();
                long entrySeconds = Math.floorDiv(timestamp, NANOS_PER_SECOND);
                int entryNanos = (int) (timestamp - entrySeconds * NANOS_PER_SECOND); // floorMod, one division less
                seconds[e] = entrySeconds;
                nanos[e] = entryNanos;
                int entrySize = fieldSize(timestampSize(entrySeconds, entryNanos));
                if (lineLength > 0) {
                    entrySize += fieldSize(lineLength);
                }
                Labels entryMetadata = entry.structuredMetadata();
                if (entryMetadata.size() > 0) {
                    metadata[e] = entryMetadata;
                    for (int i = 0; i < entryMetadata.size(); i++) {
                        entrySize += fieldSize(pairSize(entryMetadata.name(i), entryMetadata.value(i)));
                    }
                }
                entrySizes[e++] = entrySize;
                streamSize += fieldSize(entrySize);
            }
            if (streamSize > Integer.MAX_VALUE) {
                throw new IllegalStateException("a stream of " + streamSize + " bytes does not fit one push");
            }
            streamEntries[s] = e - first;
            streamSizes[s++] = (int) streamSize;
            total += fieldSize((int) streamSize);
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a push of " + total + " bytes does not fit an array");
        }
        if (raw.length < total) {
            // Sized to the push plus a little, not doubled: batches are cut at batchsize, so the buffer stops growing
            // at about one push, where doubling left it at twice that (2.4 MB of heap for 1 MiB batches, for good).
            raw = new byte[(int) Math.min(total + total / 16, Integer.MAX_VALUE - 16)];
        }
        int written = write(raw, s);
        if (written != total) {
            throw new IllegalStateException("protobuf size precomputation was wrong: " + written + " bytes written, "
                    + total + " computed");
        }
        return written;
    }

    /** The second pass: {@code streamCount} streams and their entries, from what the first pass kept. */
    private int write(byte[] out, int streamCount) {
        int pos = 0;
        int e = 0;
        for (int s = 0; s < streamCount; s++) {
            out[pos++] = FIELD_1_BYTES;
            pos = writeVarint(out, pos, streamSizes[s]);
            byte[] labels = streamLabels[s];
            streamLabels[s] = null;
            pos = writeField(out, pos, FIELD_1_BYTES, labels, 0, labels.length);
            for (int end = e + streamEntries[s]; e < end; e++) {
                out[pos++] = FIELD_2_BYTES;
                pos = writeVarint(out, pos, entrySizes[e]);
                long entrySeconds = seconds[e];
                int entryNanos = nanos[e];
                out[pos++] = FIELD_1_BYTES;
                pos = writeVarint(out, pos, timestampSize(entrySeconds, entryNanos));
                if (entrySeconds != 0) {
                    out[pos++] = FIELD_1_VARINT;
                    pos = writeVarint64(out, pos, entrySeconds);
                }
                if (entryNanos != 0) {
                    out[pos++] = FIELD_2_VARINT;
                    pos = writeVarint(out, pos, entryNanos);
                }
                if (lineLengths[e] > 0) {
                    pos = writeField(out, pos, FIELD_2_BYTES, lineBytes[e], lineOffsets[e], lineLengths[e]);
                }
                lineBytes[e] = null;
                Labels entryMetadata = metadata[e];
                if (entryMetadata != null) {
                    metadata[e] = null;
                    pos = writeMetadata(out, pos, entryMetadata);
                }
            }
        }
        return pos;
    }

    private static int writeMetadata(byte[] out, int pos, Labels entryMetadata) {
        for (int i = 0; i < entryMetadata.size(); i++) {
            String name = entryMetadata.name(i);
            String value = entryMetadata.value(i);
            out[pos++] = FIELD_3_BYTES;
            pos = writeVarint(out, pos, pairSize(name, value));
            if (!name.isEmpty()) {
                byte[] b = name.getBytes(StandardCharsets.UTF_8);
                pos = writeField(out, pos, FIELD_1_BYTES, b, 0, b.length);
            }
            if (!value.isEmpty()) {
                byte[] b = value.getBytes(StandardCharsets.UTF_8);
                pos = writeField(out, pos, FIELD_2_BYTES, b, 0, b.length);
            }
        }
        return pos;
    }

    byte[] rawBuffer() {
        return raw;
    }

    private void ensureSizeArrays(int streams, int entries) {
        if (streamSizes.length < streams) {
            int n = Math.max(streams, streamSizes.length * 2);
            streamSizes = new int[n];
            streamEntries = new int[n];
            streamLabels = new byte[n][];
        }
        if (entrySizes.length < entries) {
            int n = Math.max(entries, entrySizes.length * 2);
            entrySizes = new int[n];
            lineBytes = new byte[n][];
            lineOffsets = new int[n];
            lineLengths = new int[n];
            seconds = new long[n];
            nanos = new int[n];
            metadata = new Labels[n];
        }
    }

    /** A length-delimited field of {@code length} bytes: its one-byte tag, its length, its bytes. */
    private static int fieldSize(int length) {
        return 1 + varintSize(length) + length;
    }

    private static int timestampSize(long seconds, int nanos) {
        int size = 0;
        if (seconds != 0) {
            size += 1 + varint64Size(seconds);
        }
        if (nanos != 0) {
            size += 1 + varintSize(nanos);
        }
        return size;
    }

    private static int pairSize(String name, String value) {
        int size = 0;
        if (!name.isEmpty()) {
            size += fieldSize(name.getBytes(StandardCharsets.UTF_8).length);
        }
        if (!value.isEmpty()) {
            size += fieldSize(value.getBytes(StandardCharsets.UTF_8).length);
        }
        return size;
    }

    /**
     * Bytes of an int as {@link #writeVarint} writes it, unsigned (uint32). Every int written is a length or nanos,
     * never negative, so protobuf's int32 form (ten bytes for a negative value) never arises.
     */
    private static int varintSize(int value) {
        // Compares rather than counting leading zeros: C1 makes that a call.
        if (value < 0) {
            return 5;
        }
        return value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;
    }

    /** Bytes of a long as a varint: a negative one (seconds before 1970) takes ten. */
    private static int varint64Size(long value) {
        return (63 - Long.numberOfLeadingZeros(value | 1)) / 7 + 1;
    }

    private static int writeVarint(byte[] out, int pos, int value) {
        while ((value & ~0x7F) != 0) {
            out[pos++] = (byte) (value & 0x7F | 0x80);
            value >>>= 7;
        }
        out[pos++] = (byte) value;
        return pos;
    }

    private static int writeVarint64(byte[] out, int pos, long value) {
        while ((value & ~0x7FL) != 0) {
            out[pos++] = (byte) (value & 0x7F | 0x80);
            value >>>= 7;
        }
        out[pos++] = (byte) value;
        return pos;
    }

    private static int writeField(byte[] out, int pos, byte tag, byte[] bytes, int offset, int length) {
        out[pos++] = tag;
        pos = writeVarint(out, pos, length);
        System.arraycopy(bytes, offset, out, pos, length);
        return pos + length;
    }
}
