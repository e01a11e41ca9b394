package io.sleipnir.tail;

import io.sleipnir.metrics.AgentMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Tails the files that the targets' globs match. One reader thread serves every file round-robin, at most one
 * read quantum per file per turn, and runs the sinks synchronously: a blocking sink pauses reading (back-pressure);
 * a file whose Loki tenant is at its budget share is paused alone ({@link FilePause}) and skipped meanwhile.
 * This class wires the parts and is the tailer's face to the agent:
 * <ul>
 * <li>{@link FileDiscovery}: which files exist, from {@link PathResolver} (at start, every sync period, and soon
 *     after a file-system event from {@link DirectoryWatcher}, which watches every directory level a glob can
 *     match); {@link TailedPaths} starts and removes them (a file reached by two paths is read once, under the
 *     first path found);</li>
 * <li>{@link ReadLoop}: the reader thread, its commands and its sleep; {@link ReadTurns}: one quantum per path per
 *     round, cut into lines by {@link LineSplitter} and turned into entries by {@link LineEmitter};</li>
 * <li>{@link StatusChecks} and {@link RotationTracker}: rotation, truncation and deletion by file identity, each
 *     path on its own {@link PollTimers};</li>
 * <li>{@link PausedWatch}: while the reader is blocked, sizes and truncations seen by a second thread.</li>
 * </ul>
 *
 * <p>Rotation: when the path names a new file, the old one is kept open and read until it has been idle at EOF
 * for one poll interval, its last unterminated line is emitted, and then the new file is read from 0 (its
 * channel is opened as soon as it is noticed, so a second rotation while we lag loses nothing). A file that
 * appears while we run, with no saved position, is read after the siblings it was rotated into before we saw it.
 *
 * <p>Truncation (copytruncate): noticed when the file is shorter than the read position, or when its first bytes
 * are no longer those read ({@link Fingerprint}), so also after it has grown past the read position again. Then
 * the rest of the old generation is read from its copy next to it when one starts with the same bytes, and the
 * file from 0. A deleted file is drained to its end through the open descriptor.
 *
 * <p>Positions are reached only through {@link TailPositions}. Lines longer than the memory cap
 * ({@link TailSettings#maxLineBytes()}) are never buffered whole; {@code limits_config.max_line_size} itself is
 * the client's to enforce, as in Promtail.
 */
public final class TailManager implements AutoCloseable {
    private final ReaderCommands commands;
    private final ReadLoop loop;
    private final ReadLoop.Progress progress;
    /** When the tailer was made: what /healthz counts a first round's time from. */
    private final Instant created;
    private final TailedPaths paths;
    private final FileDiscovery discovery;
    private final StatusChecks checks;
    private final DirectoryWatcher watcher;
    private final PausedWatch pausedWatch;
    private final Thread reader;
    private final Thread pausedWatchThread;
    /** Written by the reader when it answers "read to end"; see {@link #readToEndOffsets()}. */
    private volatile Map<String, Long> readToEndOffsets = Map.of();

    public TailManager(TailSettings settings, TailPositions positions, AgentMetrics metrics, Clock clock) throws IOException {
        this(settings, positions, metrics, clock, FileOpener.DEFAULT);
    }

    TailManager(TailSettings settings, TailPositions positions, AgentMetrics metrics, Clock clock, FileOpener opener)
            throws IOException {
        long minPoll = Math.max(1, settings.minPoll().toMillis());
        long maxPoll = Math.max(minPoll, settings.maxPoll().toMillis());
        long sync = settings.syncPeriod().toMillis();
        long quietPoll = Math.max(maxPoll, FileDiscovery.SAFETY_NET_SYNC_PERIODS * sync);
        int lineCap = (int) settings.maxLineBytes();
        ReportingOpener reporting = new ReportingOpener(opener, metrics);
        RotationTracker rotations = new RotationTracker(reporting, lineCap, clock.millis());
        LineEmitter emitter = new LineEmitter(settings, metrics, clock);
        this.commands = new ReaderCommands();
        this.watcher = new DirectoryWatcher(commands::wake);
        this.paths = new TailedPaths(positions, metrics, clock, reporting, rotations, minPoll, maxPoll, lineCap,
                commands::wake);
        this.discovery = new FileDiscovery(watcher, paths, reporting, clock, sync);
        this.checks = new StatusChecks(paths, rotations, emitter, watcher::isWatched, minPoll, sync, quietPoll);
        ReadTurns turns = new ReadTurns(paths, rotations, emitter, commands::running, settings.readQuantumBytes());
        this.loop = new ReadLoop(commands, discovery, turns, checks, clock, minPoll, maxPoll);
        this.progress = loop.progress();
        this.created = clock.instant();
        this.pausedWatch = new PausedWatch(sync, opener, loop.progress(), paths::snapshot, commands::running,
                commands::wake);
        this.reader = new Thread(loop, "tail-reader");
        this.reader.setDaemon(true);
        this.pausedWatchThread = new Thread(pausedWatch, "tail-paused-watch");
        this.pausedWatchThread.setDaemon(true);
    }

    /**
     * Replaces the targets: new matches start, files no longer matched are drained and released. A path is read
     * once: when the globs of several targets match it (two jobs, two static_configs of one job), each line goes to
     * every one of them, with that target's labels and sink, as Promtail ships it under each; a target that starts
     * or stops covering a path being read joins or leaves at the reader's place. A file reached by two paths (a
     * symlink and its target) is read under the first path found, for that path's targets only.
     */
    public void setTargets(List<FileTarget> newTargets) {
        List<FileTarget> frozen = List.copyOf(newTargets);
        commands.offer(() -> discovery.setTargets(frozen));
    }

    public void start() {
        reader.start();
        watcher.start();
        pausedWatchThread.start();
    }

    /** The paths being tailed now (including ones still draining). */
    public List<String> activeFiles() {
        return paths.active();
    }

    /**
     * When the reader last completed a round (read every due file and checked the due ones), by the tailer's
     * clock; empty before the first. A reader blocked by back-pressure completes none.
     */
    public Optional<Instant> lastRoundCompleted() {
        return loop.lastRoundCompleted();
    }

    /** For /healthz: when the reader last completed a round, or when the tailer was made before its first. */
    public Instant lastRoundCompletedOrCreated() {
        return loop.lastRoundCompleted().orElse(created);
    }

    /** For /healthz: whether the reader is in a round (reading, or blocked by a sink) rather than waiting. */
    public boolean readerInRound() {
        return progress.busy();
    }

    /**
     * For -exit-on-eof: asks the reader whether every tailed file has been read to its end, after the first scan
     * of the targets (so a glob that matches nothing counts as done). When so, each file's last line without a
     * newline is emitted now, as a finished writer's last line; Promtail never sends it while tailing, and it would
     * otherwise hold the file's position back for good. Completes when the reader gets to it: not while a sink blocks.
     */
    public CompletableFuture<Boolean> readToEndEmittingUnterminated() {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        commands.offer(() -> {
            try {
                answer.complete(readToEnd() && emitUnterminated());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer.complete(false);
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private boolean readToEnd() {
        if (!paths.resolvedOnce()) {
            return false;
        }
        Map<String, Long> ends = new HashMap<>();
        for (TailedPath tp : paths.all()) {
            OpenFile head = tp.head();
            if (tp.chain.size() > 1 || head != null && head.readPos < head.sizeOr(Long.MAX_VALUE)) {
                return false;
            }
            if (head != null) {
                ends.put(tp.path, head.readPos);
            }
        }
        readToEndOffsets = Map.copyOf(ends);
        return true;
    }

    /**
     * For -exit-on-eof: each file's end as the reader saw it at the last "read to end" answer, in the offsets its
     * positions use (a decompressed file's are uncompressed bytes, so its size on disk would never be reached).
     */
    public Map<String, Long> readToEndOffsets() {
        return readToEndOffsets;
    }

    private boolean emitUnterminated() throws InterruptedException {
        LineEmitter emitter = checks.emitter();
        for (TailedPath tp : paths.all()) {
            OpenFile f = tp.head();
            if (f != null && f.lines.flushPartial(f.readPos, emitter.reading(tp, f.acks))) {
                tp.lines.report();
            }
        }
        return true;
    }

    /** Stops reading promptly and joins the threads. Flushes nothing; positions keep their committed offsets. */
    @Override
    public void close() throws InterruptedException {
        commands.stop();
        reader.interrupt();
        pausedWatch.stop();
        watcher.close();
        if (reader.isAlive() || reader.getState() != Thread.State.NEW) {
            reader.join(10_000);
        }
        if (pausedWatchThread.getState() != Thread.State.NEW) {
            pausedWatchThread.join(10_000);
        }
        paths.closeAll();
    }
}
