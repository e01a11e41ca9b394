package io.sleipnir.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * The first bytes of one generation of a file (up to {@value #MAX} bytes), as they were read. When the bytes at
 * the start of the file are no longer these, the file was truncated and written again (copytruncate), even if it
 * has since grown past the read position; and a sibling that starts with them is that generation's copy.
 */
final class Fingerprint {
    static final int MAX = 256;

    private final byte[] bytes = new byte[MAX];
    private int length;

    /**
     * Records what was read at {@code offset}; only a read that continues the recorded prefix adds to it. Returns
     * true when it did (only the first reads of a file).
     */
    boolean record(byte[] src, long offset, int len) {
        if (length >= MAX || offset != length || len <= 0) {
            return false;
        }
        int take = Math.min(len, MAX - length);
        System.arraycopy(src, 0, bytes, length, take);
        length += take;
        return true;
    }

    /** A copy that another thread may read while this one grows. */
    Fingerprint copy() {
        Fingerprint c = new Fingerprint();
        System.arraycopy(bytes, 0, c.bytes, 0, length);
        c.length = length;
        return c;
    }

    /** Reads the first bytes of a file that is opened at an offset other than 0 (a restart). */
    void recordFrom(FileChannel channel, long upTo) {
        int want = (int) Math.min(MAX, upTo);
        if (length > 0 || want <= 0) {
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(want);
        try {
            if (readFully(channel, buf) == want) {
                System.arraycopy(buf.array(), 0, bytes, 0, want);
                length = want;
            }
        } catch (IOException e) {
            // no fingerprint: truncation is then noticed by size only
        }
    }

    /** The recorded bytes as the positions file keeps them; null while nothing is recorded. */
    ContentPrint print() {
        return length == 0 ? null : ContentPrint.of(bytes, length);
    }

    void reset() {
        length = 0;
    }

    int length() {
        return length;
    }

    /**
     * Whether {@code channel} starts with the recorded bytes. True when nothing is recorded; false when the file
     * is shorter than the record or its first bytes differ. {@code scratch} holds at least {@value #MAX} bytes.
     */
    boolean matches(FileChannel channel, ByteBuffer scratch) throws IOException {
        if (length == 0) {
            return true;
        }
        scratch.clear().limit(length);
        if (readFully(channel, scratch) < length) {
            return false;
        }
        return Arrays.equals(scratch.array(), scratch.arrayOffset(), scratch.arrayOffset() + length, bytes, 0, length);
    }

    private static int readFully(FileChannel channel, ByteBuffer buf) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, total);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
