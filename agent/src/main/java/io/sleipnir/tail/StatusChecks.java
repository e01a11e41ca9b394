package io.sleipnir.tail;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The reader's checks of its paths, each on the path's check timer ({@link PollTimers}): rotation and deletion
 * (through {@link RotationTracker}), truncation, the size gauge, and the end of drained generations, whose last
 * unterminated line is emitted then. Paths read for good are removed. Reader thread only.
 */
final class StatusChecks {
    private final TailedPaths paths;
    private final RotationTracker rotations;
    private final LineEmitter emitter;
    private final Predicate<Path> watched;
    private final long minPollMillis;
    private final long syncMillis;
    private final long quietPollMillis;
    /** Paths whose checks have backed off to {@link #quietPollMillis}, as of the last round. */
    private int quietPaths;

    /**
     * @param watched         whether events come for a directory (then a quiet file can be checked rarely)
     * @param quietPollMillis how far checks of a quiet file in a watched directory back off
     */
    StatusChecks(TailedPaths paths, RotationTracker rotations, LineEmitter emitter, Predicate<Path> watched,
                 long minPollMillis, long syncMillis, long quietPollMillis) {
        this.paths = paths;
        this.rotations = rotations;
        this.emitter = emitter;
        this.watched = watched;
        this.minPollMillis = minPollMillis;
        this.syncMillis = syncMillis;
        this.quietPollMillis = quietPollMillis;
    }

    LineEmitter emitter() {
        return emitter;
    }

    /** Whether every path's checks have backed off to the quiet interval: the reader may sleep longer. */
    boolean allQuiet() {
        return quietPaths == paths.size();
    }

    /** Checks the paths that are due; true when anything changed. */
    boolean checkDue(long now) throws InterruptedException {
        boolean changed = false;
        List<TailedPath> finished = null;
        int quiet = 0;
        for (TailedPath tp : paths.all()) {
            if (tp.timers.isQuiet(quietPollMillis)) {
                quiet++;
            }
            OpenFile head = tp.head();
            if (!tp.timers.checkDue(now, head == null || head.atEof || tp.released())) {
                continue;
            }
            boolean c = check(tp, now);
            if (c) {
                tp.timers.changed(now);
            } else {
                tp.timers.unchanged(now, tp.timers.mayGoQuiet(now, syncMillis) && eventsCanBeRelied(tp), quietPollMillis);
            }
            changed |= c;
            if (tp.chain.isEmpty() && (tp.released() || !Files.exists(tp.file))) {
                if (finished == null) {
                    finished = new ArrayList<>();
                }
                finished.add(tp);
            }
        }
        quietPaths = quiet;
        if (finished != null) {
            for (TailedPath tp : finished) {
                paths.remove(tp);
            }
            paths.publish();
            changed = true;
        }
        return changed;
    }

    /**
     * A quiet file may be checked only every {@code quietPollMillis} where a write or a rotation wakes it at once:
     * in a watched directory, and not while it drains an old generation.
     */
    private boolean eventsCanBeRelied(TailedPath tp) {
        OpenFile head = tp.head();
        boolean draining = head != null && head.gone || tp.chain.size() > 1 || tp.released();
        return !draining && tp.file.getParent() != null && watched.test(tp.file.getParent());
    }

    private boolean check(TailedPath tp, long now) throws InterruptedException {
        boolean changed = !tp.released() && rotations.followPath(tp);
        OpenFile head = tp.head();
        tp.paused.head = head;
        if (head == null) {
            return changed;
        }
        long size;
        try {
            size = head.channel.size();
        } catch (ClosedByInterruptException e) {
            throw new InterruptedException();
        } catch (IOException e) {
            return changed;
        }
        tp.fileBytes.set(size);
        if (size > head.readPos && head.atEof) {
            tp.timers.eventSeen(); // grown without an event (an unwatched directory): read it in the next round
        }
        switch (RotationTracker.judgeHead(head.gone, tp.released(), head.atEof, size, head.readPos,
                head.idleEofSinceMillis, now, minPollMillis)) {
            case TRUNCATED -> {
                rotations.truncated(tp, head, null, null, paths.liveIdentities());
                return true;
            }
            case FINISH -> {
                finish(tp, head);
                return true;
            }
            case DRAINED_WAITING -> {
                if (head.idleEofSinceMillis == null) {
                    head.idleEofSinceMillis = now;
                }
                return changed;
            }
            default -> {
                return changed;
            }
        }
    }

    /** The head generation is read for good: emit its last unterminated line, release its descriptor. */
    void finish(TailedPath tp, OpenFile f) throws InterruptedException {
        if (f.lines.flushPartial(f.readPos, emitter.reading(tp, f.acks))) {
            tp.lines.report();
        }
        tp.chain.removeFirst();
        f.closeQuietly();
        f.acks.finishReading();
        rotations.finished(f.identity);
        tp.headChanged();
    }
}
