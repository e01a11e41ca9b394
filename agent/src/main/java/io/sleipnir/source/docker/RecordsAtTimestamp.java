package io.sleipnir.source.docker;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The records one follow read with the newest timestamp, as 64-bit digests of their stream and bytes, so that the
 * next follow of the same container skips exactly those and no others. Counting them would not do: podman stamps
 * whole seconds, and its live stream can leave out records around a restart that a later read of the log shows in
 * their place (three lines of a second missing live, found again by the next follow), so the count of records read
 * names a different set the second time. At most {@link #MAX} records: past that, {@link #overflowed()} and the
 * caller falls back to the count. Owned by one follow's thread, then handed to the next follow's.
 */
final class RecordsAtTimestamp {
    /** 128 KiB of digests per container at most. */
    static final int MAX = 16_384;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private long nanos = Long.MIN_VALUE;
    private long[] digests = new long[16];
    private int size;
    private boolean overflowed;
    /** Set by {@link #seal}: the digests sorted, and which of them a later follow has matched. */
    private BitSet taken;

    /** The digest of a record: its stream, then its bytes from {@code from} (after the timestamp). */
    static long digest(int stream, byte[] bytes, int from) {
        long h = (FNV_OFFSET ^ stream) * FNV_PRIME;
        for (int i = from; i < bytes.length; i++) {
            h = (h ^ (bytes[i] & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    /** A record read at {@code recordNanos}: a newer timestamp starts the set over. */
    void add(long recordNanos, long digest) {
        if (recordNanos != nanos) {
            nanos = recordNanos;
            size = 0;
            overflowed = false;
        }
        if (size == MAX) {
            overflowed = true;
            return;
        }
        if (size == digests.length) {
            digests = Arrays.copyOf(digests, Math.min(MAX, 2 * size));
        }
        digests[size++] = digest;
    }

    long nanos() {
        return nanos;
    }

    boolean overflowed() {
        return overflowed;
    }

    /** The follow that read them ended: from now on only {@link #take} is asked. */
    RecordsAtTimestamp seal() {
        Arrays.sort(digests, 0, size);
        taken = new BitSet(size);
        return this;
    }

    /** Whether a record with this digest was read and not yet matched; matches it. For a sealed set. */
    boolean take(long digest) {
        int at = Arrays.binarySearch(digests, 0, size, digest);
        if (at < 0) {
            return false;
        }
        while (at > 0 && digests[at - 1] == digest) {
            at--;
        }
        for (; at < size && digests[at] == digest; at++) {
            if (!taken.get(at)) {
                taken.set(at);
                return true;
            }
        }
        return false;
    }
}
