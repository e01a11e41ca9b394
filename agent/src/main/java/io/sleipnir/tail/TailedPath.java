package io.sleipnir.tail;

import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A path being tailed: where its lines go (a {@link Route} per target that covers it), its ledger in positions, and
 * the generations still to read, oldest first (a rotated-away file being drained, then its successor). The reader
 * thread owns it; what the paused-watch thread sees is in {@link #paused}. Its state is in small parts:
 * {@link #timers} (when to read and to check), {@link #lines} (line count and timestamps), {@link #warnings} (what
 * was logged once), and two fields of its own: the routes and whether it is released (no longer matched: drained,
 * then removed).
 */
final class TailedPath {
    /** Where a path's lines go: its target, and the target's labels plus {@code filename}. */
    record Route(FileTarget target, Labels labels) {
        static Route of(FileTarget target, String path) {
            return new Route(target, target.labels().with("filename", path));
        }
    }

    final String path;
    final Path file;
    final TailPositions.PathLedger ledger;
    final ArrayDeque<OpenFile> chain = new ArrayDeque<>(2);
    final Gauge.Child readBytes;
    final Gauge.Child fileBytes;
    final PollTimers timers;
    final Lines lines;
    final Warnings warnings = new Warnings();
    final PausedWatch.View paused = new PausedWatch.View();
    /** Paused by a Loki tenant whose budget share is full: the reader skips its turns meanwhile. */
    final FilePause pause;
    /** One per covering target, in the targets' order; never empty. */
    private Route[] routes;
    private boolean released;

    TailedPath(String path, FileTarget target, TailPositions.PathLedger ledger, AgentMetrics metrics,
               PollTimers timers) {
        this(path, List.of(target), ledger, metrics, timers, new FilePause(() -> { }));
    }

    TailedPath(String path, List<FileTarget> targets, TailPositions.PathLedger ledger, AgentMetrics metrics,
               PollTimers timers, FilePause pause) {
        this.path = path;
        this.pause = pause;
        this.file = Path.of(path);
        this.ledger = ledger;
        this.readBytes = metrics.readBytes.labels(path);
        this.fileBytes = metrics.fileBytes.labels(path);
        this.lines = new Lines(metrics.readLines.labels(path));
        this.timers = timers;
        this.routes = routesOf(targets, path);
    }

    /** Where each line goes: every covering target's sink, with that target's labels. */
    Route[] routes() {
        return routes;
    }

    /** The targets covering the path now; unchanged targets keep their routes. */
    void retarget(List<FileTarget> targets) {
        boolean same = targets.size() == routes.length;
        for (int i = 0; same && i < routes.length; i++) {
            same = targets.get(i) == routes[i].target();
        }
        if (!same) {
            routes = routesOf(targets, path);
        }
    }

    private static Route[] routesOf(List<FileTarget> targets, String path) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException(path + " must be covered by a target");
        }
        Route[] out = new Route[targets.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Route.of(targets.get(i), path);
        }
        return out;
    }

    boolean released() {
        return released;
    }

    /** No longer matched (true) or matched again (false); true when this changed it. */
    boolean release(boolean release) {
        boolean was = released;
        released = release;
        return was != release;
    }

    OpenFile head() {
        return chain.peekFirst();
    }

    /** The head changed: tell the paused-watch thread, and the read-bytes gauge. */
    void headChanged() {
        OpenFile head = chain.peekFirst();
        paused.head = head;
        if (head != null) {
            readBytes.set(head.readPos);
        }
    }

    /** Lines read, counted per read turn rather than per line (a per-line update showed in profiles). */
    static final class Lines {
        private final Counter.Child readLines;
        /** The read timestamp given to the last line, so that the next one is strictly later. */
        private long lastTimestampNanos = Long.MIN_VALUE / 2;
        private long unreported;

        Lines(Counter.Child readLines) {
            this.readLines = readLines;
        }

        void counted() {
            unreported++;
        }

        /** A timestamp for the next line read at {@code readTimeNanos}: strictly later than the last one. */
        long stamp(long readTimeNanos) {
            long timestamp = Math.max(readTimeNanos, lastTimestampNanos + 1);
            lastTimestampNanos = timestamp;
            return timestamp;
        }

        void report() {
            if (unreported > 0) {
                readLines.inc(unreported);
                unreported = 0;
            }
        }
    }

    /** What was logged once for this path, so a lasting problem does not flood the log. */
    static final class Warnings {
        private boolean readError;
        private boolean sinkError;

        /** True the first time reading fails since it last worked. */
        boolean firstReadError() {
            boolean first = !readError;
            readError = true;
            return first;
        }

        void readWorked() {
            readError = false;
        }

        /** True the first time the sink fails on a line of this path. */
        boolean firstSinkError() {
            boolean first = !sinkError;
            sinkError = true;
            return first;
        }
    }
}
