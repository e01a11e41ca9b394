package io.sleipnir.model;

import java.util.concurrent.CompletionStage;

/**
 * The acknowledgement token that travels with an entry. It is reference counted: created with one
 * holder; {@link #retain(int)} adds holders (the fan-out to several clients); each holder calls
 * {@link #complete()} once when it is done with the entry: delivered, finally rejected, dropped on purpose,
 * or merged into an earlier entry. When the count reaches zero the source (a file's position tracker) may
 * move past the entry. A source that needs no acknowledgement uses {@link #NONE}.
 */
public interface Delivery {
    Delivery NONE = new Delivery() {
        @Override
        public void retain(int holders) {
        }

        @Override
        public void complete() {
        }
    };

    /** Adds {@code holders} more holders; called before the entry is handed to them. */
    void retain(int holders);

    /** One holder is done with the entry. */
    void complete();

    /**
     * As {@link #complete()}, by a holder completing many entries in a row: what the source does once the count
     * reaches zero may be put off until {@code run} finishes ({@link CompletionRun#finish}). By default it is not.
     */
    default void complete(CompletionRun run) {
        complete();
    }

    /**
     * Asks the entry's source to stop producing until {@code resume} completes (a tenant's share of the client's
     * byte budget is full). A file pauses its own reading and the reader serves the other files; the entry itself
     * is still delivered. Returns false when the source cannot pause (the default): the caller then blocks instead.
     * Any thread; may be called many times with the same stage.
     */
    default boolean pauseSourceUntil(CompletionStage<?> resume) {
        return false;
    }

    /**
     * The read-time anchor this entry's timestamp was derived from while it is not yet known to be in the positions
     * file, or null (the default: nothing to wait for). Clients push a batch once its entries' fences are settled
     * (bounded), so that a line re-sent after a crash carries its first timestamp. {@code timestampNanos} is the
     * entry's timestamp as it reaches the client: when a stage replaced the read time (`cri`, `docker`,
     * `timestamp`), the anchor does not matter and there is nothing to wait for.
     */
    default TimestampFence timestampFence(long timestampNanos) {
        return null;
    }

    /**
     * Heap this token keeps alive for its entry until it is completed, besides the entry itself: a journal entry's
     * cursor. A client counts it against its budget with the entry's bytes. Zero by default (a file's position is
     * a number). It must not change while a client holds the entry: the client gives back what a batch was charged,
     * and a batch split for a retry charges its halves again.
     */
    default int heldBytes() {
        return 0;
    }
}
