package io.sleipnir.source.docker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a container's log stream into records, each {@code <RFC 3339 time> <text>} as the daemon writes it with
 * {@code timestamps=1}. Without a TTY the stream is multiplexed: each record is one frame behind an 8-byte header
 * (stream type 1 stdout or 2 stderr, three zero bytes, a 32-bit big-endian length), Docker's {@code stdcopy}. With a
 * TTY it is raw text, one record per line, all stdout. A record longer than {@code cap} bytes is cut there and the
 * rest skipped, so a wrong length (or an endless line) never makes the reader hold more than {@code cap}.
 */
final class LogRecordReader {
    static final int STDOUT = 1;
    static final int STDERR = 2;
    private static final int HEADER = 8;

    /** One record: its stream, its bytes as sent (the text keeps its {@code \n} when the line ended there). */
    record Record(int stream, byte[] bytes, boolean cut) {
    }

    private final InputStream in;
    private final boolean tty;
    private final int cap;
    private final byte[] header = new byte[HEADER];
    /** TTY only: bytes read past the last line. */
    private byte[] rawBuffer = new byte[0];

    LogRecordReader(InputStream in, boolean tty, int cap) {
        this.in = in;
        this.tty = tty;
        this.cap = cap;
    }

    /** The next record, or null at the end of the stream. A stream ending inside a frame ends it too. */
    Record next() throws IOException {
        return tty ? nextLine() : nextFrame();
    }

    private Record nextFrame() throws IOException {
        int got = in.readNBytes(header, 0, HEADER);
        if (got < HEADER) {
            return null;
        }
        int stream = header[0];
        long length = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                | (header[7] & 0xff);
        int keep = (int) Math.min(length, cap);
        byte[] bytes = in.readNBytes(keep);
        if (bytes.length < keep) {
            return null;
        }
        if (length > keep) {
            try {
                in.skipNBytes(length - keep);
            } catch (EOFException ended) {
                return null;
            }
        }
        return new Record(stream == STDERR ? STDERR : STDOUT, bytes, length > keep);
    }

    private Record nextLine() throws IOException {
        while (true) {
            for (int i = 0; i < rawBuffer.length; i++) {
                if (rawBuffer[i] == '\n') {
                    byte[] line = Arrays.copyOf(rawBuffer, i + 1);
                    rawBuffer = Arrays.copyOfRange(rawBuffer, i + 1, rawBuffer.length);
                    return new Record(STDOUT, line, false);
                }
            }
            if (rawBuffer.length >= cap) {
                byte[] line = Arrays.copyOf(rawBuffer, cap);
                rawBuffer = Arrays.copyOfRange(rawBuffer, cap, rawBuffer.length);
                return new Record(STDOUT, line, true);
            }
            byte[] chunk = new byte[8192];
            int n = in.read(chunk);
            if (n < 0) {
                if (rawBuffer.length == 0) {
                    return null;
                }
                byte[] rest = rawBuffer;
                rawBuffer = new byte[0];
                return new Record(STDOUT, rest, false);
            }
            byte[] grown = Arrays.copyOf(rawBuffer, rawBuffer.length + n);
            System.arraycopy(chunk, 0, grown, rawBuffer.length, n);
            rawBuffer = grown;
        }
    }
}
