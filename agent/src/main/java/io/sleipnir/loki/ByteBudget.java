package io.sleipnir.loki;

import io.sleipnir.model.Delivery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The memory bound of one client: bytes of entries held (building, sealed, in flight) across all tenants, and each
 * tenant's share of it (half the client's), so that one tenant Loki refuses or that is down cannot hold it all.
 *
 * <p>An entry whose source can pause ({@link Delivery#pauseSourceUntil}: a tailed file) is never waited on: when
 * its tenant's share is full, or the whole budget is, it is taken over the bound and its source is paused until
 * the tenant is below half its share (or the client below its bound). So a stuck tenant pauses only the files that
 * feed it. The overshoot is bounded by what a source produces between the pause and its effect: the reader stops a
 * file's turn at the line that paused it, so one line per paused file (per target it feeds); those bytes are held
 * on top of the client's bound rather than in it, so that a paused tenant's last lines do not fill it for the
 * others. An entry whose source cannot
 * pause (push API, syslog...) blocks in {@link #acquireHeld} while the client's budget is full, as before: that
 * back-pressure pauses its reader. An entry larger than the whole budget is let through when nothing else is held,
 * so it cannot deadlock.
 */
final class ByteBudget {
    private final long capacity;
    private final long tenantShare;
    /** Shared with the client's {@link SendLoop}: a reader takes it once per entry for both (see {@link #lock}). */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    /** Bytes held per tenant; a tenant holding nothing and awaited by nobody is removed. Guarded by lock. */
    private final Map<String, Share> shares = new HashMap<>();
    private long used;
    /** Of {@link #used}, the bytes taken over a bound because their source paused: exempt from the client's bound. */
    private long overshoot;
    private boolean closed;
    /** Completed when the client is below its bound again; null when no source waits on it. Guarded by lock. */
    private CompletableFuture<Void> clientResume;

    private static final class Share {
        long used;
        /** Of {@link #used}, bytes taken over a bound; counted as given back first. */
        long overshoot;
        /** Completed when the tenant is below half its share; null when no source waits on it. */
        CompletableFuture<Void> resume;
    }

    ByteBudget(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("maxBufferedBytes must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.tenantShare = Math.max(1, capacity / 2);
    }

    /**
     * The lock, which the client's {@link SendLoop} shares: a client takes it once per entry to {@link #acquireHeld}
     * its bytes and add it to its batch, where it took one lock for each.
     */
    ReentrantLock lock() {
        return lock;
    }

    /**
     * Takes {@code bytes} for {@code tenant}, with {@link #lock} held by the caller (a wait releases it meanwhile).
     * When they do not fit and {@code source} can pause, takes them anyway and pauses it (see the class comment);
     * otherwise blocks until they fit. Throws {@link IllegalStateException} when closed.
     */
    void acquireHeld(String tenant, long bytes, Delivery source) throws InterruptedException {
        Share share;
        boolean over = false;
        while (true) {
            // Looked up again after each wait: a tenant that held nothing may have been removed meanwhile.
            share = shares.computeIfAbsent(tenant, t -> new Share());
            if (closed) {
                break;
            }
            boolean tenantFull = share.used > 0 && share.used + bytes > tenantShare;
            long held = used - overshoot;
            boolean clientFull = held > 0 && held + bytes > capacity;
            if (tenantFull) {
                if (share.resume == null) {
                    share.resume = new CompletableFuture<>();
                }
                if (source.pauseSourceUntil(share.resume)) {
                    over = true;
                    break;
                }
            }
            if (clientFull) {
                if (clientResume == null) {
                    clientResume = new CompletableFuture<>();
                }
                if (source.pauseSourceUntil(clientResume)) {
                    over = true;
                    break;
                }
                released.await();
                continue;
            }
            break; // fits the client's bound; a source that cannot pause is held to that only, as before
        }
        if (closed) {
            throw new IllegalStateException("client is closed");
        }
        used += bytes;
        share.used += bytes;
        if (over) {
            // Not counted against the client's bound, or one paused tenant's last lines would fill it for all.
            overshoot += bytes;
            share.overshoot += bytes;
        }
    }

    /** Gives back bytes {@code tenant} held; resumes the sources paused on it (or on the client) once below. */
    void release(String tenant, long bytes) {
        List<CompletableFuture<Void>> resumed = new ArrayList<>(2);
        lock.lock();
        try {
            used -= bytes;
            Share share = shares.get(tenant);
            if (share != null) {
                share.used -= bytes;
                long lessOver = Math.min(share.overshoot, bytes);
                share.overshoot -= lessOver;
                overshoot -= lessOver;
                if (share.resume != null && share.used < tenantShare / 2) {
                    resumed.add(share.resume);
                    share.resume = null;
                }
                if (share.used <= 0 && share.resume == null) {
                    shares.remove(tenant);
                }
            }
            if (clientResume != null && used - overshoot < capacity) {
                resumed.add(clientResume);
                clientResume = null;
            }
            released.signalAll();
        } finally {
            lock.unlock();
        }
        // Outside the lock: completing wakes tail readers.
        resumed.forEach(r -> r.complete(null));
    }

    long used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes {@code tenant} holds. */
    long used(String tenant) {
        lock.lock();
        try {
            Share share = shares.get(tenant);
            return share == null ? 0 : share.used;
        } finally {
            lock.unlock();
        }
    }

    long capacity() {
        return capacity;
    }

    long tenantShare() {
        return tenantShare;
    }

    void close() {
        List<CompletableFuture<Void>> resumed = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            released.signalAll();
            for (Share s : shares.values()) {
                if (s.resume != null) {
                    resumed.add(s.resume);
                    s.resume = null;
                }
            }
            if (clientResume != null) {
                resumed.add(clientResume);
                clientResume = null;
            }
        } finally {
            lock.unlock();
        }
        // Paused files read again and meet the closed client, as a blocked reader would.
        resumed.forEach(r -> r.complete(null));
    }
}
