package io.sleipnir.source.gelf;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reassembles chunked GELF datagrams ({@code 0x1e 0x0f}, an 8-byte message id, the chunk's sequence number and the
 * chunk count, at most 128), as go-gelf does: a message whose chunks do not all arrive within 5 s of its first is
 * discarded. Bounded: at most {@link #MAX_PENDING_BYTES} wait in reassembly; past that the oldest message is
 * discarded. Ages are read from the injected clock. Used by the one UDP reader thread only.
 */
final class GelfChunks {
    static final int HEADER = 12;
    static final int MAX_CHUNKS = 128;
    static final Duration MAX_AGE = Duration.ofSeconds(5);
    static final int MAX_PENDING_BYTES = 32 << 20;

    /** Told about each message given up (expired, evicted, or malformed chunks). */
    interface Discards {
        void discarded(String why);
    }

    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private final Clock clock;
    private final Discards discards;
    private long pendingBytes;

    GelfChunks(Clock clock, Discards discards) {
        this.clock = clock;
        this.discards = discards;
    }

    static boolean isChunk(byte[] data, int offset, int length) {
        return length >= 2 && data[offset] == 0x1e && data[offset + 1] == 0x0f;
    }

    /** Adds one chunk; returns the whole message once its last chunk arrived, else null. */
    byte[] add(byte[] data, int offset, int length) {
        Instant now = clock.instant();
        expire(now);
        if (length <= HEADER) {
            discards.discarded("chunked message size must be greater than " + HEADER);
            return null;
        }
        long id = 0;
        for (int i = 2; i < 10; i++) {
            id = (id << 8) | (data[offset + i] & 0xff);
        }
        int seq = data[offset + 10] & 0xff;
        int count = data[offset + 11] & 0xff;
        if (count == 0 || count > MAX_CHUNKS || seq >= count) {
            discards.discarded("chunk " + seq + " of " + count + ": a message has 1 to " + MAX_CHUNKS + " chunks");
            return null;
        }
        Pending p = pending.get(id);
        if (p == null) {
            p = new Pending(count, now);
            pending.put(id, p);
        } else if (p.parts.length != count) {
            discards.discarded("chunks of one message disagree on their count");
            remove(id, p);
            return null;
        }
        if (p.parts[seq] == null) {
            byte[] part = new byte[length - HEADER];
            System.arraycopy(data, offset + HEADER, part, 0, part.length);
            p.parts[seq] = part;
            p.received++;
            p.bytes += part.length;
            pendingBytes += part.length;
        }
        if (p.received < count) {
            while (pendingBytes > MAX_PENDING_BYTES && pending.size() > 1) {
                Iterator<Map.Entry<Long, Pending>> oldest = pending.entrySet().iterator();
                Map.Entry<Long, Pending> e = oldest.next();
                discards.discarded("more than " + MAX_PENDING_BYTES + " bytes of chunks wait for reassembly");
                pendingBytes -= e.getValue().bytes;
                oldest.remove();
            }
            return null;
        }
        remove(id, p);
        byte[] whole = new byte[p.bytes];
        int at = 0;
        for (byte[] part : p.parts) {
            System.arraycopy(part, 0, whole, at, part.length);
            at += part.length;
        }
        return whole;
    }

    private void expire(Instant now) {
        Instant oldestKept = now.minus(MAX_AGE);
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (!p.first.isBefore(oldestKept)) {
                break; // insertion order: the rest are younger
            }
            discards.discarded("message expired: " + p.received + " of " + p.parts.length
                    + " chunks arrived within 5s");
            pendingBytes -= p.bytes;
            it.remove();
        }
    }

    private void remove(long id, Pending p) {
        pending.remove(id);
        pendingBytes -= p.bytes;
    }

    int pendingMessages() {
        return pending.size();
    }

    private static final class Pending {
        final byte[][] parts;
        final Instant first;
        int received;
        int bytes;

        Pending(int count, Instant first) {
            this.parts = new byte[count][];
            this.first = first;
        }
    }
}
