package io.sleipnir.positions;

import io.sleipnir.model.TimestampFence;
import java.util.ArrayList;
import java.util.List;

/**
 * Read timestamps of one opened file that a crash does not change. A line no stage stamps gets
 * {@code base + (lineStart - anchorOffset)} of the newest {@link StampAnchor} at or before it: unique and increasing
 * (one nanosecond per byte), and the same when the line is read again, as long as the anchor was in the positions
 * file. A new anchor (at real read time) is taken when the current one is older than {@link #RENEW_AFTER_NANOS},
 * so stamps stay within about a second of the read time; anchors the committed offset passed are dropped.
 *
 * <p>After a restart the saved anchors stamp the lines read again; they are used for
 * {@link #RESTORED_FOR_NANOS} of reading (re-reading the unacknowledged tail takes far less), then real read time
 * takes over. Lines written while the agent was down and read in that window get stamps older than their read time.
 *
 * <p>Each anchor taken here comes with the {@link TimestampFence} its owner gives it; the lines stamped from it carry
 * that fence ({@link #fence()}), so that a client can hold their batch until the anchor is written. Saved anchors
 * are written already: no fence.
 *
 * <p>{@link #stamp} and {@link #truncated} are for the reader thread; {@link #snapshot} for the positions writer.
 */
final class ReadStamps {
    static final long RENEW_AFTER_NANOS = 1_000_000_000L;
    static final long RESTORED_FOR_NANOS = 30_000_000_000L;
    /** Anchors kept per file at most: when the committed offset lags this far, the newest one stays in use. */
    static final int MAX_ANCHORS = 64;

    /** Oldest first, offsets increasing; guarded by this. */
    private final ArrayList<StampAnchor> anchors = new ArrayList<>();
    /** What an anchor's owner does when one is taken: asks for it to be written, and says how to wait for that. */
    interface AnchorTaken {
        /** Called on the reader thread after an anchor was added; the fence of the write that holds it, or null. */
        TimestampFence taken();
    }

    private final AnchorTaken onNewAnchor;
    /** The saved anchors this generation began with; immutable. */
    private final List<StampAnchor> restored;
    /** True while saved anchors stamp lines; the writer keeps them all until then. */
    private volatile boolean restoring;
    // Reader thread only:
    private StampAnchor current;
    private TimestampFence currentFence;
    private TimestampFence lastFence;
    private long currentTakenAt;
    private long restoreStartedAt = Long.MIN_VALUE;
    private int restoredIndex;
    private long lastStamp = Long.MIN_VALUE;

    /**
     * @param restored    anchors saved for this very file at this generation's start offset (empty when none)
     * @param onNewAnchor told (on the reader thread) after an anchor was added, so that it is written soon
     */
    ReadStamps(List<StampAnchor> restored, Runnable onNewAnchor) {
        this(restored, () -> {
            onNewAnchor.run();
            return null;
        });
    }

    /** As above; {@code onNewAnchor} gives each new anchor its fence. */
    ReadStamps(List<StampAnchor> restored, AnchorTaken onNewAnchor) {
        this.onNewAnchor = onNewAnchor;
        this.restored = List.copyOf(restored);
        anchors.addAll(this.restored);
        restoring = !this.restored.isEmpty();
    }

    /** The timestamp of the line starting at {@code lineStart}, read at {@code nowNanos}. */
    long stamp(long lineStart, long nowNanos) {
        if (restoring) {
            StampAnchor saved = savedAnchorFor(lineStart, nowNanos);
            if (saved != null) {
                lastFence = null; // saved anchors are in the file already
                return remember(saved.baseNanos() + (lineStart - saved.offset()));
            }
        }
        if (current == null || lineStart < current.offset()
                || (nowNanos - currentTakenAt > RENEW_AFTER_NANOS && size() < MAX_ANCHORS)) {
            take(lineStart, nowNanos);
        }
        lastFence = currentFence;
        return remember(current.baseNanos() + (lineStart - current.offset()));
    }

    /** The fence of the anchor the last {@link #stamp} used; null when it is known to be written. Reader thread. */
    TimestampFence fence() {
        TimestampFence f = lastFence;
        if (f != null && f.durable()) {
            lastFence = null; // later lines of this anchor need not ask again
            if (currentFence == f) {
                currentFence = null;
            }
            return null;
        }
        return f;
    }

    /** The saved anchor for a line read again, or null once the restored window ended (it ends for good). */
    private StampAnchor savedAnchorFor(long lineStart, long nowNanos) {
        if (restoreStartedAt == Long.MIN_VALUE) {
            restoreStartedAt = nowNanos;
        }
        List<StampAnchor> all = restored;
        if (nowNanos - restoreStartedAt <= RESTORED_FOR_NANOS && restoredIndex < all.size()
                && lineStart >= all.get(0).offset()) {
            while (restoredIndex + 1 < all.size() && all.get(restoredIndex + 1).offset() <= lineStart) {
                restoredIndex++;
            }
            return all.get(restoredIndex);
        }
        restoring = false;
        return null;
    }

    private long remember(long stamp) {
        lastStamp = stamp;
        return stamp;
    }

    private void take(long lineStart, long nowNanos) {
        long base = lastStamp == Long.MIN_VALUE ? nowNanos : Math.max(nowNanos, lastStamp + 1);
        StampAnchor anchor = new StampAnchor(lineStart, base);
        synchronized (this) {
            anchors.removeIf(a -> a.offset() >= lineStart); // a truncated file, or saved anchors never reached
            anchors.add(anchor);
        }
        current = anchor;
        currentTakenAt = nowNanos;
        currentFence = onNewAnchor.taken();
    }

    /** The file was truncated: its old offsets mean nothing now. */
    void truncated() {
        synchronized (this) {
            anchors.clear();
        }
        current = null;
        restoring = false;
    }

    private synchronized int size() {
        return anchors.size();
    }

    /** Every anchor kept, pruning none: a later generation is read again from its start after a crash. */
    synchronized List<StampAnchor> all() {
        return List.copyOf(anchors);
    }

    /** The anchors still needed after {@code committed}: the last one at or before it and all later ones. */
    synchronized List<StampAnchor> snapshot(long committed) {
        while (anchors.size() >= 2 && anchors.get(1).offset() <= committed && !restoring) {
            anchors.remove(0);
        }
        return List.copyOf(anchors);
    }
}
