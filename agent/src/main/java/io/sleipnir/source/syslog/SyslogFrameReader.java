package io.sleipnir.source.syslog;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a syslog byte stream into messages (RFC 6587), choosing the framing from its first byte as Promtail does: a
 * digit means octet counting ({@code 27 <13>1 ...}), {@code <} means one message per line (non-transparent framing,
 * LF trailer). A message longer than {@code maxLength} is skipped and reported, and reading goes on with the next.
 * Memory: one buffer of about {@code maxLength} bytes per stream.
 */
final class SyslogFrameReader {
    /** Where frames go; runs on the reading thread and may block (back-pressure). */
    interface FrameSink {
        void frame(byte[] buf, int offset, int length) throws InterruptedException;

        void tooLong(long length);
    }

    /** The stream's framing cannot be followed; the connection must end. */
    static final class BadFramingException extends Exception {
        BadFramingException(String message) {
            super(message, null, false, false);
        }
    }

    private final InputStream in;
    private final int maxLength;
    private final byte[] buf;
    private int start;
    private int limit;
    private boolean eof;

    SyslogFrameReader(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
        this.buf = new byte[Math.max(8192, maxLength + 16)];
    }

    /** Reads frames until the end of the stream. */
    void readAll(FrameSink sink) throws IOException, InterruptedException, BadFramingException {
        if (!ensure(1)) {
            return;
        }
        byte first = buf[start];
        if (first >= '0' && first <= '9') {
            octetCounted(sink);
        } else if (first == '<') {
            lines(sink);
        } else {
            throw new BadFramingException("invalid or unsupported framing. first byte: '" + printable(first) + "'");
        }
    }

    private void lines(FrameSink sink) throws IOException, InterruptedException {
        int scanned = start;
        while (true) {
            int nl = -1;
            for (int i = scanned; i < limit; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            if (nl >= 0) {
                emit(sink, start, nl - start);
                start = nl + 1;
                scanned = start;
                continue;
            }
            if (limit - start > maxLength) {
                long skipped = skipLine();
                sink.tooLong(skipped);
                scanned = start;
                continue;
            }
            scanned = limit;
            int before = limit - start;
            if (!fill()) {
                if (limit > start) {
                    emit(sink, start, limit - start);
                }
                return;
            }
            scanned = start + before;
        }
    }

    /** Discards the rest of an over-long line, including its newline; returns its length. */
    private long skipLine() throws IOException {
        long skipped = 0;
        while (true) {
            for (int i = start; i < limit; i++) {
                if (buf[i] == '\n') {
                    skipped += i - start;
                    start = i + 1;
                    return skipped;
                }
            }
            skipped += limit - start;
            start = limit;
            if (!fill()) {
                return skipped;
            }
        }
    }

    private void octetCounted(FrameSink sink) throws IOException, InterruptedException, BadFramingException {
        while (true) {
            // Some senders end each frame with a newline as well; it is not part of the next length.
            while (ensure(1) && (buf[start] == '\n' || buf[start] == '\r')) {
                start++;
            }
            if (!ensure(1)) {
                return;
            }
            long length = 0;
            int digits = 0;
            while (true) {
                if (!ensure(1)) {
                    throw new BadFramingException("octet counting: the stream ended inside a frame length");
                }
                byte b = buf[start];
                if (b == ' ' && digits > 0) {
                    start++;
                    break;
                }
                if (b < '0' || b > '9' || digits == 10 || (digits == 0 && b == '0')) {
                    throw new BadFramingException("octet counting: expecting a frame length, got '" + printable(b)
                            + "'");
                }
                length = length * 10 + (b - '0');
                digits++;
                start++;
            }
            if (length > maxLength) {
                skip(length);
                sink.tooLong(length);
                continue;
            }
            int n = (int) length;
            if (!ensure(n)) {
                throw new BadFramingException("octet counting: the stream ended inside a " + n + "-byte frame");
            }
            emit(sink, start, n);
            start += n;
        }
    }

    private void skip(long length) throws IOException, BadFramingException {
        long left = length;
        while (left > 0) {
            if (start == limit && !fill()) {
                throw new BadFramingException("octet counting: the stream ended inside a " + length + "-byte frame");
            }
            int n = (int) Math.min(left, limit - start);
            start += n;
            left -= n;
        }
    }

    private void emit(FrameSink sink, int offset, int length) throws InterruptedException {
        if (length > maxLength) {
            sink.tooLong(length);
        } else if (length > 0) {
            sink.frame(buf, offset, length);
        }
    }

    /** Makes {@code n} bytes available from {@code start}; false at the end of the stream before that. */
    private boolean ensure(int n) throws IOException {
        while (limit - start < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Reads more bytes, compacting first; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, limit - start);
            limit -= start;
            start = 0;
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    private static String printable(byte b) {
        return b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }
}
