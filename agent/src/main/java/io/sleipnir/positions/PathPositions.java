package io.sleipnir.positions;

import java.util.ArrayDeque;

/**
 * The positions entry of one path across rotations. A path may have several generations at once: a
 * rotated-away file still being drained or acknowledged, and its successor. The entry keeps describing the
 * oldest unfinished generation (its identity and committed offset); only when that one is read to its end and
 * fully acknowledged does the entry move to the next. After {@link #release()} and the last generation is
 * done, the entry is removed (Promtail forgets files that leave the glob).
 */
public final class PathPositions {
    private final PositionsFile file;
    private final String path;
    private final SavedPosition saved;
    /** Oldest first; guarded by this. */
    private final ArrayDeque<FileAckTracker> generations = new ArrayDeque<>();
    private boolean released;
    private boolean retired; // guarded by this

    PathPositions(PositionsFile file, String path, SavedPosition saved) {
        this.file = file;
        this.path = path;
        this.saved = saved;
    }

    public String path() {
        return path;
    }

    /** What the positions file held for this path when this bookkeeping began; null when nothing. */
    public SavedPosition saved() {
        return saved;
    }

    /** True while an earlier generation of this path is still being read or acknowledged in this process. */
    public synchronized boolean hasGenerations() {
        return !generations.isEmpty();
    }

    /** Begins a generation: the file {@code identity} read from {@code startOffset}. Reader thread. */
    public FileAckTracker startGeneration(FileIdentity identity, long startOffset) {
        FileAckTracker tracker = new FileAckTracker(identity, startOffset, this::advanced);
        synchronized (this) {
            generations.addLast(tracker);
            released = false; // tailed again (a re-created file): the entry lives on
        }
        advanced();
        return tracker;
    }

    /** The reader reached the end of this generation for good (rotated away or deleted, and drained). */
    public void readingFinished(FileAckTracker tracker) {
        tracker.finishReading();
        advanced();
    }

    /**
     * The path is no longer tailed (left the glob, or deleted and drained): once every generation is read and
     * acknowledged, the entry is removed.
     */
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

    /** Publishes the current committed offset now; trackers announce advances only in steps (see FileAckTracker). */
    void refresh() {
        advanced();
    }

    private void advanced() {
        boolean retire = false;
        synchronized (this) {
            while (!generations.isEmpty() && generations.peekFirst().done()
                    && (generations.size() > 1 || released)) {
                generations.removeFirst();
            }
            FileAckTracker head = generations.peekFirst();
            if (head != null) {
                if (!retired) {
                    file.publish(this, new SavedPosition(head.committedOffset(), head.identity()));
                }
            } else {
                retire = released && !retired;
            }
        }
        if (retire) {
            file.retire(this); // outside our monitor: retire takes the file's lock first
        }
    }
}
