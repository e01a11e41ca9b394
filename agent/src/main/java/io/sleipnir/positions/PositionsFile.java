package io.sleipnir.positions;

import io.sleipnir.config.PositionsConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.IoErrors;
import io.sleipnir.tail.TailPositions;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The positions file in Promtail's format, and nothing more, so that Promtail can read it back (a rollback is a
 * config change): {@code positions:} maps an absolute path to its offset as a string, and {@code cursor-}/
 * {@code journal-} keys of other target kinds are kept untouched. What we add lives in a sidecar beside it,
 * {@code <file>.sleipnir.yaml} ({@link PositionsSidecar}): {@code identities:} path to {@code "<dev>:<inode>"}, so
 * that after a restart we know whether the file at the path is still the one its offset belongs to,
 * {@code prints:}, the print of that file's first bytes, which finds it again after it was compressed while we were
 * down, and the read-time anchors. A write writes the sidecar, then the main file; a stop between the two, a missing, corrupt or
 * outdated sidecar all read back safely (see {@link PositionsSidecar}).
 *
 * <p>Offsets here are committed ones (every entry before them was answered), published by {@link PathPositions}.
 * Writes are atomic (temp file in the same directory, fsync, rename, fsync the directory), mode 0600. The tailer
 * reaches this class only through {@link TailPositions}, which it owns.
 *
 * <p>Lock order: {@code writeLock} (one write at a time, taken only by a write, with no other lock held), then
 * {@code live} (the map of live paths), then a {@link PathPositions}' monitor. A path publishes under its own monitor
 * into a concurrent map (no lock) and tells {@link #retire} only outside it. A {@link FileAckTracker}'s monitor is a
 * leaf: no other lock is taken while it is held.
 * {@link #get} and {@link #snapshot} only read.
 */
public final class PositionsFile implements AutoCloseable, TailPositions {
    private static final System.Logger LOG = System.getLogger(PositionsFile.class.getName());

    private final Path file;
    /** Our identities and anchors, beside {@link #file}. */
    private final Path sidecar;
    private final boolean readOnly;
    private final AgentMetrics metrics;
    private final java.time.Duration syncPeriod;
    /** File entries, by absolute path. */
    private final ConcurrentHashMap<String, SavedPosition> entries = new ConcurrentHashMap<>();
    /** cursor-/journal- keys of other target kinds, written back as they were read. */
    private final ConcurrentHashMap<String, String> cursors = new ConcurrentHashMap<>();
    /** Read-time anchors by path (see {@link ReadStamps}): written under {@code stamps:}, only for paths with an entry. */
    private final ConcurrentHashMap<String, List<StampAnchor>> anchors = new ConcurrentHashMap<>();
    /** Anchors of the files behind a path's oldest unfinished one: under {@code next_generations:} in the sidecar. */
    private final ConcurrentHashMap<String, List<PositionsFormat.LaterGeneration>> later = new ConcurrentHashMap<>();
    /** Paths currently tailed or still waiting for acknowledgements; their entries survive a sync. */
    private final Map<String, PathPositions> live = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    /** The digest of the main file on disk (what the next sidecar names as {@code previous}); guarded by writeLock. */
    private String mainOnDisk;
    private final WrittenFiles onDisk;
    private ScheduledExecutorService ownedScheduler;
    private ScheduledFuture<?> scheduled;
    /** The writer's scheduler, for early writes of new anchors; null until syncing starts. */
    private volatile ScheduledExecutorService writer;
    private final StampFences fences;
    /** How soon a moved committed offset is written, at the latest (sync_period when that is shorter). */
    static final java.time.Duration CHANGE_DELAY = java.time.Duration.ofSeconds(1);
    /** How long close() lets a write under way finish (a hung disk must not hang the stop). */
    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(5);
    /** Counts published changes of committed offsets; the writer compares it with {@link #writtenChanges}. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
    /** The value of {@link #changes} that the last write (or look, in read-only mode) covered. */
    private volatile long writtenChanges;
    /** The writer's looks since the last write (a stop's or a test's sync() resets it too). */
    private volatile long ticksSinceWrite;
    private volatile boolean closed;

    private PositionsFile(Path file, boolean readOnly, AgentMetrics metrics, java.time.Duration syncPeriod) {
        this.file = file;
        this.sidecar = PositionsSidecar.of(file);
        this.onDisk = new WrittenFiles(sidecar, file);
        this.readOnly = readOnly;
        this.metrics = metrics;
        this.syncPeriod = syncPeriod;
        this.fences = new StampFences(this::requestEarlyWrite);
    }

    /**
     * Reads the file (missing or empty: no positions). A corrupt file throws {@link PositionsCorruptException}
     * unless {@code config.ignoreInvalidYaml()}, which logs a warning, starts empty and overwrites it on the next
     * sync. {@code readOnly} (for {@code -dry-run}) never writes or creates anything.
     */
    public static PositionsFile open(PositionsConfig config, boolean readOnly, AgentMetrics metrics) throws IOException {
        Path file = config.filename().toAbsolutePath();
        PositionsFile positions = new PositionsFile(file, readOnly, metrics, config.syncPeriod());
        byte[] content;
        try {
            content = Files.readAllBytes(file);
            positions.mainOnDisk = PositionsFormat.digest(content);
        } catch (NoSuchFileException e) {
            content = new byte[0];
        }
        PositionsFormat.Parsed state;
        try {
            PositionsFormat.Parsed main = PositionsFormat.parse(file, content, false);
            state = PositionsSidecar.reconcile(file, main, positions.mainOnDisk, positions.sidecar,
                    PositionsSidecar.read(positions.sidecar));
        } catch (PositionsCorruptException e) {
            if (!config.ignoreInvalidYaml()) {
                throw e;
            }
            LOG.log(Level.WARNING, e.problem()
                    + "; ignore_invalid_yaml is set: starting with no positions, the file is overwritten on the next sync");
            state = PositionsFormat.Parsed.empty();
        }
        positions.entries.putAll(state.entries());
        positions.cursors.putAll(state.cursors());
        positions.anchors.putAll(state.anchors());
        positions.later.putAll(state.later());
        if (!readOnly && file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return positions;
    }

    public Path path() {
        return file;
    }

    /** Where identities and read-time anchors are kept, beside {@link #path()}. */
    public Path sidecarPath() {
        return sidecar;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /**
     * The entry for a file path: for a tailed path its committed offset now (which the writer writes within
     * {@link #CHANGE_DELAY}), else as last read or published; null when there is none. Changes nothing.
     */
    public SavedPosition get(String path) {
        PathPositions owner = live.get(path);
        SavedPosition current = owner == null ? null : owner.current();
        return current != null ? current : entries.get(path);
    }

    /** A cursor-/journal- value kept for other target kinds; null when absent. */
    public String cursor(String key) {
        return cursors.get(key);
    }

    public void putCursor(String key, String value) {
        if (!PositionsFormat.isCursorKey(key)) {
            throw new IllegalArgumentException("cursor keys start with cursor- or journal-, got " + key);
        }
        if (!value.equals(cursors.put(key, value))) {
            changes.incrementAndGet(); // the periodic writer writes a moved cursor, as a moved offset
        }
    }

    /** A snapshot of every file entry, for tests and the status page. */
    public Map<String, SavedPosition> snapshot() {
        TreeMap<String, SavedPosition> out = new TreeMap<>(entries);
        for (PathPositions owner : live.values()) {
            SavedPosition current = owner.current();
            if (current != null) {
                out.put(owner.path(), current);
            }
        }
        return out;
    }

    /**
     * The per-path bookkeeping for a tailed path. A live one (generations still read or unacknowledged) is
     * returned as is, so that a re-created file joins the queue behind its predecessor.
     */
    public PathPositions forPath(String path) {
        synchronized (live) {
            PathPositions existing = live.get(path);
            if (existing != null && existing.claim()) {
                return existing;
            }
            PathPositions created = new PathPositions(pathListener, path, entries.get(path), anchors.get(path),
                    later.get(path));
            live.put(path, created);
            return created;
        }
    }

    /** What the live paths tell this file; they know nothing else of it. */
    private final PathPositions.Listener pathListener = new PathPositions.Listener() {
        @Override
        public void published(PathPositions path, SavedPosition position, List<StampAnchor> pathAnchors,
                              List<PositionsFormat.LaterGeneration> laterGenerations) {
            publish(path, position, pathAnchors, laterGenerations);
        }

        @Override
        public io.sleipnir.model.TimestampFence anchorTaken() {
            changes.incrementAndGet(); // written at the writer's next look at the latest
            return fences.taken();
        }

        @Override
        public void idle(PathPositions path) {
            retire(path);
        }
    };

    /** Called by the owner under its own monitor, so it never races with {@link #retire}. Takes no lock. */
    private void publish(PathPositions owner, SavedPosition position, List<StampAnchor> pathAnchors,
                         List<PositionsFormat.LaterGeneration> laterGenerations) {
        boolean moved = !position.equals(entries.put(owner.path(), position));
        List<StampAnchor> anchorsBefore = pathAnchors.isEmpty() ? anchors.remove(owner.path())
                : anchors.put(owner.path(), pathAnchors);
        List<PositionsFormat.LaterGeneration> laterBefore = laterGenerations.isEmpty() ? later.remove(owner.path())
                : later.put(owner.path(), laterGenerations);
        // Anchors count as a change too: an unchanged state is not written again (see WrittenFiles).
        if (moved || !pathAnchors.equals(anchorsBefore == null ? List.of() : anchorsBefore)
                || !laterGenerations.equals(laterBefore == null ? List.of() : laterBefore)) {
            changes.incrementAndGet();
        }
    }

    /** A released path whose generations are all done is forgotten (Promtail drops entries of untailed files). */
    private void retire(PathPositions owner) {
        // Lock order everywhere: live, then the owner (see the class comment).
        synchronized (live) {
            if (owner.markRetiredIfIdle() && live.get(owner.path()) == owner) {
                live.remove(owner.path());
                entries.remove(owner.path());
                anchors.remove(owner.path());
                later.remove(owner.path());
                changes.incrementAndGet();
            }
        }
    }

    private void refreshLive() {
        for (PathPositions owner : live.values().toArray(new PathPositions[0])) {
            owner.refresh();
        }
    }

    /** Starts the writer (see {@link #startSyncing(ScheduledExecutorService)}) on an owned daemon thread. */
    public synchronized void startSyncing() {
        if (ownedScheduler != null || closed) {
            return;
        }
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "positions-sync");
            t.setDaemon(true);
            return t;
        });
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() writes once more itself
        ownedScheduler = scheduler;
        startSyncing(ownedScheduler);
    }

    /**
     * Starts the writer on the given scheduler: it looks every {@link #CHANGE_DELAY} (or every {@code sync_period}
     * when that is shorter) and writes when a committed offset moved since the last write, and at least every
     * {@code sync_period} as Promtail does. So a crash re-sends at most about a second of acknowledged lines instead
     * of up to {@code sync_period}, and an idle agent writes nothing more often than Promtail.
     */
    public synchronized void startSyncing(ScheduledExecutorService scheduler) {
        writer = scheduler;
        if (!readOnly) {
            fences.activate();
        }
        long syncMillis = Math.max(1, syncPeriod.toMillis());
        long tickMillis = Math.min(syncMillis, CHANGE_DELAY.toMillis());
        long ticksPerSync = Math.max(1, (syncMillis + tickMillis - 1) / tickMillis);
        scheduled = scheduler.scheduleWithFixedDelay(() -> writeLogged(() -> tick(ticksPerSync)),
                tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    private interface Write {
        void run() throws IOException;
    }

    private void writeLogged(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not write positions file " + file + ": " + IoErrors.describe(e)
                    + "; trying again at the next sync");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not write positions file " + file, e); // a bug: its trace helps
        }
    }

    /**
     * A client's batch waits for a read-time anchor (any thread; never waits): the writer writes it soon, at most one
     * early write queued at a time and spaced by {@link StampFences#spacingNanos()} so that busy files cannot keep the
     * disk busy. Before syncing starts (tests) the anchor waits for the next {@link #sync()}.
     */
    private void requestEarlyWrite(long delayNanos) {
        ScheduledExecutorService w = writer;
        if (w == null || closed) {
            fences.earlyWriteDropped();
            return;
        }
        try {
            w.schedule(() -> {
                fences.earlyWriteStarting();
                writeLogged(this::sync);
            }, delayNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            fences.earlyWriteDropped(); // closing: close() writes once more
        }
    }

    /**
     * One look of the writer: writes when a committed offset changed since the last write, or when
     * {@code ticksPerSync} looks passed without one and the files on disk are not the ones last written (Promtail
     * rewrites them every sync_period; an unchanged state is not). Costs one volatile read when nothing changed.
     */
    void tick(long ticksPerSync) throws IOException {
        ticksSinceWrite++;
        if (changes.get() == writtenChanges && ticksSinceWrite < ticksPerSync) {
            return;
        }
        sync(false);
    }

    /**
     * Writes the current committed positions. Entries of paths that no longer exist and are not tailed are
     * dropped first (as Promtail does); cursor keys are always kept. Does nothing in read-only mode.
     */
    public void sync() throws IOException {
        sync(true);
    }

    private void sync(boolean always) throws IOException {
        long fence = fences.beforeWrite(); // every anchor up to it is in a path's list now: the write holds it
        boolean written = false;
        try {
            written = write(always);
        } finally {
            fences.afterWrite(fence, written);
        }
    }

    /**
     * True when the files hold the state (false in read-only mode); {@code always}: even an unchanged one. One write
     * at a time, start to end: close()'s last write may meet a periodic one that did not stop in time.
     */
    private boolean write(boolean always) throws IOException {
        synchronized (writeLock) {
            return writeLocked(always);
        }
    }

    private boolean writeLocked(boolean always) throws IOException {
        refreshLive();
        boolean pruned = entries.keySet().removeIf(path -> !live.containsKey(path) && !Files.exists(Path.of(path)));
        anchors.keySet().removeIf(path -> !entries.containsKey(path));
        later.keySet().removeIf(path -> !entries.containsKey(path));
        long version = changes.get(); // a publish after this is written now or, at the latest, at the next look
        ticksSinceWrite = 0;
        if (readOnly) {
            writtenChanges = version;
            return false;
        }
        if (!always && !pruned && version == writtenChanges && onDisk.unchanged()) {
            return true; // the files on disk are the last write's, of this very state
        }
        // Sidecar first: a stop between the two writes leaves a complete sidecar naming the main file still on
        // disk as its previous one, which reads back as the newer state (PositionsSidecar).
        byte[] main = render().getBytes(StandardCharsets.UTF_8);
        String mainDigest = PositionsFormat.digest(main);
        BasicFileAttributes sidecarWritten = AtomicFiles.write(sidecar, PositionsFormat.renderSidecar(entries,
                cursors, anchors, later, mainDigest, mainOnDisk).getBytes(StandardCharsets.UTF_8));
        BasicFileAttributes mainWritten = AtomicFiles.write(file, main);
        mainOnDisk = mainDigest;
        onDisk.recorded(sidecarWritten, mainWritten);
        metrics.positionsWrites.inc();
        writtenChanges = version;
        return true;
    }

    /** The main file's text: Promtail's schema only. */
    String render() {
        return PositionsFormat.renderPromtail(entries, cursors);
    }

    /** Stops the scheduled writer, lets a write under way finish, and writes once more. */
    @Override
    public void close() throws IOException {
        ScheduledExecutorService stopping;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            stopping = ownedScheduler;
        }
        if (stopping != null) {
            // Not shutdownNow(): its interrupt closes the file being written under the writer, a failed write.
            stopping.shutdown();
            try {
                stopping.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the write below waits for the writer's lock instead
            }
        }
        try {
            sync();
        } finally {
            fences.deactivate();
        }
    }
}
