package io.sleipnir.positions;

import io.sleipnir.tail.FileIdentity;
import io.sleipnir.tail.TailPositions;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The positions entry of one path across rotations. A path may have several generations at once: a
 * rotated-away file still being drained or acknowledged, and its successor. The entry keeps describing the
 * oldest unfinished generation (its identity and committed offset); only when that one is read to its end and
 * fully acknowledged does the entry move to the next. After {@link #release()} and the last generation is
 * done, the entry is removed (Promtail forgets files that leave the glob).
 *
 * <p>It knows nothing of {@link PositionsFile}: it tells its {@link Listener} (outside its own monitor when the
 * listener may take a lock, see {@link Listener#idle}), and the file calls into it. Lock order: the file's
 * {@code live} map, then this object's monitor; a {@link FileAckTracker}'s monitor is never held while either is
 * taken.
 */
public final class PathPositions implements TailPositions.PathLedger {
    /** What a path's bookkeeping tells its owner. */
    interface Listener {
        /**
         * The entry now says {@code position}, with the read-time {@code anchors} after it; called under the path's
         * monitor, so it must take no lock.
         */
        void published(PathPositions path, SavedPosition position, List<StampAnchor> anchors,
                       List<PositionsFormat.LaterGeneration> later);

        /**
         * A generation took a new read-time anchor (reader thread): it should be written soon. Takes no lock and never
         * waits; returns the fence of the write that will hold it (null when nothing will be written).
         */
        io.sleipnir.model.TimestampFence anchorTaken();

        /** Released with nothing left: it may be forgotten. Called outside the path's monitor. */
        void idle(PathPositions path);
    }

    private final Listener listener;
    private final String path;
    private final SavedPosition saved;
    /** The saved anchors of {@link #saved}; handed to the first generation that resumes exactly there. */
    private List<StampAnchor> savedAnchors;
    /** The saved anchors of the files that waited behind {@link #saved}; each handed to the generation of its file. */
    private List<PositionsFormat.LaterGeneration> savedLater;
    /** Oldest first; guarded by this. */
    private final ArrayDeque<FileAckTracker> generations = new ArrayDeque<>();
    private boolean released; // guarded by this
    private boolean retired; // guarded by this
    private volatile TailPositions.SourcePause pause;

    PathPositions(Listener listener, String path, SavedPosition saved, List<StampAnchor> savedAnchors) {
        this(listener, path, saved, savedAnchors, null);
    }

    PathPositions(Listener listener, String path, SavedPosition saved, List<StampAnchor> savedAnchors,
                  List<PositionsFormat.LaterGeneration> savedLater) {
        this.listener = listener;
        this.path = path;
        this.saved = saved;
        this.savedAnchors = savedAnchors == null ? List.of() : savedAnchors;
        this.savedLater = savedLater == null ? List.of() : savedLater;
    }

    public String path() {
        return path;
    }

    /** What the positions file held for this path when this bookkeeping began; null when nothing. */
    public SavedPosition savedPosition() {
        return saved;
    }

    @Override
    public TailPositions.ResumePoint saved() {
        return saved == null ? null : new TailPositions.ResumePoint(saved.offset(), saved.identity(), saved.print());
    }

    /** True while an earlier generation of this path is still being read or acknowledged in this process. */
    @Override
    public synchronized boolean hasGenerations() {
        return !generations.isEmpty();
    }

    /** Begins a generation: the file {@code identity} read from {@code startOffset}. Reader thread. */
    @Override
    public FileAckTracker startGeneration(FileIdentity identity, long startOffset) {
        List<StampAnchor> restored = List.of();
        if (saved != null && saved.identity() != null && saved.identity().equals(identity)
                && saved.offset() == startOffset) {
            restored = savedAnchors;
            savedAnchors = List.of(); // only the generation that resumes the saved one is stamped as before
        } else {
            for (PositionsFormat.LaterGeneration g : savedLater) {
                if (g.identity().equals(identity)) {
                    restored = g.anchors(); // a file that waited behind the saved one, read again from its start
                }
            }
        }
        FileAckTracker tracker = new FileAckTracker(identity, startOffset, this::advanced,
                new ReadStamps(restored, listener::anchorTaken));
        tracker.pausedBy(pause);
        if (saved != null && identity.equals(saved.identity())) {
            tracker.printed(saved.print()); // resumed at an offset past its first bytes: they are not read again
        }
        synchronized (this) {
            generations.addLast(tracker);
            released = false; // tailed again (a re-created file): the entry lives on
        }
        advanced();
        return tracker;
    }

    /** Also for the generations already begun: a re-tailed path drains its predecessors with its own pause. */
    @Override
    public void pausedBy(TailPositions.SourcePause pause) {
        this.pause = pause;
        synchronized (this) {
            generations.forEach(g -> g.pausedBy(pause));
        }
    }

    /** The reader reached the end of this generation for good (rotated away or deleted, and drained). */
    public void readingFinished(FileAckTracker tracker) {
        tracker.finishReading(); // which tells this path through the tracker's listener
    }

    /**
     * The path is no longer tailed (left the glob, or deleted and drained): once every generation is read and
     * acknowledged, the entry is removed.
     */
    @Override
    public void release() {
        synchronized (this) {
            released = true;
        }
        advanced();
    }

    /** Taken over by a new tailer of the same path: it must not be retired. False when it already is. */
    synchronized boolean claim() {
        if (retired) {
            return false;
        }
        released = false;
        return true;
    }

    /** Marks this retired when it is released and has nothing left; true when it did. */
    synchronized boolean markRetiredIfIdle() {
        if (retired || !released || !generations.isEmpty()) {
            return false;
        }
        retired = true;
        return true;
    }

    /**
     * What the entry says now, without changing anything: trackers announce advances only in steps (see
     * {@link FileAckTracker}), so this looks at them directly. Null when retired or nothing is left.
     */
    synchronized SavedPosition current() {
        if (retired) {
            return null;
        }
        int left = generations.size();
        for (FileAckTracker g : generations) {
            if (!(g.done() && (left > 1 || released))) {
                return new SavedPosition(g.committedOffset(), g.identity(), g.print());
            }
            left--;
        }
        return null;
    }

    /** Publishes the current committed offset now (the writer, before it writes). */
    void refresh() {
        advanced();
    }

    /** The anchors of the generations behind the head (guarded by this): read again from their start after a crash. */
    private List<PositionsFormat.LaterGeneration> laterGenerations() {
        if (generations.size() < 2) {
            return List.of();
        }
        List<PositionsFormat.LaterGeneration> out = new java.util.ArrayList<>(generations.size() - 1);
        boolean first = true;
        for (FileAckTracker g : generations) {
            if (!first && g.identity() != null) {
                List<StampAnchor> anchors = g.allAnchors();
                if (!anchors.isEmpty()) {
                    out.add(new PositionsFormat.LaterGeneration(g.identity(), anchors));
                }
            }
            first = false;
        }
        return out;
    }

    private void advanced() {
        boolean idle = false;
        synchronized (this) {
            while (!generations.isEmpty() && generations.peekFirst().done()
                    && (generations.size() > 1 || released)) {
                generations.removeFirst();
            }
            FileAckTracker head = generations.peekFirst();
            if (head != null) {
                if (!retired) {
                    listener.published(this, new SavedPosition(head.committedOffset(), head.identity(), head.print()),
                            head.anchors(), laterGenerations());
                }
            } else {
                idle = released && !retired;
            }
        }
        if (idle) {
            listener.idle(this); // outside our monitor: the file takes its lock first
        }
    }
}
