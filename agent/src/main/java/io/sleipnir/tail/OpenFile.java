package io.sleipnir.tail;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * One generation of a tailed path: an open channel on one file identity, where reading is, and the start of a
 * line whose newline has not arrived yet. Owned by the reader thread.
 */
final class OpenFile {
    final FileIdentity identity;
    final FileChannel channel;
    final TailPositions.GenerationAcks tracker;
    /** Offset of the next byte to read from disk. */
    long readPos;
    /** {@link #readPos} as of the last read turn, for the paused-watch thread. */
    volatile long publishedReadPos;
    /** Where the line being read (or the last one emitted) starts. */
    long lineStart;
    /** The first bytes of this generation, as read; tells a truncated-and-rewritten file from a grown one. */
    final Fingerprint fingerprint = new Fingerprint();
    /** A snapshot of {@link #fingerprint} for the paused-watch thread; null while it is empty. */
    volatile Fingerprint publishedFingerprint;
    /** The bytes of the current unterminated line, at most the line cap. */
    byte[] carry = new byte[256];
    int carryLen;
    /** The current line passed the cap: its first bytes are in carry, the rest is skipped up to the newline. */
    boolean overlong;
    /** The last read found no data. */
    boolean atEof;
    /** Renamed away, replaced or deleted: drain to the end, then release. */
    boolean gone;
    /** When EOF was first seen after {@link #gone} was noticed; null while data still arrives. */
    Long idleEofSinceMillis;

    OpenFile(FileIdentity identity, FileChannel channel, TailPositions.GenerationAcks tracker, long startOffset) {
        this.identity = identity;
        this.channel = channel;
        this.tracker = tracker;
        this.readPos = startOffset;
        this.publishedReadPos = startOffset;
        this.lineStart = startOffset;
    }

    /** Continues {@code other}'s unterminated line here: the rest of a generation read from its copy. */
    void takeLineFrom(OpenFile other) {
        carry = java.util.Arrays.copyOf(other.carry, other.carry.length);
        carryLen = other.carryLen;
        overlong = other.overlong;
        lineStart = other.lineStart;
    }

    /** Appends to the pending line, keeping at most {@code max} bytes. */
    void append(byte[] src, int off, int len, int max) {
        if (overlong || len == 0) {
            return;
        }
        int keep = len;
        if (carryLen + len > max) {
            keep = max - carryLen;
            overlong = true;
        }
        if (carryLen + keep > carry.length) {
            int cap = (int) Math.min(max, Math.max((long) carryLen + keep, 2L * carry.length));
            carry = java.util.Arrays.copyOf(carry, cap);
        }
        System.arraycopy(src, off, carry, carryLen, keep);
        carryLen += keep;
    }

    void resetLine() {
        carryLen = 0;
        overlong = false;
        if (carry.length > 64 * 1024) {
            carry = new byte[256]; // do not keep a huge buffer for one long line
        }
    }

    boolean hasPartialLine() {
        return carryLen > 0 || overlong;
    }

    void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do; the descriptor is gone either way
        }
    }
}
