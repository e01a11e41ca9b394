package io.sleipnir.source.docker;

import io.sleipnir.model.Delivery;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Moves a container's position only past acknowledged entries: each entry gets a {@link Delivery} when its first
 * record is read; when the oldest entries are all done (delivered, finally refused, or dropped on purpose), the
 * furthest position among them is committed. An entry joined from several records (a long line Docker split) holds
 * the position of its last record. Bounded by the entries in flight, which the pipeline's back-pressure bounds.
 */
final class TimestampAcks {
    private final Consumer<DockerPosition> commit;
    private final ArrayDeque<Slot> pending = new ArrayDeque<>();
    private DockerPosition committed;

    TimestampAcks(DockerPosition committed, Consumer<DockerPosition> commit) {
        this.committed = committed;
        this.commit = commit;
    }

    /** The token of an entry whose first record is at {@code position}, read after every entry issued before. */
    Slot issue(DockerPosition position) {
        Slot slot = new Slot(position);
        synchronized (pending) {
            pending.addLast(slot);
        }
        return slot;
    }

    /** A record read and not handed on (skipped, or the rest of a line cut at the cap): done at once. */
    void skipped(DockerPosition position) {
        issue(position).complete();
    }

    int inFlight() {
        synchronized (pending) {
            return pending.size();
        }
    }

    DockerPosition committed() {
        synchronized (pending) {
            return committed;
        }
    }

    private void done() {
        synchronized (pending) {
            DockerPosition furthest = null;
            while (!pending.isEmpty() && pending.peekFirst().finished) {
                DockerPosition p = pending.pollFirst().position;
                if (furthest == null || p.compareTo(furthest) > 0) {
                    furthest = p;
                }
            }
            if (furthest != null && (committed == null || furthest.compareTo(committed) > 0)) {
                committed = furthest;
                commit.accept(furthest); // under the lock: commits happen in log order
            }
        }
    }

    /** One entry's token; the reader moves its position to the entry's last record before handing it on. */
    final class Slot implements Delivery {
        private volatile DockerPosition position;
        private final AtomicInteger holders = new AtomicInteger(1);
        private volatile boolean finished;

        private Slot(DockerPosition position) {
            this.position = position;
        }

        void extendTo(DockerPosition last) {
            position = last;
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
