package io.sleipnir.tail;

import java.util.Arrays;

/**
 * Cuts one file's bytes into lines on {@code \n} only, as Promtail does (a {@code \r} before it stays in the line).
 * Pure: bytes in, lines out, no I/O, no threads. A line whose newline has not arrived yet is kept (at most
 * {@code cap} bytes of it) until the next chunk; a line longer than the cap keeps its first {@code cap} bytes and
 * is marked {@code cut}, the rest is skipped up to the newline, so an endless line never grows memory past the cap.
 * Bytes are passed on as read: UTF-8 decoding is the receiver's (see {@link LineDecoder}).
 */
final class LineSplitter {
    private static final int INITIAL = 256;
    /** A carry buffer grown past this for one long line is let go once that line is done. */
    private static final int KEPT = 64 * 1024;

    /** Receives lines in file order. */
    interface Lines {
        /**
         * One line: {@code len} bytes of {@code bytes} from {@code off}, without its newline; valid only during
         * the call. It starts at file offset {@code start} and ends at {@code end}, its newline included when
         * {@code terminated}. {@code cut}: longer than the cap, only its first {@code cap} bytes are here.
         */
        void line(byte[] bytes, int off, int len, boolean cut, long start, long end, boolean terminated)
                throws InterruptedException;

        /**
         * Asked after each line of {@link #split}: true stops the split there (the file was paused by the line
         * just taken), so the rest of the chunk is read again later rather than held on top of a full budget.
         */
        default boolean stopAfterLine() {
            return false;
        }
    }

    private final int cap;
    /** The bytes of the current unterminated line, at most the cap. */
    private byte[] carry = new byte[INITIAL];
    private int carryLen;
    /** The current line passed the cap: its first bytes are in carry, the rest is skipped up to the newline. */
    private boolean overlong;
    /** Where the line being read starts, when {@link #hasPartialLine()}. */
    private long lineStart;

    LineSplitter(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be positive, got " + cap);
        }
        this.cap = cap;
    }

    /**
     * Splits {@code n} bytes of {@code a} (from index 0), read at file offset {@code base}. Returns how many were
     * taken: {@code n}, or fewer when {@link Lines#stopAfterLine} stopped it at the end of a line (nothing of the
     * rest is held then).
     */
    int split(byte[] a, int n, long base, Lines out) throws InterruptedException {
        int start = 0;
        for (int i = ByteScan.indexOfNewline(a, 0, n); i >= 0; i = ByteScan.indexOfNewline(a, start, n)) {
            long end = base + i + 1;
            if (!hasPartialLine()) {
                int len = i - start;
                out.line(a, start, Math.min(len, cap), len > cap, base + start, end, true);
            } else {
                append(a, start, i - start);
                out.line(carry, 0, carryLen, overlong, lineStart, end, true);
                resetLine();
            }
            start = i + 1;
            if (start < n && out.stopAfterLine()) {
                return start;
            }
        }
        if (start < n) {
            if (!hasPartialLine()) {
                lineStart = base + start;
            }
            append(a, start, n - start);
        }
        return n;
    }

    /**
     * Passes on the unterminated line held, as ending at {@code end} without a newline (a finished file's last
     * line), and forgets it. False when none was held.
     */
    boolean flushPartial(long end, Lines out) throws InterruptedException {
        if (!hasPartialLine()) {
            return false;
        }
        out.line(carry, 0, carryLen, overlong, lineStart, end, false);
        resetLine();
        return true;
    }

    boolean hasPartialLine() {
        return carryLen > 0 || overlong;
    }

    /** How many bytes of the held unterminated line are kept (0 when none). */
    int heldBytes() {
        return carryLen;
    }

    /** The held line passed the cap: bytes after the kept ones were skipped. */
    boolean holdsCutLine() {
        return overlong;
    }

    /** Forgets the held line (the file was truncated: its rest will never come). */
    void resetLine() {
        carryLen = 0;
        overlong = false;
        if (carry.length > KEPT) {
            carry = new byte[INITIAL]; // do not keep a huge buffer for one long line
        }
    }

    /** Continues {@code other}'s unterminated line here: the rest of a generation read from its copy. */
    void takeLineFrom(LineSplitter other) {
        carry = Arrays.copyOf(other.carry, other.carry.length);
        carryLen = other.carryLen;
        overlong = other.overlong;
        lineStart = other.lineStart;
    }

    /** Appends to the pending line, keeping at most the cap. */
    private void append(byte[] src, int off, int len) {
        if (overlong || len == 0) {
            return;
        }
        int keep = len;
        if (carryLen + len > cap) {
            keep = cap - carryLen;
            overlong = true;
        }
        if (carryLen + keep > carry.length) {
            int size = (int) Math.min(cap, Math.max((long) carryLen + keep, 2L * carry.length));
            carry = Arrays.copyOf(carry, size);
        }
        System.arraycopy(src, off, carry, carryLen, keep);
        carryLen += keep;
    }
}
