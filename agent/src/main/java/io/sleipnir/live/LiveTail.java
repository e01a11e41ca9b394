package io.sleipnir.live;

import io.sleipnir.logql.LogSelector;
import io.sleipnir.model.EntrySink;
import io.sleipnir.model.LogEntry;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Live tails of the entries leaving the pipelines (after relabeling and stages, before batching), each filtered by
 * a LogQL selector with line filters.
 *
 * <p>Free when nobody tails: {@link #tap} puts a sink in front of a job's clients whose only extra work per entry
 * is one volatile read of the (empty) tail array. While tails are open, the reader thread tests each entry against
 * each tail's query and, if it matches, queues its values on that tail without blocking; a tail whose queue holds
 * {@link Tail#QUEUE_BYTES} already skips the entry and counts it. Each tail sends from its own thread, and only
 * while its connection takes more, so a slow or stalled reader is dropped from, never waited on.
 */
public final class LiveTail {
    /** At most this many tails at once; one more is refused. */
    public static final int MAX_TAILS = 8;
    private static final Tail[] NONE = new Tail[0];

    private final LongConsumer skippedCounter;
    /** Copy on write: the reader thread reads it once per entry. */
    private volatile Tail[] tails = NONE;

    /** @param skippedCounter told each entry a tail skipped ({@code sleipnir_live_tail_skipped_entries_total}) */
    public LiveTail(LongConsumer skippedCounter) {
        this.skippedCounter = skippedCounter;
    }

    /** A sink that shows what passes through it to the open tails, then hands it to {@code downstream}. */
    public EntrySink tap(EntrySink downstream) {
        return new Tap(downstream);
    }

    private final class Tap implements EntrySink {
        private final EntrySink downstream;

        Tap(EntrySink downstream) {
            this.downstream = downstream;
        }

        @Override
        public void accept(LogEntry entry) throws InterruptedException {
            Tail[] open = tails;
            if (open.length != 0) {
                offer(open, entry);
            }
            downstream.accept(entry);
        }
    }

    private static void offer(Tail[] open, LogEntry entry) {
        TailedEntry shown = null;
        for (Tail tail : open) {
            if (tail.query().matches(entry.labels(), entry.line())) {
                if (shown == null) {
                    shown = new TailedEntry(entry.timestampNanos(), entry.labels().withoutInternal(),
                            entry.structuredMetadata(), entry.line());
                }
                tail.offer(shown);
            }
        }
    }

    /**
     * Opens a tail that sends to {@code outlet} the entries matching {@code query}, at most {@code limit} of them
     * (0: no limit) before it closes.
     *
     * @throws TooManyTails when {@link #MAX_TAILS} are open
     */
    public synchronized Tail open(LogSelector query, long limit, Tail.Outlet outlet) throws TooManyTails {
        if (tails.length >= MAX_TAILS) {
            throw new TooManyTails();
        }
        Tail tail = new Tail(query, limit, outlet, skippedCounter, this::remove);
        Tail[] more = Arrays.copyOf(tails, tails.length + 1);
        more[more.length - 1] = tail;
        tails = more;
        tail.start();
        return tail;
    }

    private synchronized void remove(Tail tail) {
        tails = Arrays.stream(tails).filter(t -> t != tail).toArray(Tail[]::new);
    }

    /** Closes every open tail (the agent stops). */
    public void close() {
        for (Tail tail : tails) {
            tail.close("the agent is stopping");
        }
    }

    /** The tails open now. */
    public List<Tail> open() {
        return List.of(tails);
    }

    /** More than {@link #MAX_TAILS} at once. */
    public static final class TooManyTails extends Exception {
        TooManyTails() {
            super("too many live tails open (at most " + MAX_TAILS + ")");
        }
    }
}
