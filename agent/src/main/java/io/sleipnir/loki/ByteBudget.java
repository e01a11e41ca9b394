package io.sleipnir.loki;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The memory bound of one client: bytes of entries held (building, sealed, in flight) across all tenants.
 * {@link #acquire} blocks while the budget is full; this is the back-pressure that pauses reading. An entry
 * larger than the whole budget is let through when nothing else is held, so it cannot deadlock.
 */
final class ByteBudget {
    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private long used;
    private boolean closed;

    ByteBudget(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("maxBufferedBytes must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Blocks until {@code bytes} fit; throws {@link IllegalStateException} when closed while waiting. */
    void acquire(long bytes) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!closed && used > 0 && used + bytes > capacity) {
                released.await();
            }
            if (closed) {
                throw new IllegalStateException("client is closed");
            }
            used += bytes;
        } finally {
            lock.unlock();
        }
    }

    void release(long bytes) {
        lock.lock();
        try {
            used -= bytes;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    long capacity() {
        return capacity;
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
