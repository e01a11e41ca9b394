package io.sleipnir.live;

import io.sleipnir.logql.LogSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One open live tail: a queue bounded in bytes that the reader thread fills without ever blocking (an entry that
 * does not fit is skipped and counted), and a thread that sends the queue's entries as {@link TailMessage}s while
 * the outlet takes more.
 */
public final class Tail {
    /** What a tail may hold for a slow reader before it skips entries. */
    static final long QUEUE_BYTES = 1 << 20;
    private static final int MAX_PER_MESSAGE = 500;
    private static final long IDLE_POLL_MILLIS = 250;
    private static final long BUSY_WAIT_MILLIS = 10;

    /** Where a tail's messages go: a WebSocket, in the agent. */
    public interface Outlet {
        boolean isOpen();

        /** False while the peer has not taken what was sent before (then nothing more is sent). */
        boolean isWritable();

        void send(String message);

        void close(String reason);
    }

    private final LogSelector query;
    private final long limit;
    private final Outlet outlet;
    private final LongConsumer skippedCounter;
    private final Consumer<Tail> onEnd;
    private final LinkedBlockingQueue<TailedEntry> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Thread sender;

    Tail(LogSelector query, long limit, Outlet outlet, LongConsumer skippedCounter, Consumer<Tail> onEnd) {
        this.query = query;
        this.limit = limit;
        this.outlet = outlet;
        this.skippedCounter = skippedCounter;
        this.onEnd = onEnd;
        this.sender = new Thread(this::run, "sleipnir-live-tail");
        sender.setDaemon(true);
    }

    void start() {
        sender.start();
    }

    public LogSelector query() {
        return query;
    }

    /** Entries skipped so far because the reader was too slow. */
    public long skipped() {
        return skipped.get();
    }

    /** Entries sent so far. */
    public long sent() {
        return sent.get();
    }

    /** Called by the reader thread: queues the entry, or skips it when the queue is full. Never blocks. */
    void offer(TailedEntry entry) {
        long weight = entry.weight();
        if (queuedBytes.get() + weight > QUEUE_BYTES) {
            skipped.incrementAndGet();
            skippedCounter.accept(1);
            return;
        }
        queuedBytes.addAndGet(weight);
        queue.offer(entry);
    }

    private void run() {
        long reportedSkipped = 0;
        try {
            while (outlet.isOpen()) {
                TailedEntry first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null && skipped.get() == reportedSkipped) {
                    continue;
                }
                while (outlet.isOpen() && !outlet.isWritable()) {
                    Thread.sleep(BUSY_WAIT_MILLIS); // the peer is not reading: the queue fills, then entries skip
                }
                List<TailedEntry> batch = new ArrayList<>();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_PER_MESSAGE - 1);
                }
                long room = limit > 0 ? limit - sent.get() : Long.MAX_VALUE;
                List<TailedEntry> shown = batch.size() > room ? batch.subList(0, (int) room) : batch;
                long weight = 0;
                for (TailedEntry e : batch) {
                    weight += e.weight();
                }
                queuedBytes.addAndGet(-weight);
                reportedSkipped = skipped.get();
                outlet.send(TailMessage.encode(shown, reportedSkipped));
                if (limit > 0 && sent.addAndGet(shown.size()) >= limit) {
                    outlet.close("limit of " + limit + " entries reached");
                    break;
                } else if (limit <= 0) {
                    sent.addAndGet(shown.size());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            queue.clear();
            onEnd.accept(this);
        }
    }

    /** Ends the tail (the agent stops). */
    void close(String reason) {
        outlet.close(reason);
        sender.interrupt();
    }
}
