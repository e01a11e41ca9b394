package io.sleipnir.positions;

import io.sleipnir.model.TimestampFence;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link TimestampFence}s of one positions file: each read-time anchor gets the next sequence number, a write
 * that read the counter before it looked at the paths holds every anchor up to that number, and a fence is settled
 * once a write that holds it ended (durable when it succeeded). A fence that a client's batch waits for asks for an
 * early write ({@link TimestampFence#needed()}), so that the batch is held briefly: at most one early write is
 * queued, and writes are spaced by
 * {@link #spacingNanos()} (at least {@link #MIN_SPACING_NANOS}, and four times the last write's duration, so that
 * writing takes at most about a fifth of the writer's time however busy the files are).
 *
 * <p>The reader thread only increments a counter and allocates the fence: it never waits, and asks for no write
 * (lines whose timestamp a stage replaced never need one). The waiters' monitor is a leaf.
 */
final class StampFences {
    static final long MIN_SPACING_NANOS = 100_000_000L;

    /** How the owner schedules an early write after {@code delayNanos}; it calls {@link #earlyWriteStarting}. */
    interface EarlyWrites {
        void request(long delayNanos);
    }

    private record Waiter(long sequence, Runnable action) {
    }

    private final EarlyWrites earlyWrites;
    private final AtomicLong taken = new AtomicLong();
    private final AtomicBoolean earlyWriteQueued = new AtomicBoolean();
    private volatile boolean active;
    private volatile long settledUpTo;
    private volatile long durableUpTo;
    private volatile long lastWriteStart = System.nanoTime() - MIN_SPACING_NANOS;
    private volatile long lastWriteNanos;
    /** Guarded by this. */
    private final List<Waiter> waiters = new ArrayList<>();

    StampFences(EarlyWrites earlyWrites) {
        this.earlyWrites = earlyWrites;
    }

    /** Fences are handed out only while a writer runs: without one nothing would settle them. */
    void activate() {
        active = true;
    }

    /** The writer stopped: nothing waits for it any more. */
    void deactivate() {
        active = false;
        List<Runnable> ready = new ArrayList<>();
        synchronized (this) {
            waiters.forEach(w -> ready.add(w.action()));
            waiters.clear();
        }
        ready.forEach(Runnable::run);
    }

    /** An anchor was taken (reader thread): its fence, or null when nothing will write it. Never waits. */
    TimestampFence taken() {
        if (!active) {
            return null;
        }
        return new Fence(taken.incrementAndGet());
    }

    /** A batch waits for {@code sequence}: queue an early write unless one is queued or has settled it. */
    private void requestEarlyWrite(long sequence) {
        if (settledUpTo < sequence && active && earlyWriteQueued.compareAndSet(false, true)) {
            earlyWrites.request(Math.max(0, lastWriteStart + spacingNanos() - System.nanoTime()));
        }
    }

    long spacingNanos() {
        return Math.max(MIN_SPACING_NANOS, 4 * lastWriteNanos);
    }

    /** The queued early write begins: anchors taken from now on queue another. */
    void earlyWriteStarting() {
        earlyWriteQueued.set(false);
    }

    /** The early write could not be queued (no writer, or closing). */
    void earlyWriteDropped() {
        earlyWriteQueued.set(false);
    }

    /** Called by a write before it looks at the paths: the fence it will hold. */
    long beforeWrite() {
        lastWriteStart = System.nanoTime();
        return taken.get();
    }

    /** The write that {@link #beforeWrite} began ended; {@code written} when the files are on disk. */
    void afterWrite(long fence, boolean written) {
        lastWriteNanos = Math.max(0, System.nanoTime() - lastWriteStart);
        List<Runnable> ready = new ArrayList<>();
        synchronized (this) {
            if (written && fence > durableUpTo) {
                durableUpTo = fence;
            }
            if (fence > settledUpTo) {
                settledUpTo = fence;
            }
            waiters.removeIf(w -> {
                if (w.sequence() <= settledUpTo) {
                    ready.add(w.action());
                    return true;
                }
                return false;
            });
        }
        ready.forEach(Runnable::run);
    }

    private final class Fence implements TimestampFence {
        private final long sequence;

        Fence(long sequence) {
            this.sequence = sequence;
        }

        @Override
        public long sequence() {
            return sequence;
        }

        @Override
        public boolean settled() {
            return settledUpTo >= sequence || !active;
        }

        @Override
        public boolean durable() {
            return durableUpTo >= sequence;
        }

        @Override
        public void needed() {
            requestEarlyWrite(sequence);
        }

        @Override
        public void whenSettled(Runnable action) {
            synchronized (StampFences.this) {
                if (!settled()) {
                    waiters.add(new Waiter(sequence, action));
                    return;
                }
            }
            action.run();
        }

        @Override
        public String toString() {
            return "anchor fence " + sequence + (durable() ? " (written)" : settled() ? " (write failed)" : "");
        }
    }
}
