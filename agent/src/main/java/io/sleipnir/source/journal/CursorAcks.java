package io.sleipnir.source.journal;

import io.sleipnir.model.Delivery;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Moves the journal cursor only past acknowledged entries: each entry read gets a {@link Delivery}; when the oldest
 * entries are all done (delivered, finally rejected or dropped on purpose), the cursor of the last of them is
 * committed. Entries complete out of order across clients; the committed cursor is that of the longest done prefix.
 * Its size is bounded by the entries in flight, which the pipeline's back-pressure bounds.
 */
final class CursorAcks {
    private final Consumer<String> commit;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    CursorAcks(Consumer<String> commit) {
        this.commit = commit;
    }

    /** The token of an entry at {@code cursor}, read after every entry issued before. */
    Delivery issue(String cursor) {
        Pending p = new Pending(cursor);
        synchronized (pending) {
            pending.addLast(p);
        }
        return p;
    }

    /** Entries issued and not yet done, for tests and status. */
    int inFlight() {
        synchronized (pending) {
            return pending.size();
        }
    }

    private void done() {
        synchronized (pending) {
            String last = null;
            while (!pending.isEmpty() && pending.peekFirst().finished) {
                last = pending.pollFirst().cursor;
            }
            if (last != null) {
                commit.accept(last); // under the lock: commits happen in journal order
            }
        }
    }

    private final class Pending implements Delivery {
        final String cursor;
        final AtomicInteger holders = new AtomicInteger(1);
        volatile boolean finished;

        Pending(String cursor) {
            this.cursor = cursor;
        }

        @Override
        public void retain(int more) {
            holders.addAndGet(more);
        }

        @Override
        public void complete() {
            if (holders.decrementAndGet() == 0) {
                finished = true;
                done();
            }
        }
    }
}
