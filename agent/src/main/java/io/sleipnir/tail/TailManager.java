package io.sleipnir.tail;

import io.sleipnir.model.IoErrors;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.positions.FileAckTracker;
import io.sleipnir.positions.FileIdentity;
import io.sleipnir.positions.PathPositions;
import io.sleipnir.positions.PositionsFile;
import io.sleipnir.positions.SavedPosition;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tails the files that the targets' globs match. One reader thread serves every file round-robin, at most one
 * read quantum per file per turn, and runs the sinks synchronously: a blocking sink pauses reading (back-pressure).
 * Which files exist is decided by {@link PathResolver} (at start, every sync period, and soon after a file-system
 * event from {@link DirectoryWatcher}, which watches every directory level a glob can match); reading follows each
 * path across rotations by file identity. A path reached twice (a symlink and its target, a hard link) is read once,
 * under the first path found.
 *
 * <p>Rotation: when the path names a new file, the old one is kept open and read until it has been idle at EOF
 * for one poll interval, its last unterminated line is emitted, and then the new file is read from 0 (its
 * channel is opened as soon as it is noticed, so a second rotation while we lag loses nothing). A file that
 * appears while we run, with no saved position, is read after the siblings it was rotated into before we saw it.
 *
 * <p>Truncation (copytruncate): noticed when the file is shorter than the read position, or when its first bytes
 * are no longer those read ({@link Fingerprint}), so also after it has grown past the read position again. Then
 * the rest of the old generation is read from its copy next to it when one starts with the same bytes, and the
 * file from 0. While the reader is paused by back-pressure, a second thread looks at every file once per sync
 * period: it keeps {@code promtail_file_bytes_total} current, and on truncation opens the copy, so that the copy
 * is held even if it is compressed or removed before reading resumes. A deleted file is drained to its end
 * through the open descriptor.
 */
