package io.sleipnir.tail;

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
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tails the files that the targets' globs match. One reader thread serves every file round-robin, at most one
 * read quantum per file per turn, and runs the sinks synchronously: a blocking sink pauses reading (back-pressure).
 * Which files exist is decided separately (glob resolution at start, every sync period, and soon after a
 * create/delete event from a {@link WatchService}); reading follows each path across rotations by file identity.
 *
 * <p>Rotation: when the path names a new file, the old one is kept open and read until it has been idle at EOF
 * for one poll interval, its last unterminated line is emitted, and then the new file is read from 0 (its
 * channel is opened as soon as it is noticed, so a second rotation while we lag loses nothing). A file shorter
 * than our read position was truncated in place (copytruncate): reading restarts at 0; lines written between
 * our last read and the truncation are lost, which no polling tailer can avoid. A deleted file is drained to
 * its end through the open descriptor.
 */
public final class TailManager implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TailManager.class.getName());
    private static final long EVENT_DEBOUNCE_MILLIS = 100;
    private static final Runnable WAKE = () -> { };

    private final TailSettings settings;
    private final PositionsFile positions;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final FileOpener opener;
    private final int maxLine;
    private final long minPollMillis;
    private final long maxPollMillis;

    private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicBoolean resolveRequested = new AtomicBoolean();
    private final Thread reader;
    private final Thread watcherThread;
    private final WatchService watchService;
    private volatile boolean running = true;
    private volatile List<String> activeSnapshot = List.of();

    // Reader-thread state.
    private List<CompiledTarget> targets = List.of();
    private final LinkedHashMap<String, TailedPath> tailed = new LinkedHashMap<>();
    private final Map<Path, WatchKey> watched = new HashMap<>();
    private final Set<String> reportedUnreadable = new HashSet<>();
    private final ByteBuffer readBuffer;
    private final LineDecoder decoder = new LineDecoder();
    private final Counter.Child invalidUtf8;
    private final Counter.Child longLines;
    private final Counter.Child droppedLongLines;
    private long lastResolveMillis = Long.MIN_VALUE / 2;
    /** Counts file-system wake-ups; a file at EOF is read again only after one, or after its poll interval. */
    private long wakeEpoch;

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
        this.readBuffer = ByteBuffer.allocate(settings.readQuantumBytes());
        this.invalidUtf8 = metrics.badInput.labels("invalid_utf8");
        this.longLines = metrics.badInput.labels("long_line");
        this.droppedLongLines = metrics.pipelineDropped.labels("line_too_long");
        this.watchService = Path.of("/").getFileSystem().newWatchService();
        this.reader = new Thread(this::readLoop, "tail-reader");
        this.reader.setDaemon(true);
        this.watcherThread = new Thread(this::watchLoop, "tail-watcher");
        this.watcherThread.setDaemon(true);
    }

    /**
     * Replaces the targets: new matches start, files no longer matched are drained and released. A path is read
     * once, for one target: when the globs of several targets match it (e.g. two pods' overlapping globs), the first
     * target in the list wins and its labels and sink are used.
     */
    public void setTargets(List<FileTarget> newTargets) {
        List<CompiledTarget> compiled = new ArrayList<>(newTargets.size());
        for (FileTarget t : newTargets) {
            compiled.add(CompiledTarget.of(t));
        }
        List<CompiledTarget> frozen = List.copyOf(compiled);
        commands.offer(() -> {
            targets = frozen;
            resolve();
        });
    }

    public void start() {
        reader.start();
        watcherThread.start();
    }

    /** The paths being tailed now (including ones still draining). */
    public List<String> activeFiles() {
        return activeSnapshot;
    }

    /** Stops reading promptly and joins the threads. Flushes nothing; positions keep their committed offsets. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.interrupt();
        try {
            watchService.close();
        } catch (IOException ignored) {
            // closing only wakes the watcher thread
        }
        if (reader.isAlive() || reader.getState() != Thread.State.NEW) {
            reader.join(10_000);
        }
        if (watcherThread.getState() != Thread.State.NEW) {
            watcherThread.join(10_000);
        }
        for (TailedPath tp : tailed.values()) {
            for (OpenFile f : tp.chain) {
                f.closeQuietly();
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
                Runnable command;
                while ((command = commands.poll()) != null) {
                    runCommand(command);
                }
                long now = clock.millis();
                boolean eventDue = resolveRequested.get() && now - lastResolveMillis >= EVENT_DEBOUNCE_MILLIS;
                if (eventDue || now - lastResolveMillis >= settings.syncPeriod().toMillis()) {
                    resolve();
                }
                boolean progress = readRound(clock.millis());
                progress |= checkStatuses(clock.millis());
                if (progress) {
                    idleWait = minPollMillis;
                    continue;
                }
                long wait = idleWait;
                if (resolveRequested.get()) {
                    wait = Math.min(wait, Math.max(1, lastResolveMillis + EVENT_DEBOUNCE_MILLIS - clock.millis()));
                }
                command = commands.poll(wait, TimeUnit.MILLISECONDS);
                if (command != null) {
                    runCommand(command);
                    idleWait = minPollMillis;
                } else {
                    idleWait = Math.min(2 * idleWait, maxPollMillis);
                }
            } catch (InterruptedException e) {
                return; // close(): stop promptly
            } catch (RuntimeException e) {
                // A bug must not stop reading for good: log it, pause one poll interval, go on.
                LOG.log(Level.ERROR, "unexpected error in the tail reader; continuing", e);
                try {
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
            wakeEpoch++;
        } else {
            command.run();
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
        OpenFile f = tp.chain.peekFirst();
        if (f == null) {
            return false;
        }
        // Many idle files cost little: one at EOF is retried after its (backing-off) poll interval, or sooner
        // when a file-system event woke the reader.
        if (f.atEof && tp.eofEpoch == wakeEpoch && now < tp.retryReadMillis) {
            return false;
        }
        readBuffer.clear();
        int n;
        try {
            n = f.channel.read(readBuffer, f.readPos);
        } catch (ClosedByInterruptException e) {
            throw new InterruptedException();
        } catch (IOException e) {
            if (!tp.readErrorReported) {
                tp.readErrorReported = true;
                LOG.log(Level.WARNING, "cannot read " + tp.path + ": " + e + "; retrying");
            }
            f.atEof = true;
            return false;
        }
        if (n <= 0) {
            tp.eofEpoch = wakeEpoch;
            f.atEof = true;
            tp.retryReadMillis = now + tp.checkIntervalMillis;
            return false;
        }
        tp.readErrorReported = false;
        f.atEof = false;
        f.idleEofSinceMillis = null;
        tp.checkIntervalMillis = minPollMillis;
        long readTime = nanos(clock.instant());
        byte[] a = readBuffer.array();
        long base = f.readPos;
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] != '\n') {
                continue;
            }
            long end = base + i + 1;
            if (!f.hasPartialLine()) {
                int len = i - start;
                emit(tp, f, a, start, Math.min(len, maxLine), len > maxLine, end, readTime);
            } else {
                f.append(a, start, i - start, maxLine);
                emit(tp, f, f.carry, 0, f.carryLen, f.overlong, end, readTime);
                f.resetLine();
            }
            start = i + 1;
        }
        if (start < n) {
            f.append(a, start, n - start, maxLine);
        }
        f.readPos = base + n;
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
        for (TailedPath tp : tailed.values()) {
            OpenFile head = tp.chain.peekFirst();
            boolean due = now >= tp.nextCheckMillis && (head == null || head.atEof || tp.released)
                    || now >= tp.nextCheckMillis + maxPollMillis;
            if (!due) {
                continue;
            }
            boolean c = checkStatus(tp, now);
            tp.checkIntervalMillis = c ? minPollMillis : Math.min(2 * tp.checkIntervalMillis, maxPollMillis);
            tp.nextCheckMillis = now + tp.checkIntervalMillis;
            changed |= c;
            if (tp.chain.isEmpty() && (tp.released || !Files.exists(tp.file))) {
                if (finished == null) {
                    finished = new ArrayList<>();
                }
                finished.add(tp);
            }
        }
        if (finished != null) {
            for (TailedPath tp : finished) {
                removePath(tp);
            }
            changed = true;
        }
        return changed;
    }

    private boolean checkStatus(TailedPath tp, long now) throws InterruptedException {
        boolean changed = false;
        if (!tp.released) {
            OpenFile newest = tp.chain.peekLast();
            FileIdentity atPath = identityOrNull(tp.file);
            if (atPath == null) {
                if (newest != null && !newest.gone) {
                    newest.gone = true;
                    LOG.log(Level.INFO, tp.path + " was deleted; reading what is left of it");
                    changed = true;
                }
            } else if (newest == null || !atPath.equals(newest.identity)) {
                if (newest != null) {
                    if (!newest.gone) {
                        newest.gone = true;
                        changed = true;
                        LOG.log(Level.INFO, tp.path + " was rotated; finishing the old file before reading the new one");
                    }
                    // Rotated more than once since we last looked (we lagged): read the middle files too.
                    List<OpenFile> skipped = findSkippedGenerations(tp, newest.identity, atPath);
                    tp.chain.addAll(skipped);
                    changed |= !skipped.isEmpty();
                }
                OpenFile next = openGeneration(tp, tp.file, atPath, 0);
                if (next != null) {
                    tp.chain.addLast(next);
                    changed = true;
                }
            }
        }
        OpenFile head = tp.chain.peekFirst();
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
        boolean finishing = head.gone || tp.released;
        if (!finishing && size < head.readPos) {
            LOG.log(Level.INFO, tp.path + " was truncated (size " + size + " < read position " + head.readPos
                    + "); reading it again from the start");
            head.readPos = 0;
            head.resetLine();
            head.tracker.markTruncated();
            tp.readBytes.set(0);
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
        OpenFile next = tp.chain.peekFirst();
        if (next != null) {
            tp.readBytes.set(next.readPos);
        }
    }

    private void removePath(TailedPath tp) {
        tailed.remove(tp.path);
        for (OpenFile f : tp.chain) {
            f.closeQuietly();
            tp.positions.readingFinished(f.tracker);
        }
        tp.chain.clear();
        tp.positions.release();
        metrics.readBytes.remove(tp.path);
        metrics.fileBytes.remove(tp.path);
        metrics.readLines.remove(tp.path);
        publishActive();
    }

    private static FileIdentity identityOrNull(Path file) {
        try {
            return FileIdentity.of(file);
        } catch (IOException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- which files

    private void resolve() {
        lastResolveMillis = clock.millis();
        resolveRequested.set(false);
        LinkedHashMap<String, FileTarget> desired = new LinkedHashMap<>();
        Set<Path> dirs = new HashSet<>();
        for (CompiledTarget t : targets) {
            if (Files.isDirectory(t.include.literalPrefixDir())) {
                dirs.add(t.include.literalPrefixDir());
            }
            for (Path p : t.matchingFiles()) {
                desired.putIfAbsent(p.toString(), t.target);
            }
        }
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
        for (Map.Entry<String, FileTarget> e : desired.entrySet()) {
            if (!tailed.containsKey(e.getKey())) {
                startPath(e.getKey(), e.getValue());
            }
        }
        for (String p : desired.keySet()) {
            Path parent = Path.of(p).getParent();
            if (parent != null) {
                dirs.add(parent);
            }
        }
        updateWatches(dirs);
        publishActive();
    }

    private void publishActive() {
        activeSnapshot = List.copyOf(tailed.keySet());
        metrics.filesActive.set(tailed.size());
    }

    private void startPath(String path, FileTarget target) {
        Path file = Path.of(path);
        FileIdentity current = identityOrNull(file);
        if (current == null) {
            return;
        }
        FileChannel channel = openOrReport(path, file);
        if (channel == null) {
            return;
        }
        TailedPath tp = new TailedPath(path, file, target, positions.forPath(path), metrics, minPollMillis);
        long start = 0;
        if (!tp.positions.hasGenerations()) {
            SavedPosition saved = tp.positions.saved();
            long size = sizeOr(channel, 0);
            if (saved == null) {
                start = 0;
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
        tp.chain.addLast(new OpenFile(current, channel, tracker, start));
        tp.readBytes.set(tp.chain.peekFirst().readPos);
        tp.fileBytes.set(sizeOr(channel, 0));
        tailed.put(path, tp);
    }

    /** After a restart: the saved identity names a file renamed next to the path (0.log.20260101-120000, x.log.1). */
    private OpenFile findRotated(TailedPath tp, SavedPosition saved) {
        Path dir = tp.file.getParent();
        if (dir == null) {
            return null;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path candidate : entries) {
                if (candidate.equals(tp.file) || !Files.isRegularFile(candidate)) {
                    continue;
                }
                if (!saved.identity().equals(identityOrNull(candidate))) {
                    continue;
                }
                FileChannel ch = openOrReport(candidate.toString(), candidate);
                if (ch == null) {
                    return null;
                }
                long size = sizeOr(ch, 0);
                long start = saved.offset() <= size ? saved.offset() : 0;
                LOG.log(Level.INFO, tp.path + " was rotated while we were down; finishing " + candidate
                        + " from offset " + start + " first");
                OpenFile f = new OpenFile(saved.identity(), ch, tp.positions.startGeneration(saved.identity(), start), start);
                f.gone = true;
                return f;
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list " + dir + " to find the rotated " + tp.path + ": " + e);
        }
        return null;
    }

    /**
     * Files rotated away after {@code rotated} and before the file now at the path: siblings named
     * {@code <name>.<suffix>} (kubelet's {@code 0.log.<timestamp>}, logrotate's {@code x.log.1}) that are not
     * compressed, not already known, and modified no earlier than {@code rotated}, oldest first. Found only when
     * {@code rotated} itself is still next to the path, since its modification time orders the others.
     */
    private List<OpenFile> findSkippedGenerations(TailedPath tp, FileIdentity rotated, FileIdentity current) {
        Path dir = tp.file.getParent();
        if (dir == null) {
            return List.of();
        }
        String prefix = tp.file.getFileName() + ".";
        Set<FileIdentity> known = new HashSet<>();
        known.add(current);
        for (OpenFile f : tp.chain) {
            known.add(f.identity);
        }
        record Sibling(Path path, FileIdentity identity, long mtimeNanos) {
        }
        List<Sibling> siblings = new ArrayList<>();
        Long rotatedMtime = null;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> {
            String name = p.getFileName().toString();
            return name.startsWith(prefix) && !name.endsWith(".gz") && !name.endsWith(".tmp");
        })) {
            for (Path p : entries) {
                try {
                    BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
                    FileIdentity id = FileIdentity.of(p);
                    if (!attrs.isRegularFile()) {
                        continue;
                    }
                    long mtime = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
                    if (id.equals(rotated)) {
                        rotatedMtime = mtime;
                    } else if (!known.contains(id)) {
                        siblings.add(new Sibling(p, id, mtime));
                    }
                } catch (IOException vanished) {
                    // compressed or removed meanwhile
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        if (rotatedMtime == null || siblings.isEmpty()) {
            return List.of();
        }
        long after = rotatedMtime;
        List<OpenFile> out = new ArrayList<>();
        siblings.stream()
                .filter(s -> s.mtimeNanos() >= after)
                .sorted(java.util.Comparator.comparingLong(Sibling::mtimeNanos).thenComparing(s -> s.path().toString()))
                .forEach(s -> {
                    FileChannel ch = openOrReport(s.path().toString(), s.path());
                    if (ch != null) {
                        LOG.log(Level.INFO, tp.path + " was rotated more than once while we lagged; also reading " + s.path());
                        OpenFile f = new OpenFile(s.identity(), ch, tp.positions.startGeneration(s.identity(), 0), 0);
                        f.gone = true;
                        out.add(f);
                    }
                });
        return out;
    }

    private OpenFile openGeneration(TailedPath tp, Path file, FileIdentity identity, long start) {
        FileChannel ch = openOrReport(tp.path, file);
        if (ch == null) {
            return null;
        }
        // The path may have changed between stat and open; trust what we actually opened when we can.
        FileIdentity opened = identity;
        FileIdentity again = identityOrNull(file);
        if (again != null) {
            opened = again;
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
                LOG.log(Level.WARNING, "cannot open " + path + ": " + e + "; retrying at each sync");
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

    // ---------------------------------------------------------------- file-system events

    private void updateWatches(Set<Path> dirs) {
        for (var it = watched.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!dirs.contains(e.getKey())) {
                e.getValue().cancel();
                it.remove();
            }
        }
        for (Path dir : dirs) {
            if (watched.containsKey(dir)) {
                continue;
            }
            try {
                watched.put(dir, dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
            } catch (IOException | ClosedWatchServiceException e) {
                // polling and the periodic re-glob still cover this directory
            }
        }
    }

    private void watchLoop() {
        try {
            while (running) {
                WatchKey key = watchService.take();
                boolean structural = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() != StandardWatchEventKinds.ENTRY_MODIFY) {
                        structural = true; // create, delete or overflow
                    }
                }
                key.reset();
                if (structural) {
                    resolveRequested.set(true);
                }
                wake();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    // ---------------------------------------------------------------- values

    /** A target with its globs compiled once. */
    private record CompiledTarget(FileTarget target, GlobMatcher include, List<GlobMatcher> excludes) {
        static CompiledTarget of(FileTarget t) {
            List<GlobMatcher> ex = new ArrayList<>();
            for (String g : t.excludeGlobs()) {
                ex.add(GlobMatcher.compile(absolute(g)));
            }
            return new CompiledTarget(t, GlobMatcher.compile(absolute(t.pathGlob())), List.copyOf(ex));
        }

        private static String absolute(String glob) {
            if (glob.startsWith("/")) {
                return glob;
            }
            String cwd = Path.of("").toAbsolutePath().toString();
            return cwd.endsWith("/") ? cwd + glob : cwd + "/" + glob;
        }

        boolean accepts(String path) {
            if (!include.matches(path)) {
                return false;
            }
            for (GlobMatcher e : excludes) {
                if (e.matches(path)) {
                    return false;
                }
            }
            return true;
        }

        List<Path> matchingFiles() {
            List<Path> out = new ArrayList<>();
            if (include.isLiteral()) {
                Path p = Path.of(include.glob());
                if (Files.isRegularFile(p) && accepts(p.toString())) {
                    out.add(p);
                }
                return out;
            }
            Path root = include.literalPrefixDir();
            if (!Files.isDirectory(root)) {
                return out;
            }
            try {
                Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), include.maxDepth(),
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                if (attrs.isRegularFile() && accepts(file.toString())) {
                                    out.add(file);
                                }
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                                return FileVisitResult.CONTINUE; // vanished, a loop, or no permission
                            }
                        });
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot list " + root + " for " + include.glob() + ": " + e);
            }
            return out;
        }
    }

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
        long eofEpoch = -1;
        long retryReadMillis;
        long checkIntervalMillis;
        long nextCheckMillis;

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
