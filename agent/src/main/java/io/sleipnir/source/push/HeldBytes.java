package io.sleipnir.source.push;

import io.prometheus.client.Gauge;

/**
 * The push source's memory bound: bytes of request bodies waiting to be decoded and of entries accepted and not
 * yet acknowledged. Never blocks: a request that does not fit is refused (429) and its pusher retries later,
 * which is Loki's contract for "not now". Shown as {@code sleipnir_push_held_bytes}, with the highest value seen
 * since start as {@code sleipnir_push_held_bytes_peak}.
 */
final class HeldBytes {
    private final long capacity;
    private final Gauge.Child held;
    private final Gauge.Child peakGauge;
    private long used;
    private long peak;

    HeldBytes(long capacity, Gauge.Child held, Gauge.Child peak) {
        this.capacity = capacity;
        this.held = held;
        this.peakGauge = peak;
    }

    synchronized boolean tryAcquire(long bytes) {
        if (used + bytes > capacity) {
            return false;
        }
        used += bytes;
        held.set(used);
        if (used > peak) {
            peak = used;
            peakGauge.set(peak);
        }
        return true;
    }

    synchronized void release(long bytes) {
        used -= bytes;
        held.set(used);
    }

    long capacity() {
        return capacity;
    }

    synchronized long used() {
        return used;
    }
}
