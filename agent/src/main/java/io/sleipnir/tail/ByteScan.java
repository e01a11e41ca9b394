package io.sleipnir.tail;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Scans of read bytes eight at a time (a 64-bit word read from the byte array), for the reader's per-byte work: the
 * JIT does not vectorise a search loop, and the byte-by-byte newline scan was half of the reader thread's time.
 * Pure: bytes in, an index or a verdict out.
 */
final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private ByteScan() {
    }

    /**
     * The index of the first {@code \n} in {@code a[from, to)}, or -1. A word with no byte equal to 0x0A has no zero
     * byte after the XOR, and the lowest zero byte is found exactly (a borrow only runs upwards).
     */
    static int indexOfNewline(byte[] a, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long x = (long) LONGS.get(a, i) ^ NEWLINES;
            long zeroBytes = (x - LOW_BITS) & ~x & HIGH_BITS;
            if (zeroBytes != 0) {
                return i + (Long.numberOfTrailingZeros(zeroBytes) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Whether every byte of {@code b[off, off + len)} is below 0x80: such bytes are valid UTF-8 as they are. */
    static boolean isAscii(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        long any = 0;
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            any |= (long) LONGS.get(b, i);
        }
        for (; i < end; i++) {
            any |= b[i]; // sign-extended: a byte of 0x80 or more sets every high bit
        }
        return (any & HIGH_BITS) == 0;
    }
}
