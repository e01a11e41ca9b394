package io.sleipnir.source;

import io.sleipnir.model.CompletionRun;
import io.sleipnir.model.Delivery;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * A source's checkpoint (a journal cursor, a container's log timestamp) that moves only past acknowledged entries:
 * each entry read gets a {@link Token}; when the oldest entries are all done (delivered, finally refused, or dropped
 * on purpose), the furthest position among them is committed. Entries complete out of order across clients; what is
 * committed is that of the longest done prefix. Bounded by the entries in flight, which the pipeline's back-pressure
 * bounds.
 *
 * @param <P> a position; {@code further} picks the further of two (the later one read, or the greater)
 */
public final class AcknowledgedPrefix<P> {
    private final BinaryOperator<P> further;
    private final Consumer<P> commit;
    private final ToIntFunction<P> heldBytes;
    private final ArrayDeque<Token> pending = new ArrayDeque<>();
    private P committed;
    /** {@link #done}, one object, so that a {@link CompletionRun} runs it once for a whole batch's entries. */
    private final Runnable doneOnce = this::done;

    /** {@code committed} is where the last run got to (null: nowhere yet); {@code commit} is called under a lock. */
    public AcknowledgedPrefix(P committed, BinaryOperator<P> further, Consumer<P> commit) {
        this(committed, further, commit, p -> 0);
    }

    /** As above; {@code heldBytes} is the heap a position holds, counted with its entry ({@link Delivery#heldBytes}). */
    public AcknowledgedPrefix(P committed, BinaryOperator<P> further, Consumer<P> commit, ToIntFunction<P> heldBytes) {
        this.committed = committed;
        this.further = further;
        this.commit = commit;
        this.heldBytes = heldBytes;
    }

    /** The token of an entry at {@code position}, read after every entry issued before. */
    public Token issue(P position) {
        Token token = new Token(position);
        synchronized (pending) {
            pending.addLast(token);
        }
        return token;
    }

    /** Entries issued and not yet done, for tests and status. */
    public int inFlight() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /** The position last committed, or the one given at construction. */
    public P committed() {
        synchronized (pending) {
            return committed;
        }
    }

    private void done() {
        synchronized (pending) {
            P furthest = null;
            while (!pending.isEmpty() && pending.peekFirst().finished) {
                P p = pending.pollFirst().position;
                furthest = furthest == null ? p : further.apply(furthest, p);
            }
            if (furthest != null && (committed == null || further.apply(committed, furthest) != committed)) {
                committed = furthest;
                commit.accept(furthest); // under the lock: commits happen in the order read
            }
        }
    }

    /** One entry's token; a reader may move its position on (to an entry's last record) before handing it on. */
    public final class Token implements Delivery {
        private volatile P position;
        private final AtomicInteger holders = new AtomicInteger(1);
        private volatile boolean finished;
        /** Sized once, at issue: a client gives back what it charged, so the figure must not move with the position. */
        private final int heldBytes;

        private Token(P position) {
            this.position = position;
            this.heldBytes = AcknowledgedPrefix.this.heldBytes.applyAsInt(position);
        }

        public void extendTo(P last) {
            position = last;
        }

        @Override
        public int heldBytes() {
            return heldBytes;
        }

        @Override
        public void retain(int more) {
            holders.addAndGet(more);
        }

        @Override
        public void complete() {
            if (lastHolderDone()) {
                done();
            }
        }

        @Override
        public void complete(CompletionRun run) {
            if (lastHolderDone()) {
                run.afterRun(doneOnce);
            }
        }

        private boolean lastHolderDone() {
            if (holders.decrementAndGet() == 0) {
                finished = true;
                return true;
            }
            return false;
        }
    }
}
