package io.sleipnir.tail;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The {@code tail-paused-watch} thread. Once per sync period, if the reader has not finished a round in all that
 * time (a sink is blocking it), it looks at every file without the reader. Only reads: sizes for the gauge, and
 * truncations, whose copy it opens and holds (a copy compressed or removed before reading resumes is still read)
 * and hands to the reader through the path's {@link View}.
 */
final class PausedWatch implements Runnable {
    private static final System.Logger LOG = System.getLogger(TailManager.class.getName());

    /** What the paused-watch thread and the reader share of one path. */
    static final class View {
        /** The head generation; written by the reader whenever the head changes. */
        volatile OpenFile head;
        /** Set by the paused-watch thread, taken by the reader. */
        final AtomicReference<TruncationSeen> truncationSeen = new AtomicReference<>();
        /** Paused-watch thread only. */
        long sizeSeen = -1;

        /** The reader's turn: a truncation seen while it was paused, or null. Cheap when there is none. */
        TruncationSeen takeTruncation() {
            return truncationSeen.get() == null ? null : truncationSeen.getAndSet(null);
        }

        /** The path is let go: no head, and a copy held for it is closed. */
        void forget() {
            head = null;
            TruncationSeen pending = truncationSeen.getAndSet(null);
            if (pending != null) {
                pending.closeQuietly();
            }
        }
    }

    /**
     * A truncation the paused-watch thread saw in {@code head} after its {@code restarts}-th restart from 0, with
     * the copy it opened (both null when there was none).
     */
    record TruncationSeen(OpenFile head, int restarts, Siblings.Sibling copy, FileChannel channel) {
        /** Still about {@code current}: the reader has not meanwhile found the truncation itself. */
        boolean stillAbout(OpenFile current) {
            return head == current && restarts == current.restarts && !current.gone;
        }

        void closeQuietly() {
            if (channel != null) {
                ReportingOpener.closeQuietly(channel);
            }
        }
    }

    private final long periodMillis;
    private final FileOpener opener;
    private final ReadLoop.Progress reader;
    private final Supplier<List<TailedPath>> paths;
    private final BooleanSupplier running;
    private final Runnable wakeReader;
    private final Object sleep = new Object();

    PausedWatch(long periodMillis, FileOpener opener, ReadLoop.Progress reader, Supplier<List<TailedPath>> paths,
                BooleanSupplier running, Runnable wakeReader) {
        this.periodMillis = periodMillis;
        this.opener = opener;
        this.reader = reader;
        this.paths = paths;
        this.running = running;
        this.wakeReader = wakeReader;
    }

    @Override
    public void run() {
        long seenRounds = -1;
        while (running.getAsBoolean()) {
            synchronized (sleep) {
                try {
                    sleep.wait(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
            long rounds = reader.rounds();
            boolean paused = reader.busy() && rounds == seenRounds;
            seenRounds = rounds;
            if (!paused || !running.getAsBoolean()) {
                continue;
            }
            for (TailedPath tp : paths.get()) {
                try {
                    look(tp);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot look at " + tp.path + " while reading is paused", e); // a bug: its trace helps
                }
            }
        }
    }

    /** Wakes the thread to stop (not an interrupt: that would close the channels it reads). */
    void stop() {
        synchronized (sleep) {
            sleep.notifyAll();
        }
    }

    private void look(TailedPath tp) {
        View view = tp.paused;
        OpenFile head = view.head;
        if (head == null) {
            return;
        }
        long size;
        try {
            size = head.channel.size();
        } catch (IOException e) {
            return; // closed meanwhile by the reader
        }
        tp.fileBytes.set(size);
        if (head.gone || view.truncationSeen.get() != null || size == view.sizeSeen) {
            return;
        }
        view.sizeSeen = size;
        int restarts = head.restarts;
        long readPos = head.publishedReadPos;
        Fingerprint start = head.publishedFingerprint;
        boolean truncated = size < readPos;
        if (!truncated && start != null) {
            try {
                truncated = !start.matches(head.channel, ByteBuffer.allocate(Fingerprint.MAX));
            } catch (IOException e) {
                return;
            }
        }
        if (!truncated) {
            return;
        }
        Siblings.Sibling copy = start == null ? null
                : Siblings.copyOf(tp.file, start, readPos, Set.of(head.identity), opener);
        FileChannel held = null;
        if (copy != null) {
            try {
                held = opener.open(copy.path());
                if (!copy.stillListed()) {
                    // Renamed since it was listed: what was opened is another file; the reader looks again.
                    ReportingOpener.closeQuietly(held);
                    held = null;
                    copy = null;
                }
            } catch (IOException e) {
                copy = null;
            }
        }
        // Handed over before it is logged: once the message is out, the reader acts on the held copy.
        view.truncationSeen.set(new TruncationSeen(head, restarts, copy, held));
        LOG.log(Level.INFO, tp.path + " was truncated while reading is paused"
                + (copy == null ? "; no copy of it is next to it" : "; holding its copy " + copy.path()));
        wakeReader.run();
    }
}