public final class TailManager implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TailManager.class.getName());
    private static final long EVENT_DEBOUNCE_MILLIS = 100;
    private static final int FINISHED_IDENTITIES_KEPT = 4096;
    /**
     * Where events can be relied on: how often a quiet file is still polled, and the whole glob walked again, in
     * sync periods (five minutes by default). A safety net only: events name the files that change.
     */
    private static final int SAFETY_NET_SYNC_PERIODS = 30;
    /** How long the reader sleeps when every file is quiet and watched: their polls are due in seconds, not ms. */
    private static final long QUIET_LOOP_MILLIS = 1000;
    private static final Runnable WAKE = () -> { };

    private final TailSettings settings;
    private final PositionsFile positions;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final FileOpener opener;
    private final int maxLine;
    private final long minPollMillis;
    private final long maxPollMillis;
    /** How far polling of a quiet file in a watched directory backs off: events tell of its changes. */
    private final long quietPollMillis;
    private final long startedMillis;

    private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Thread reader;
    private final Thread pausedWatch;
    private final Object pausedWatchSleep = new Object();
    private final DirectoryWatcher watcher;
    private volatile boolean running = true;
    private volatile List<String> activeSnapshot = List.of();
    private volatile List<TailedPath> pathsSnapshot = List.of();
    /** Loop iterations the reader completed; unchanged over a sync period while busy means paused. */
    private volatile long readerIterations;
    private volatile boolean readerBusy;
    /** Clock millis when the reader last finished a loop (for /healthz: a reader stuck in a round stops moving it). */
    private volatile long lastRoundCompletedMillis;

    // Reader-thread state.
    private final PathResolver resolver = new PathResolver();
    private final LinkedHashMap<String, TailedPath> tailed = new LinkedHashMap<>();
    private final Set<String> reportedUnreadable = new HashSet<>();
    private final Set<String> reportedDuplicates = new HashSet<>();
    /** Generations read to their end lately: never read again as a "rotated before we saw it" sibling. */
    private final Map<FileIdentity, Boolean> finishedIdentities = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FileIdentity, Boolean> eldest) {
            return size() > FINISHED_IDENTITIES_KEPT;
        }
    };
    private final ByteBuffer readBuffer;
    private final ByteBuffer fingerprintScratch = ByteBuffer.allocate(Fingerprint.MAX);
    private final LineDecoder decoder = new LineDecoder();
    private final Counter.Child invalidUtf8;
    private final Counter.Child longLines;
    private final Counter.Child droppedLongLines;
    private final LongLineDrops longLineDrops;
    private boolean resolvedOnce;
    private long lastResolveMillis = Long.MIN_VALUE / 2;
    private long lastFullResolveMillis = Long.MIN_VALUE / 2;
    private boolean resolveRequested;
    /** Directories where events said something was created, to look at again after the debounce. */
    private final Set<Path> changedDirs = new HashSet<>();
    private boolean fullResolveRequested;
    /** Paths whose polling has backed off to {@link #quietPollMillis}, as of the last status round. */
    private int quietPaths;

    public TailManager(TailSettings settings, PositionsFile positions, AgentMetrics metrics, Clock clock) throws IOException {
        this(settings, positions, metrics, clock, FileOpener.DEFAULT);
    }

    TailManager(TailSettings settings, PositionsFile positions, AgentMetrics metrics, Clock clock, FileOpener opener)
            throws IOException {
        this.settings = settings;
        this.positions = positions;
        this.metrics = metrics;
        this.clock = clock;
        this.opener = opener;
        this.maxLine = (int) settings.maxLineBytes();
        this.minPollMillis = Math.max(1, settings.minPoll().toMillis());
        this.maxPollMillis = Math.max(minPollMillis, settings.maxPoll().toMillis());
        this.quietPollMillis = Math.max(maxPollMillis, SAFETY_NET_SYNC_PERIODS * settings.syncPeriod().toMillis());
        this.startedMillis = clock.millis();
        this.lastRoundCompletedMillis = startedMillis;
        this.readBuffer = ByteBuffer.allocate(settings.readQuantumBytes());
        this.invalidUtf8 = metrics.badInput.labels("invalid_utf8");
        this.longLines = metrics.badInput.labels("long_line");
        this.droppedLongLines = metrics.pipelineDropped.labels("line_too_long");
        this.longLineDrops = new LongLineDrops(clock, maxLine);
        this.watcher = new DirectoryWatcher(this::wake);
        this.reader = new Thread(this::readLoop, "tail-reader");
        this.reader.setDaemon(true);
        this.pausedWatch = new Thread(this::pausedWatchLoop, "tail-paused-watch");
        this.pausedWatch.setDaemon(true);
    }

    /**
     * Replaces the targets: new matches start, files no longer matched are drained and released. A path is read
     * once, for one target: when the globs of several targets match it (e.g. two pods' overlapping globs), the first
     * target in the list wins and its labels and sink are used. So does the first path of a file reached by two
     * paths (a symlink and its target).
     */
    public void setTargets(List<FileTarget> newTargets) {
        List<FileTarget> frozen = List.copyOf(newTargets);
        commands.offer(() -> {
            resolver.setTargets(frozen);
            resolve();
        });
    }

    public void start() {
        reader.start();
        watcher.start();
        pausedWatch.start();
    }

    /** When the reader last finished a loop; it does not move while a round is stuck or a sink blocks it. */
    public Instant lastRoundCompleted() {
        return Instant.ofEpochMilli(lastRoundCompletedMillis);
    }

    /** Whether the reader is in a round (reading, or blocked by a sink), rather than waiting for the next poll. */
    public boolean readerInRound() {
        return readerBusy;
    }

    /** The paths being tailed now (including ones still draining). */
    public List<String> activeFiles() {
        return activeSnapshot;
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
        if (!resolvedOnce) {
            return false;
        }
        for (TailedPath tp : tailed.values()) {
            OpenFile head = tp.chain.peekFirst();
            if (tp.chain.size() > 1 || head != null && head.readPos < sizeOr(head.channel, Long.MAX_VALUE)) {
                return false;
            }
        }
        return true;
    }

    private boolean emitUnterminated() throws InterruptedException {
        long readTime = nanos(clock.instant());
        for (TailedPath tp : tailed.values()) {
            OpenFile f = tp.chain.peekFirst();
            if (f != null && f.hasPartialLine()) {
                emit(tp, f, f.carry, 0, f.carryLen, f.overlong, f.readPos, readTime);
                f.resetLine();
                f.lineStart = f.readPos;
                tp.reportLines();
            }
        }
        return true;
    }

    /** Stops reading promptly and joins the threads. Flushes nothing; positions keep their committed offsets. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.interrupt();
        synchronized (pausedWatchSleep) {
            pausedWatchSleep.notifyAll(); // not an interrupt: that would close the channels it reads
        }
        watcher.close();
        if (reader.isAlive() || reader.getState() != Thread.State.NEW) {
            reader.join(10_000);
        }
        if (pausedWatch.getState() != Thread.State.NEW) {
            pausedWatch.join(10_000);
        }
        for (TailedPath tp : tailed.values()) {
            for (OpenFile f : tp.chain) {
                f.closeQuietly();
            }
            TruncationSeen pending = tp.truncationSeen.getAndSet(null);
            if (pending != null) {
                pending.closeQuietly();
            }
        }
    }

    private void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            commands.offer(WAKE);
        }
    }

    // ---------------------------------------------------------------- reader loop

    private void readLoop() {
        long idleWait = minPollMillis;
        while (running) {
            try {
                readerBusy = true;
                Runnable command;
                while ((command = commands.poll()) != null) {
                    runCommand(command);
                }
                takeEvents();
                long now = clock.millis();
                boolean eventDue = resolveRequested && now - lastResolveMillis >= EVENT_DEBOUNCE_MILLIS;
                if (fullResolveRequested && eventDue || now - lastFullResolveMillis >= fullResolvePeriodMillis()) {
                    resolve();
                } else if (eventDue) {
                    resolveChanged();
                }
                boolean progress = readRound(clock.millis());
                progress |= checkStatuses(clock.millis());
                boolean allQuiet = quietPaths == tailed.size();
                readerIterations++;
                lastRoundCompletedMillis = clock.millis();
                if (progress) {
                    idleWait = minPollMillis;
                    continue;
                }
                long wait = idleWait;
                if (resolveRequested) {
                    wait = Math.min(wait, Math.max(1, lastResolveMillis + EVENT_DEBOUNCE_MILLIS - clock.millis()));
                }
                readerBusy = false;
                command = commands.poll(wait, TimeUnit.MILLISECONDS);
                if (command != null) {
                    runCommand(command);
                    idleWait = minPollMillis;
                } else {
                    idleWait = Math.min(2 * idleWait, allQuiet ? Math.max(maxPollMillis, QUIET_LOOP_MILLIS) : maxPollMillis);
                }
            } catch (InterruptedException e) {
                return; // close(): stop promptly
            } catch (RuntimeException e) {
                // A bug must not stop reading for good: log it, pause one poll interval, go on.
                LOG.log(Level.ERROR, "unexpected error in the tail reader; continuing", e);
                try {
                    readerBusy = false;
                    Runnable command = commands.poll(maxPollMillis, TimeUnit.MILLISECONDS);
                    if (command != null) {
                        runCommand(command);
                    }
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void runCommand(Runnable command) {
        if (command == WAKE) {
            wakeQueued.set(false);
        } else {
            command.run();
        }
    }

    /** File-system events: the paths they name are read and checked at once. */
    private void takeEvents() {
        Set<Path> structural = watcher.takeStructural();
        if (!structural.isEmpty()) {
            changedDirs.addAll(structural);
            resolveRequested = true;
        }
        if (watcher.takeOverflow()) {
            fullResolveRequested = true;
            resolveRequested = true;
            for (TailedPath tp : tailed.values()) {
                tp.eventSeen = true;
            }
        }
        for (String path : watcher.takeChanged()) {
            TailedPath tp = tailed.get(path);
            if (tp != null) {
                tp.eventSeen = true;
            }
        }
    }

    /** One round-robin turn: every path with a readable generation reads at most one quantum. */
    private boolean readRound(long now) throws InterruptedException {
        boolean progress = false;
        for (TailedPath tp : tailed.values()) {
            if (!running) {
                throw new InterruptedException();
            }
            progress |= readTurn(tp, now);
        }
        return progress;
    }

    private boolean readTurn(TailedPath tp, long now) throws InterruptedException {
        TruncationSeen seen = tp.truncationSeen.get() == null ? null : tp.truncationSeen.getAndSet(null);
        if (seen != null) {
            if (seen.head() == tp.chain.peekFirst() && !seen.head().gone && !tp.released) {
                truncated(tp, seen.head(), seen.copy(), seen.channel());
                return true;
            }
            seen.closeQuietly();
        }
        OpenFile f = tp.chain.peekFirst();
        if (f == null) {
            return false;
        }
        // Many idle files cost little: one at EOF is retried after its (backing-off) poll interval, or at once
        // when a file-system event named it.
        if (f.atEof && !tp.eventSeen && now < tp.retryReadMillis) {
            return false;
        }
        tp.eventSeen = false;
        readBuffer.clear();
        int n;
        try {
            n = f.channel.read(readBuffer, f.readPos);
            if (n > 0 && !f.gone && !f.fingerprint.matches(f.channel, fingerprintScratch)) {
                truncated(tp, f, null, null); // written again from the start: what we just read is the new generation's
                return true;
            }
        } catch (ClosedByInterruptException e) {
            throw new InterruptedException();
        } catch (IOException e) {
            if (!tp.readErrorReported) {
                tp.readErrorReported = true;
                LOG.log(Level.WARNING, "cannot read " + tp.path + ": " + IoErrors.describe(e) + "; retrying");
            }
            f.atEof = true;
            tp.retryReadMillis = now + tp.checkIntervalMillis;
            return false;
        }
        if (n <= 0) {
            // Read again when an event names the file, or when a status check finds it larger: no read per poll.
            f.atEof = true;
            tp.retryReadMillis = Long.MAX_VALUE;
            return false;
        }
        tp.readErrorReported = false;
        tp.lastChangeMillis = now;
        f.atEof = false;
        f.idleEofSinceMillis = null;
        tp.checkIntervalMillis = minPollMillis;
        long readTime = nanos(clock.instant());
        byte[] a = readBuffer.array();
        long base = f.readPos;
        if (f.fingerprint.record(a, base, n)) {
            f.publishedFingerprint = f.fingerprint.copy();
        }
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] != '\n') {
                continue;
            }
            long end = base + i + 1;
            if (!f.hasPartialLine()) {
                int len = i - start;
                f.lineStart = base + start;
                emit(tp, f, a, start, Math.min(len, maxLine), len > maxLine, end, readTime);
            } else {
                f.append(a, start, i - start, maxLine);
                emit(tp, f, f.carry, 0, f.carryLen, f.overlong, end, readTime);
                f.resetLine();
            }
            start = i + 1;
        }
        if (start < n) {
            if (!f.hasPartialLine()) {
                f.lineStart = base + start;
            }
            f.append(a, start, n - start, maxLine);
        }
        f.readPos = base + n;
        f.publishedReadPos = f.readPos;
        tp.readBytes.set(f.readPos);
        tp.reportLines();
        return true;
    }

    private void emit(TailedPath tp, OpenFile f, byte[] bytes, int off, int len, boolean overlong, long endOffset,
                      long readTimeNanos) throws InterruptedException {
        tp.unreportedLines++;
        if (overlong) {
            if (!settings.truncateLongLines()) {
                droppedLongLines.inc();
                longLineDrops.report(tp.path, f.lineStart, endOffset, endOffset != f.readPos); // == at a file's last, unterminated line
                f.tracker.newDelivery(endOffset).complete();
                return;
            }
            longLines.inc();
            len = LineDecoder.trimToCharBoundary(bytes, off, len);
        }
        String line = decoder.decode(bytes, off, len);
        if (decoder.lastWasInvalid()) {
            invalidUtf8.inc();
        }
        var delivery = f.tracker.newDelivery(endOffset);
        try {
            // Lines read together share the clock reading; Loki would drop a repeated line with the same timestamp
            // in the same stream as a duplicate, so each line of a file gets a strictly later timestamp.
            long timestamp = Math.max(readTimeNanos, tp.lastTimestampNanos + 1);
            tp.lastTimestampNanos = timestamp;
            tp.target.sink().accept(new LogEntry(timestamp, line, tp.labels, Labels.empty(), delivery));
        } catch (RuntimeException e) {
            // A sink bug: the line is lost, but the file keeps moving and the reader keeps serving the others.
            if (!tp.sinkErrorReported) {
                tp.sinkErrorReported = true;
                LOG.log(Level.ERROR, "the pipeline failed on a line of " + tp.path + "; skipping such lines", e);
            }
            delivery.complete();
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    // ---------------------------------------------------------------- rotation, truncation, deletion

    private boolean checkStatuses(long now) throws InterruptedException {
        boolean changed = false;
        List<TailedPath> finished = null;
        int quiet = 0;
        for (TailedPath tp : tailed.values()) {
            if (tp.checkIntervalMillis >= quietPollMillis) {
                quiet++;
            }
            OpenFile head = tp.chain.peekFirst();
            boolean due = tp.eventSeen
                    || now >= tp.nextCheckMillis && (head == null || head.atEof || tp.released)
                    || now >= tp.nextCheckMillis + maxPollMillis;
            if (!due) {
                continue;
            }
            boolean c = checkStatus(tp, now);
            if (c) {
                tp.lastChangeMillis = now;
            }
            tp.checkIntervalMillis = c ? minPollMillis : nextCheckInterval(tp, now);
            tp.nextCheckMillis = now + tp.checkIntervalMillis;
            changed |= c;
            if (tp.chain.isEmpty() && (tp.released || !Files.exists(tp.file))) {
                if (finished == null) {
                    finished = new ArrayList<>();
                }
                finished.add(tp);
            }
        }
        quietPaths = quiet;
        if (finished != null) {
            for (TailedPath tp : finished) {
                removePath(tp);
            }
            changed = true;
        }
        return changed;
    }

    /**
     * A quiet file is polled less and less often, up to {@code max_poll_frequency}. Once it has been quiet for a
     * sync period in a watched directory, where a write or a rotation wakes it at once, only every
     * {@value #SAFETY_NET_SYNC_PERIODS} sync periods.
     */
    private long nextCheckInterval(TailedPath tp, long now) {
        long next = Math.min(2 * tp.checkIntervalMillis, maxPollMillis);
        if (next < maxPollMillis || now - tp.lastChangeMillis < settings.syncPeriod().toMillis()) {
            return next;
        }
        OpenFile head = tp.chain.peekFirst();
        boolean draining = head != null && head.gone || tp.chain.size() > 1 || tp.released;
        return !draining && tp.file.getParent() != null && watcher.isWatched(tp.file.getParent())
                ? quietPollMillis : next;
    }

    private boolean checkStatus(TailedPath tp, long now) throws InterruptedException {
        boolean changed = false;
        if (!tp.released) {
            OpenFile newest = tp.chain.peekLast();
            FileStat atPath = FileStat.orNull(tp.file);
            if (atPath == null) {
                if (newest != null && !newest.gone) {
                    newest.gone = true;
                    LOG.log(Level.INFO, tp.path + " was deleted; reading what is left of it");
                    changed = true;
                }
            } else if (newest == null || !atPath.identity().equals(newest.identity)) {
                if (newest != null) {
                    if (!newest.gone) {
                        newest.gone = true;
                        changed = true;
                        LOG.log(Level.INFO, tp.path + " was rotated; finishing the old file before reading the new one");
                    }
                    // Rotated more than once since we last looked (we lagged): read the middle files too.
                    List<OpenFile> skipped = findSkippedGenerations(tp, newest.identity, atPath.identity());
                    tp.chain.addAll(skipped);
                    changed |= !skipped.isEmpty();
                }
                OpenFile next = openGeneration(tp, tp.file, atPath.identity(), 0);
                if (next != null) {
                    tp.chain.addLast(next);
                    changed = true;
                }
            }
        }
        OpenFile head = tp.chain.peekFirst();
        tp.publishedHead = head;
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
            tp.eventSeen = true; // grown without an event (an unwatched directory): read it in the next round
        }
        boolean finishing = head.gone || tp.released;
        if (!finishing && size < head.readPos) {
            truncated(tp, head, null, null);
            return true;
        }
        if (finishing && head.atEof && size <= head.readPos) {
            boolean idleLongEnough = head.idleEofSinceMillis != null && now - head.idleEofSinceMillis >= minPollMillis;
            if (tp.released || idleLongEnough) {
                finishGeneration(tp, head);
                return true;
            }
            if (head.idleEofSinceMillis == null) {
                head.idleEofSinceMillis = now;
            }
        }
        return changed;
    }

    /**
     * The head generation was truncated in place (copytruncate) and perhaps written again. When its copy is next
     * to it ({@code copy}, found while paused, or looked for now), the rest of the generation is read from the
     * copy, from the start of the line being read; then the file from 0. Without a copy, the file from 0.
     */
    private void truncated(TailedPath tp, OpenFile head, Siblings.Sibling heldCopy, FileChannel heldChannel) {
        Siblings.Sibling copy = heldCopy;
        FileChannel copyChannel = heldChannel;
        if (copy == null || copyChannel == null) {
            copy = Siblings.copyOf(tp.file, head.fingerprint, head.readPos, liveIdentities(), opener);
            copyChannel = copy == null ? null : openOrReport(copy.path().toString(), copy.path());
        }
        if (copy == null || copyChannel == null) {
            LOG.log(Level.INFO, tp.path + " was truncated (copytruncate) after " + head.readPos
                    + " bytes were read, and no copy of it is next to it; reading it again from the start");
            head.readPos = 0;
            head.publishedReadPos = 0;
            head.resetLine();
            head.fingerprint.reset();
            head.publishedFingerprint = null;
            head.tracker.markTruncated();
            tp.readBytes.set(0);
            return;
        }
        long from = head.overlong ? head.readPos : head.readPos - head.carryLen;
        LOG.log(Level.INFO, tp.path + " was truncated (copytruncate); reading the rest of it from its copy "
                + copy.path() + " from offset " + from + ", then the file from the start");
        FileIdentity copyId = copy.stat().identity();
        OpenFile rest = new OpenFile(copyId, copyChannel, tp.positions.startGeneration(copyId, from), from);
        rest.gone = true;
        if (head.overlong) {
            rest.takeLineFrom(head); // the long line being cut goes on in the copy
        }
        OpenFile again = openGeneration(tp, tp.file, head.identity, 0);
        tp.chain.removeFirst();
        head.closeQuietly();
        tp.positions.readingFinished(head.tracker);
        if (again != null) {
            tp.chain.addFirst(again);
        }
        tp.chain.addFirst(rest);
        tp.publishedHead = rest;
        tp.readBytes.set(rest.readPos);
    }

    /** The identities of every generation being read. */
    private Set<FileIdentity> liveIdentities() {
        Set<FileIdentity> live = new HashSet<>();
        for (TailedPath tp : tailed.values()) {
            for (OpenFile f : tp.chain) {
                live.add(f.identity);
            }
        }
        return live;
    }

    /** The head generation is read for good: emit its last unterminated line, release its descriptor. */
    private void finishGeneration(TailedPath tp, OpenFile f) throws InterruptedException {
        if (f.hasPartialLine()) {
            emit(tp, f, f.carry, 0, f.carryLen, f.overlong, f.readPos, nanos(clock.instant()));
            tp.reportLines();
            f.resetLine();
        }
        tp.chain.removeFirst();
        f.closeQuietly();
        tp.positions.readingFinished(f.tracker);
        finishedIdentities.put(f.identity, Boolean.TRUE);
        OpenFile next = tp.chain.peekFirst();
        tp.publishedHead = next;
        if (next != null) {
            tp.readBytes.set(next.readPos);
        }
    }

    private void removePath(TailedPath tp) {
        tailed.remove(tp.path);
        for (OpenFile f : tp.chain) {
            f.closeQuietly();
            tp.positions.readingFinished(f.tracker);
            finishedIdentities.put(f.identity, Boolean.TRUE);
        }
        tp.chain.clear();
        tp.publishedHead = null;
        TruncationSeen pending = tp.truncationSeen.getAndSet(null);
        if (pending != null) {
            pending.closeQuietly();
        }
        tp.positions.release();
        metrics.readBytes.remove(tp.path);
        metrics.fileBytes.remove(tp.path);
        metrics.readLines.remove(tp.path);
        publishActive();
    }

    // ---------------------------------------------------------------- while the reader is paused

    /**
     * Once per sync period: if the reader has not finished a loop in all that time (a sink is blocking it), look
     * at every file without it. Only reads: sizes for the gauge, and truncations, whose copy it opens and holds.
     */
    private void pausedWatchLoop() {
        long seenIterations = -1;
        long period = settings.syncPeriod().toMillis();
        while (running) {
            synchronized (pausedWatchSleep) {
                try {
                    pausedWatchSleep.wait(period);
                } catch (InterruptedException e) {
                    return;
                }
            }
            long iterations = readerIterations;
            boolean paused = readerBusy && iterations == seenIterations;
            seenIterations = iterations;
            if (!paused || !running) {
                continue;
            }
            for (TailedPath tp : pathsSnapshot) {
                try {
                    lookWhilePaused(tp);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot look at " + tp.path + " while reading is paused", e); // a bug: its trace helps
                }
            }
        }
    }

    private void lookWhilePaused(TailedPath tp) {
        OpenFile head = tp.publishedHead;
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
        if (head.gone || tp.truncationSeen.get() != null || size == tp.sizeSeenWhilePaused) {
            return;
        }
        tp.sizeSeenWhilePaused = size;
        boolean truncated = size < head.publishedReadPos;
        Fingerprint start = head.publishedFingerprint;
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
                : Siblings.copyOf(tp.file, start, head.publishedReadPos, Set.of(head.identity), opener);
        FileChannel held = null;
        if (copy != null) {
            try {
                held = opener.open(copy.path());
            } catch (IOException e) {
                copy = null;
            }
        }
        LOG.log(Level.INFO, tp.path + " was truncated while reading is paused"
                + (copy == null ? "; no copy of it is next to it" : "; holding its copy " + copy.path()));
        tp.truncationSeen.set(new TruncationSeen(head, copy, held));
        wake();
    }

    /** A truncation the paused-watch thread saw, with the copy it opened (both null when there was none). */
    private record TruncationSeen(OpenFile head, Siblings.Sibling copy, FileChannel channel) {
        void closeQuietly() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    // ---------------------------------------------------------------- which files

    /**
     * How often every glob is walked again: each sync period where events cannot be relied on (a directory without
     * a watch, a file that could not be opened), else every {@value #SAFETY_NET_SYNC_PERIODS} sync periods, as a
     * safety net; events find new files in between. Walking 10,000 files was most of the idle cost.
     */
    private long fullResolvePeriodMillis() {
        long sync = settings.syncPeriod().toMillis();
        return watcher.incomplete() || !reportedUnreadable.isEmpty() ? sync : SAFETY_NET_SYNC_PERIODS * sync;
    }

    /** After events: only the directories where something was created are walked, and only new files start. */
    private void resolveChanged() {
        lastResolveMillis = clock.millis();
        resolveRequested = false;
        Set<Path> dirs = new HashSet<>(changedDirs);
        changedDirs.clear();
        PathResolver.Resolution r = resolver.resolveUnder(dirs);
        startNew(r.files());
        Set<Path> added = watcher.update(r.directories(), false);
        if (!added.isEmpty()) {
            changedDirs.addAll(added); // watched only now: look once more at what they held before
            resolveRequested = true;
        }
        publishActive();
    }

    private void resolve() {
        lastResolveMillis = clock.millis();
        lastFullResolveMillis = lastResolveMillis;
        resolveRequested = false;
        fullResolveRequested = false;
        changedDirs.clear();
        PathResolver.Resolution r = resolver.resolve();
        LinkedHashMap<String, FileTarget> desired = r.files();
        for (TailedPath tp : tailed.values()) {
            FileTarget t = desired.get(tp.path);
            if (t == null) {
                if (!tp.released) {
                    tp.released = true;
                    LOG.log(Level.INFO, tp.path + " no longer matches any target; draining it");
                }
            } else {
                tp.released = false;
                if (t != tp.target) {
                    tp.retarget(t);
                }
            }
        }
        startNew(desired);
        Set<Path> added = watcher.update(r.directories(), true);
        if (!added.isEmpty()) {
            changedDirs.addAll(added); // watched only now: look once more at what they held before
            resolveRequested = true;
        }
        resolvedOnce = true;
        publishActive();
    }

    private void startNew(Map<String, FileTarget> desired) {
        Map<FileIdentity, String> tailedIdentities = null;
        for (Map.Entry<String, FileTarget> e : desired.entrySet()) {
            if (tailed.containsKey(e.getKey())) {
                continue;
            }
            if (tailedIdentities == null) {
                tailedIdentities = new java.util.HashMap<>();
                for (TailedPath tp : tailed.values()) {
                    for (OpenFile f : tp.chain) {
                        tailedIdentities.put(f.identity, tp.path);
                    }
                }
            }
            startPath(e.getKey(), e.getValue(), tailedIdentities);
        }
    }

    private void publishActive() {
        activeSnapshot = List.copyOf(tailed.keySet());
        pathsSnapshot = List.copyOf(tailed.values());
        metrics.filesActive.set(tailed.size());
    }

    private void startPath(String path, FileTarget target, Map<FileIdentity, String> tailedIdentities) {
        Path file = Path.of(path);
        FileStat stat = FileStat.orNull(file);
        if (stat == null) {
            return;
        }
        FileIdentity current = stat.identity();
        String owner = tailedIdentities.get(current);
        if (owner != null) {
            // A symlink and its target, or a hard link: one file, read once, under the path found first.
            if (reportedDuplicates.add(path)) {
                LOG.log(Level.INFO, path + " is the same file as " + owner + " (identity " + current
                        + "); reading it once, as " + owner);
            }
            return;
        }
        reportedDuplicates.remove(path);
        FileChannel channel = openOrReport(path, file);
        if (channel == null) {
            return;
        }
        TailedPath tp = new TailedPath(path, file, target, positions.forPath(path), metrics, minPollMillis);
        tp.lastChangeMillis = clock.millis();
        long start = 0;
        if (!tp.positions.hasGenerations()) {
            SavedPosition saved = tp.positions.saved();
            long size = sizeOr(channel, 0);
            if (saved == null) {
                start = 0;
                if (resolvedOnce) {
                    // It appeared while we run: what it was rotated into before we saw it is its start.
                    tp.chain.addAll(rotatedBeforeFirstRead(tp, current));
                }
            } else if (saved.identity() == null || saved.identity().equals(current)) {
                start = saved.offset() <= size ? saved.offset() : 0;
                if (saved.offset() > size) {
                    LOG.log(Level.INFO, path + " is shorter than its saved position " + saved.offset() + "; reading from the start");
                }
            } else {
                OpenFile rotated = findRotated(tp, saved);
                if (rotated != null) {
                    tp.chain.addLast(rotated);
                    tp.chain.addAll(findSkippedGenerations(tp, saved.identity(), current));
                } else {
                    LOG.log(Level.INFO, path + " is a new file (identity " + current + ", saved " + saved.identity()
                            + ") and the old one was not found next to it; reading the new one from the start");
                }
            }
        }
        FileAckTracker tracker = tp.positions.startGeneration(current, start);
        OpenFile f = new OpenFile(current, channel, tracker, start);
        f.fingerprint.recordFrom(channel, start);
        f.publishedFingerprint = f.fingerprint.copy();
        tp.chain.addLast(f);
        for (OpenFile g : tp.chain) {
            tailedIdentities.put(g.identity, path);
        }
        tp.publishedHead = tp.chain.peekFirst();
        tp.readBytes.set(tp.chain.peekFirst().readPos);
        tp.fileBytes.set(sizeOr(tp.chain.peekFirst().channel, 0));
        tailed.put(path, tp);
    }

    /**
     * A new file's earlier generations: siblings named {@code <name>.<suffix>} changed since this tailer started
     * and never read by it (the kubelet can rotate {@code 0.log} before we first read it), oldest first.
     */
    private List<OpenFile> rotatedBeforeFirstRead(TailedPath tp, FileIdentity current) {
        List<OpenFile> out = new ArrayList<>();
        Set<FileIdentity> known = liveIdentities();
        known.addAll(finishedIdentities.keySet());
        long since = TimeUnit.MILLISECONDS.toNanos(startedMillis);
        for (Siblings.Sibling s : Siblings.rotatedNames(tp.file)) {
            FileIdentity id = s.stat().identity();
            if (s.stat().mtimeNanos() < since || known.contains(id) || id.equals(current)) {
                continue;
            }
            FileChannel ch = openOrReport(s.path().toString(), s.path());
            if (ch != null) {
                LOG.log(Level.INFO, tp.path + " was rotated before it was first read; reading " + s.path() + " first");
                OpenFile f = new OpenFile(id, ch, tp.positions.startGeneration(id, 0), 0);
                f.gone = true;
                out.add(f);
            }
        }
        return out;
    }

    /** After a restart: the saved identity names a file renamed next to the path (0.log.20260101-120000, x.log.1). */
    private OpenFile findRotated(TailedPath tp, SavedPosition saved) {
        Siblings.Sibling s = Siblings.withIdentity(tp.file, saved.identity());
        if (s == null) {
            return null;
        }
        FileChannel ch = openOrReport(s.path().toString(), s.path());
        if (ch == null) {
            return null;
        }
        long size = sizeOr(ch, 0);
        long start = saved.offset() <= size ? saved.offset() : 0;
        LOG.log(Level.INFO, tp.path + " was rotated while we were down; finishing " + s.path()
                + " from offset " + start + " first");
        OpenFile f = new OpenFile(saved.identity(), ch, tp.positions.startGeneration(saved.identity(), start), start);
        f.gone = true;
        return f;
    }

    /**
     * Files rotated away after {@code rotated} and before the file now at the path: siblings named
     * {@code <name>.<suffix>} (kubelet's {@code 0.log.<timestamp>}, logrotate's {@code x.log.1}) that are not
     * compressed, not already known, and modified no earlier than {@code rotated}, oldest first. Found only when
     * {@code rotated} itself is still next to the path, since its modification time orders the others.
     */
    private List<OpenFile> findSkippedGenerations(TailedPath tp, FileIdentity rotated, FileIdentity current) {
        Set<FileIdentity> known = new HashSet<>();
        known.add(current);
        for (OpenFile f : tp.chain) {
            known.add(f.identity);
        }
        List<Siblings.Sibling> siblings = Siblings.rotatedNames(tp.file);
        Long rotatedMtime = null;
        for (Siblings.Sibling s : siblings) {
            if (s.stat().identity().equals(rotated)) {
                rotatedMtime = s.stat().mtimeNanos();
            }
        }
        if (rotatedMtime == null) {
            return List.of();
        }
        List<OpenFile> out = new ArrayList<>();
        for (Siblings.Sibling s : siblings) {
            FileIdentity id = s.stat().identity();
            if (s.stat().mtimeNanos() < rotatedMtime || known.contains(id)) {
                continue;
            }
            FileChannel ch = openOrReport(s.path().toString(), s.path());
            if (ch != null) {
                LOG.log(Level.INFO, tp.path + " was rotated more than once while we lagged; also reading " + s.path());
                OpenFile f = new OpenFile(id, ch, tp.positions.startGeneration(id, 0), 0);
                f.gone = true;
                out.add(f);
            }
        }
        return out;
    }

    private OpenFile openGeneration(TailedPath tp, Path file, FileIdentity identity, long start) {
        FileChannel ch = openOrReport(tp.path, file);
        if (ch == null) {
            return null;
        }
        // The path may have changed between stat and open; trust what we actually opened when we can.
        FileIdentity opened = identity;
        FileStat again = FileStat.orNull(file);
        if (again != null) {
            opened = again.identity();
        }
        return new OpenFile(opened, ch, tp.positions.startGeneration(opened, start), start);
    }

    private FileChannel openOrReport(String path, Path file) {
        try {
            FileChannel ch = opener.open(file);
            reportedUnreadable.remove(path);
            return ch;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (reportedUnreadable.add(path)) {
                metrics.badInput.labels("unreadable_file").inc();
                LOG.log(Level.WARNING, "cannot open " + path + ": " + IoErrors.describe(e) + "; retrying at each sync");
            }
            return null;
        }
    }

    private static long sizeOr(FileChannel ch, long fallback) {
        try {
            return ch.size();
        } catch (IOException e) {
            return fallback;
        }
    }

    // ---------------------------------------------------------------- values

    /** A path being tailed: its target, labels, metrics and the generations (oldest first) still to read. */
    private static final class TailedPath {
        final String path;
        final Path file;
        final PathPositions positions;
        final ArrayDeque<OpenFile> chain = new ArrayDeque<>(2);
        final Gauge.Child readBytes;
        final Gauge.Child fileBytes;
        final Counter.Child readLines;
        /** The read timestamp given to the last line, so that the next one is strictly later. */
        long lastTimestampNanos = Long.MIN_VALUE / 2;
        /** Lines read since the counter was last updated: one update per read turn, not per line (it showed in profiles). */
        long unreportedLines;
        FileTarget target;
        Labels labels;
        boolean released;
        boolean readErrorReported;
        boolean sinkErrorReported;
        /** A file-system event named this path: read it and check it at once. */
        boolean eventSeen;
        long retryReadMillis;
        long checkIntervalMillis;
        /** When data was last read or the file last changed state. */
        long lastChangeMillis;
        long nextCheckMillis;
        /** The head generation, for the paused-watch thread; written by the reader whenever the head changes. */
        volatile OpenFile publishedHead;
        /** Set by the paused-watch thread, taken by the reader. */
        final AtomicReference<TruncationSeen> truncationSeen = new AtomicReference<>();
        /** Paused-watch thread only. */
        long sizeSeenWhilePaused = -1;

        void reportLines() {
            if (unreportedLines > 0) {
                readLines.inc(unreportedLines);
                unreportedLines = 0;
            }
        }

        TailedPath(String path, Path file, FileTarget target, PathPositions positions, AgentMetrics metrics, long minPoll) {
            this.path = path;
            this.file = file;
            this.positions = positions;
            this.readBytes = metrics.readBytes.labels(path);
            this.fileBytes = metrics.fileBytes.labels(path);
            this.readLines = metrics.readLines.labels(path);
            this.checkIntervalMillis = minPoll;
            retarget(target);
        }

        void retarget(FileTarget t) {
            this.target = t;
            this.labels = t.labels().with("filename", path);
        }
    }
}
