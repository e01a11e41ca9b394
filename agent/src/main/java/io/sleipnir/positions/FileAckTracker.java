package io.sleipnir.positions;

import io.sleipnir.model.CompletionRun;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.TimestampFence;
import io.sleipnir.tail.ContentPrint;
import io.sleipnir.tail.FileIdentity;
import io.sleipnir.tail.TailPositions;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Acknowledgements of one opened file (one identity). The reader asks for a {@link Delivery} per line, in read
 * order, on one thread; holders complete them from any thread in any order. The committed offset is the end of
 * the longest prefix of deliveries that are all complete, so it never passes an entry that was not answered.
 *
 * <p>Cost per line: one small node (an int counter via a field updater, the end offset, a link). The in-order
 * prefix is a singly linked list: the reader appends without a lock (one producer), and whoever completes a
 * line walks the completed prefix under this object's monitor.
 */
public final class FileAckTracker implements TailPositions.GenerationAcks {
    static final int ANNOUNCE_EVERY = 256;
    private static final java.lang.invoke.VarHandle APPENDED;

    static {
        try {
            APPENDED = java.lang.invoke.MethodHandles.lookup().findVarHandle(FileAckTracker.class, "appended", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FileIdentity identity;
    private final Runnable onAdvance;
    private final ReadStamps stamps;
    /** {@link #advance}, one object, so that a {@link CompletionRun} runs it once for all of this file's entries. */
    private final Runnable advanceOnce = this::advance;
    /** The newest delivery (at first a sentinel); written by the reader thread only. */
    private Node tail;
    /** The last delivery the committed offset has passed (at first the sentinel); guarded by this. */
    private Node passed;
    /** Deliveries handed out; written by the reader thread only. */
    private volatile long appended;
    /** Deliveries the committed offset has passed; written under this object's monitor. */
    private volatile long passedCount;
    /** Advances since the listener last heard of one; guarded by this. */
    private int unannounced;
    private volatile long committed;
    private volatile boolean readingFinished;
    /** The print of this file's first bytes, once read; null before. */
    private volatile ContentPrint print;
    /** How this file's deliveries pause its reading; null when they cannot. */
    private volatile TailPositions.SourcePause pause;

    /**
     * @param startOffset the committed offset before any delivery (where reading starts)
     * @param onAdvance   called, outside the lock, when reading finished and after the committed offset moved: at least every
     *                    {@value #ANNOUNCE_EVERY} advances and whenever nothing is pending any more. Announcing each
     *                    line would publish a new position per line delivered, which showed in profiles; a listener
     *                    that lags a few lines behind only means a few more lines resent after a crash.
     */
    FileAckTracker(FileIdentity identity, long startOffset, Runnable onAdvance) {
        this(identity, startOffset, onAdvance, new ReadStamps(java.util.List.of(), () -> { }));
    }

    /** As above, with the read-time anchors of this generation ({@link #timestamp}). */
    FileAckTracker(FileIdentity identity, long startOffset, Runnable onAdvance, ReadStamps stamps) {
        this.stamps = stamps;
        this.identity = identity;
        this.committed = startOffset;
        this.onAdvance = onAdvance;
        Node sentinel = new Node(this, startOffset, 0);
        this.tail = sentinel;
        this.passed = sentinel;
    }

    public FileIdentity identity() {
        return identity;
    }

    /** The print of this file's first bytes; null when none was read. */
    public ContentPrint print() {
        return print;
    }

    @Override
    public void printed(ContentPrint firstBytes) {
        if (firstBytes != null) {
            this.print = firstBytes;
        }
    }

    /** A delivery for the next line, which ends (newline included) at {@code endOffset}. Reader thread only. */
    @Override
    public Delivery newDelivery(long endOffset) {
        Node node = new Node(this, endOffset, 1);
        append(node);
        return node;
    }

    /**
     * The file was truncated and reading restarts at 0: once everything read before is answered, the committed
     * offset becomes 0, even if nothing is read afterwards. Reader thread only.
     */
    @Override
    public void markTruncated() {
        stamps.truncated();
        append(new Node(this, 0, 0));
        advance();
    }

    /**
     * Single producer, no lock: the reader links the node with a volatile write, so completers that walk the list
     * under the monitor see it whole. Taking the monitor here made the reader and the senders contend per line.
     */
    private void append(Node node) {
        // Release stores, not volatile ones: the completers read both under the monitor after a volatile read, so
        // ordering them before what follows is enough, and a full fence per line twice showed in the reader's profile.
        APPENDED.setRelease(this, appended + 1); // before linking, so pendingCount() never goes below zero
        Node.NEXT.setRelease(tail, node);
        tail = node;
    }

    /**
     * A read timestamp for the line starting at {@code lineStart}, the same after a restart (see {@link ReadStamps}).
     * The line's delivery, handed out just before, carries the fence of the anchor used until it is written.
     */
    @Override
    public long timestamp(long lineStart, long readTimeNanos) {
        long stamp = stamps.stamp(lineStart, readTimeNanos);
        TimestampFence fence = stamps.fence();
        if (fence != null) {
            tail.fence = fence;
            tail.readStamp = stamp;
        }
        return stamp;
    }

    /** The read-time anchors still needed after the committed offset, for the positions file. */
    java.util.List<StampAnchor> anchors() {
        return stamps.snapshot(committed);
    }

    /** Every anchor of this generation: it is not the path's oldest, so after a crash it is read from its start. */
    java.util.List<StampAnchor> allAnchors() {
        return stamps.all();
    }

    /** This file's deliveries pause its reading through {@code pause} (null: they cannot). */
    void pausedBy(TailPositions.SourcePause pause) {
        this.pause = pause;
    }

    /** The end offset of the longest fully completed prefix (or the start offset). */
    public long committedOffset() {
        return committed;
    }

    /** Deliveries handed out and not yet passed by the committed offset. */
    public long pendingCount() {
        return appended - passedCount;
    }

    /** The reader is done with this file: nothing more will be appended. Tells the listener (the path may move on). */
    @Override
    public void finishReading() {
        readingFinished = true;
        onAdvance.run();
    }

    public boolean readingFinished() {
        return readingFinished;
    }

    /** Fully read and fully answered. */
    public boolean done() {
        return readingFinished && pendingCount() == 0;
    }

    private void advance() {
        boolean announce = false;
        synchronized (this) {
            Node last = passed;
            Node n = last.next;
            long moved = 0;
            while (n != null && n.refs == 0) {
                // Unlink what is passed, so completed nodes can be collected even if a holder keeps the token.
                // The reader only writes the newest node's link, and last is not the newest: n follows it.
                last.next = null;
                last = n;
                moved++;
                n = n.next;
            }
            if (moved > 0) {
                passed = last;
                committed = last.endOffset;
                passedCount = passedCount + moved;
                unannounced += (int) Math.min(moved, ANNOUNCE_EVERY);
                if (appended == passedCount || unannounced >= ANNOUNCE_EVERY) {
                    unannounced = 0;
                    announce = true;
                }
            }
        }
        if (announce) {
            onAdvance.run();
        }
    }

    private static final class Node implements Delivery {
        private static final AtomicIntegerFieldUpdater<Node> REFS = AtomicIntegerFieldUpdater.newUpdater(Node.class, "refs");
        static final java.lang.invoke.VarHandle NEXT;

        static {
            try {
                NEXT = java.lang.invoke.MethodHandles.lookup().findVarHandle(Node.class, "next", Node.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final FileAckTracker tracker;
        private final long endOffset;
        private volatile int refs;
        private volatile Node next;
        /** Set by the reader before the entry is handed on (the hand-over publishes it). */
        private TimestampFence fence;
        /** The read-time stamp the fence stands for; set with it. */
        private long readStamp;

        Node(FileAckTracker tracker, long endOffset, int refs) {
            this.tracker = tracker;
            this.endOffset = endOffset;
            this.refs = refs;
        }

        @Override
        public void retain(int holders) {
            if (holders < 0) {
                throw new IllegalArgumentException("holders must be non-negative, got " + holders);
            }
            int before = REFS.getAndAdd(this, holders);
            if (before <= 0) {
                throw new IllegalStateException("retain after the delivery ending at " + endOffset + " was completed");
            }
        }

        @Override
        public void complete() {
            if (lastHolderDone()) {
                tracker.advance();
            }
        }

        @Override
        public void complete(CompletionRun run) {
            if (lastHolderDone()) {
                run.afterRun(tracker.advanceOnce);
            }
        }

        /** Counts one holder done; true when it was the last. */
        private boolean lastHolderDone() {
            int left = REFS.decrementAndGet(this);
            if (left < 0) {
                throw new IllegalStateException("delivery ending at " + endOffset + " completed more times than held");
            }
            return left == 0;
        }

        @Override
        public boolean pauseSourceUntil(CompletionStage<?> resume) {
            TailPositions.SourcePause p = tracker.pause;
            return p != null && p.pauseUntil(resume);
        }

        @Override
        public TimestampFence timestampFence(long timestampNanos) {
            return timestampNanos == readStamp ? fence : null;
        }

        @Override
        public String toString() {
            return "Delivery[end=" + endOffset + ", holders=" + refs + "]";
        }
    }
}
