package io.sleipnir.tail;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * One generation of a tailed path: an open channel on one file identity, where reading is, and the line whose
 * newline has not arrived yet ({@link #lines}). Owned by the reader thread; the {@code published} fields are for
 * the paused-watch thread.
 */
final class OpenFile {
    final FileIdentity identity;
    final FileChannel channel;
    final TailPositions.GenerationAcks acks;
    final LineSplitter lines;
    /** Offset of the next byte to read from disk. */
    long readPos;
    /** {@link #readPos} as of the last read turn, for the paused-watch thread. */
    volatile long publishedReadPos;
    /** The first bytes of this generation, as read; tells a truncated-and-rewritten file from a grown one. */
    final Fingerprint fingerprint = new Fingerprint();
    /** A snapshot of {@link #fingerprint} for the paused-watch thread; null while it is empty. */
    volatile Fingerprint publishedFingerprint;
    /** How often this generation was truncated and read again from 0 (no copy found); for the paused-watch thread. */
    volatile int restarts;
    /** The last read found no data. */
    boolean atEof;
    /** Renamed away, replaced or deleted: drain to the end, then release. */
    boolean gone;
    /** When EOF was first seen after {@link #gone} was noticed; null while data still arrives. */
    Long idleEofSinceMillis;

    OpenFile(FileIdentity identity, FileChannel channel, TailPositions.GenerationAcks acks, long startOffset,
             int lineCap) {
        this.identity = identity;
        this.channel = channel;
        this.acks = acks;
        this.lines = new LineSplitter(lineCap);
        this.readPos = startOffset;
        this.publishedReadPos = startOffset;
    }

    /** A generation that is already renamed away or replaced: read to its end, then released. */
    static OpenFile gone(FileIdentity identity, FileChannel channel, TailPositions.GenerationAcks acks,
                         long startOffset, int lineCap) {
        OpenFile f = new OpenFile(identity, channel, acks, startOffset, lineCap);
        f.gone = true;
        return f;
    }

    /** Reading goes on at {@code pos}; the paused-watch thread sees it. */
    void readTo(long pos) {
        readPos = pos;
        publishedReadPos = pos;
    }

    long sizeOr(long fallback) {
        try {
            return channel.size();
        } catch (IOException e) {
            return fallback;
        }
    }

    void closeQuietly() {
        ReportingOpener.closeQuietly(channel);
    }
}
