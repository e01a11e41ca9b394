package io.sleipnir.tail;

import io.sleipnir.config.DecompressionConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.IoErrors;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The paths being tailed, by path, in the order found: which start (resolving the targets' globs), where each
 * starts reading (from positions, across a rotation while we were down), which are released, and their removal.
 * A path reached twice (a symlink and its target, a hard link) is read once, under the first path found. Reader
 * thread only, except {@link #active()} and {@link #snapshot()}.
 */
final class TailedPaths {
    private static final System.Logger LOG = System.getLogger(TailManager.class.getName());

    private final TailPositions positions;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final ReportingOpener opener;
    private final RotationTracker rotations;
    private final long minPollMillis;
    private final long maxPollMillis;
    private final int lineCap;
    private final Runnable wakeReader;
    private final LinkedHashMap<String, TailedPath> tailed = new LinkedHashMap<>();
    private final Set<String> reportedDuplicates = new HashSet<>();
    /** Compressed files waiting out their job's {@code initial_delay}: when each was first found (clock millis). */
    private final Map<String, Long> delayedSince = new HashMap<>();
    private boolean resolvedOnce;
    private volatile List<String> activeSnapshot = List.of();
    private volatile List<TailedPath> pathsSnapshot = List.of();

    TailedPaths(TailPositions positions, AgentMetrics metrics, Clock clock, ReportingOpener opener,
                RotationTracker rotations, long minPollMillis, long maxPollMillis, int lineCap, Runnable wakeReader) {
        this.positions = positions;
        this.wakeReader = wakeReader;
        this.metrics = metrics;
        this.clock = clock;
        this.opener = opener;
        this.rotations = rotations;
        this.minPollMillis = minPollMillis;
        this.maxPollMillis = maxPollMillis;
        this.lineCap = lineCap;
    }

    Collection<TailedPath> all() {
        return tailed.values();
    }

    TailedPath get(String path) {
        return tailed.get(path);
    }

    int size() {
        return tailed.size();
    }

    /** Whether the targets were resolved at least once (so a glob matching nothing counts as read). */
    boolean resolvedOnce() {
        return resolvedOnce;
    }

    /** The paths tailed now, including ones still draining; any thread. */
    List<String> active() {
        return activeSnapshot;
    }

    /** The paths tailed now, for the paused-watch thread. */
    List<TailedPath> snapshot() {
        return pathsSnapshot;
    }

    /** After a full resolution: paths no longer matched are released (drained, then removed), new ones start. */
    void resolved(Map<String, List<FileTarget>> desired) {
        for (TailedPath tp : tailed.values()) {
            List<FileTarget> t = desired.get(tp.path);
            if (t == null) {
                if (tp.release(true)) {
                    LOG.log(Level.INFO, tp.path + " no longer matches any target; draining it");
                }
            } else {
                tp.release(false);
                tp.retarget(t);
            }
        }
        delayedSince.keySet().retainAll(desired.keySet());
        startNew(desired);
        resolvedOnce = true;
    }

    /** Starts the paths of {@code desired} not tailed yet. */
    void startNew(Map<String, List<FileTarget>> desired) {
        Map<FileIdentity, String> tailedIdentities = null;
        for (Map.Entry<String, List<FileTarget>> e : desired.entrySet()) {
            if (tailed.containsKey(e.getKey())) {
                continue;
            }
            if (tailedIdentities == null) {
                tailedIdentities = new HashMap<>();
                for (TailedPath tp : tailed.values()) {
                    for (OpenFile f : tp.chain) {
                        tailedIdentities.put(f.identity, tp.path);
                    }
                }
            }
            start(e.getKey(), e.getValue(), tailedIdentities);
        }
    }

    /** The first target's {@code decompression} that is enabled, or null: the path's files are compressed. */
    private static DecompressionConfig decompression(List<FileTarget> targets) {
        for (FileTarget t : targets) {
            if (t.decompression().enabled()) {
                return t.decompression();
            }
        }
        return null;
    }

    /**
     * Promtail's {@code initial_delay}: a compressed file found now may still be being written by its compressor,
     * so it starts at the first resolution at least that long after it was found (on the injected clock).
     */
    private boolean waitingOutDelay(String path, DecompressionConfig decompression) {
        long delay = decompression.initialDelay().toMillis();
        if (delay <= 0) {
            return false;
        }
        long now = clock.millis();
        long since = delayedSince.computeIfAbsent(path, p -> now);
        return now - since < delay;
    }

    /** Whether a compressed file waits out its {@code initial_delay}: the globs are then walked each sync period. */
    boolean anyDelayed() {
        return !delayedSince.isEmpty();
    }

    /** The identities of every generation being read. */
    Set<FileIdentity> liveIdentities() {
        Set<FileIdentity> live = new HashSet<>();
        for (TailedPath tp : tailed.values()) {
            for (OpenFile f : tp.chain) {
                live.add(f.identity);
            }
        }
        return live;
    }

    /** Read for good and released, or deleted: its generations are let go and its metrics removed. */
    void remove(TailedPath tp) {
        tailed.remove(tp.path);
        for (OpenFile f : tp.chain) {
            f.closeQuietly();
            f.acks.finishReading();
            rotations.finished(f.identity);
        }
        tp.chain.clear();
        tp.paused.forget();
        tp.ledger.release();
        opener.decompress(tp.path, null);
        metrics.readBytes.remove(tp.path);
        metrics.fileBytes.remove(tp.path);
        metrics.readLines.remove(tp.path);
    }

    /** Closes every channel (the reader has stopped). */
    void closeAll() {
        for (TailedPath tp : tailed.values()) {
            for (OpenFile f : tp.chain) {
                f.closeQuietly();
            }
            tp.paused.forget();
        }
    }

    void publish() {
        activeSnapshot = List.copyOf(tailed.keySet());
        pathsSnapshot = List.copyOf(tailed.values());
        metrics.filesActive.set(tailed.size());
    }

    private void start(String path, List<FileTarget> targets, Map<FileIdentity, String> tailedIdentities) {
        Path file = Path.of(path);
        FileStat stat = FileStat.orNull(file);
        if (stat == null) {
            return;
        }
        if (readElsewhere(path, stat.identity(), tailedIdentities)) {
            return;
        }
        reportedDuplicates.remove(path);
        DecompressionConfig decompression = decompression(targets);
        if (decompression != null && waitingOutDelay(path, decompression)) {
            return;
        }
        opener.decompress(path, decompression == null ? null : decompression.format());
        // The identity of the file opened, not of the one stat'ed: it may have been rotated in between.
        ReportingOpener.Opened opened = opener.openNamed(path, file);
        if (opened == null) {
            return;
        }
        FileIdentity current = opened.identity();
        if (!current.equals(stat.identity()) && readElsewhere(path, current, tailedIdentities)) {
            ReportingOpener.closeQuietly(opened.channel());
            return;
        }
        FileChannel channel = opened.channel();
        delayedSince.remove(path);
        TailedPath tp = new TailedPath(path, targets, positions.forPath(path), metrics,
                new PollTimers(minPollMillis, maxPollMillis, clock.millis()), new FilePause(wakeReader));
        tp.ledger.pausedBy(tp.pause);
        long start = tp.ledger.hasGenerations() ? 0 : earlierGenerations(tp, current, channel, decompression != null);
        OpenFile f = new OpenFile(current, channel, tp.ledger.startGeneration(current, start), start, lineCap);
        f.fingerprint.recordFrom(channel, start);
        f.publishedFingerprint = f.fingerprint.copy();
        f.acks.printed(f.fingerprint.print());
        tp.chain.addLast(f);
        for (OpenFile g : tp.chain) {
            tailedIdentities.put(g.identity, path);
        }
        tp.headChanged();
        tp.fileBytes.set(tp.head().sizeOr(0));
        tailed.put(path, tp);
    }

    /** A symlink and its target, or a hard link: one file, read once, under the path found first. */
    private boolean readElsewhere(String path, FileIdentity identity, Map<FileIdentity, String> tailedIdentities) {
        String owner = tailedIdentities.get(identity);
        if (owner == null) {
            return false;
        }
        if (reportedDuplicates.add(path)) {
            LOG.log(Level.INFO, path + " is the same file as " + owner + " (identity " + identity
                    + "); reading it once, as " + owner);
        }
        return true;
    }

    /**
     * Where the file at a newly tailed path starts, after queueing the generations to read before it: the one
     * its saved offset belongs to, renamed while we were down, or those it was rotated into before we saw it.
     */
    private long earlierGenerations(TailedPath tp, FileIdentity current, FileChannel channel, boolean decompressed) {
        TailPositions.ResumePoint saved = tp.ledger.saved();
        long size = saved == null ? 0 : sizeOr(channel);
        RotationTracker.Resume resume = RotationTracker.resume(saved, current, size, sameFirstBytes(saved, channel));
        if (decompressed) {
            // A finished compressed file: its saved offset (uncompressed) if it is the same file, else its start;
            // its neighbours are other compressed files, never earlier generations of it.
            if (saved != null && saved.identity() == null) {
                // Matched by path only: Promtail wrote it, and Promtail saves the number of lines it read from a
                // compressed file, not an offset (decompresser.go). Resume after that many lines, as it would.
                return offsetAfterLines(channel, saved.offset(), tp.path);
            }
            return resume.start();
        }
        switch (resume.kind()) {
            case NEW -> {
                if (resolvedOnce) {
                    // It appeared while we run: what it was rotated into before we saw it is its start.
                    tp.chain.addAll(rotations.rotatedBeforeFirstRead(tp, current, liveIdentities()));
                }
            }
            case SHORTER_THAN_SAVED -> LOG.log(Level.INFO, tp.path + " is shorter than its saved position "
                    + saved.offset() + "; reading from the start");
            case ROTATED_WHILE_DOWN -> {
                OpenFile rotated = rotations.findRotated(tp, saved);
                if (rotated != null) {
                    tp.chain.addLast(rotated);
                    tp.chain.addAll(rotations.skippedGenerations(tp, saved.identity(), saved.print(), current));
                } else {
                    LOG.log(Level.INFO, tp.path + " is a new file (identity " + current + ", saved "
                            + saved.identity() + ") and the old one was not found next to it; reading the new one from the start");
                }
            }
            default -> { }
        }
        return resume.start();
    }

    /** The offset just after the first {@code lines} lines of {@code channel} (its end when it has fewer). */
    static long offsetAfterLines(FileChannel channel, long lines, String path) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long offset = 0;
        long seen = 0;
        try {
            while (seen < lines) {
                buf.clear();
                int n = channel.read(buf, offset);
                if (n <= 0) {
                    break;
                }
                byte[] a = buf.array();
                int i = 0;
                while (i < n && seen < lines) {
                    int newline = ByteScan.indexOfNewline(a, i, n);
                    if (newline < 0) {
                        i = n;
                    } else {
                        i = newline + 1;
                        seen++;
                    }
                }
                offset += i;
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot count the lines of " + path + " already read by Promtail: "
                    + IoErrors.describe(e) + "; reading it from the offset reached, " + offset);
        }
        LOG.log(Level.INFO, path + ": resuming after the " + lines + " lines Promtail's positions file says were read"
                + " (uncompressed offset " + offset + ")");
        return offset;
    }

    /** Whether the file starts with the bytes whose print was saved with its offset (true when none was). */
    private static boolean sameFirstBytes(TailPositions.ResumePoint saved, FileChannel channel) {
        if (saved == null || saved.print() == null) {
            return true;
        }
        Fingerprint now = new Fingerprint();
        now.recordFrom(channel, saved.print().length());
        return saved.print().equals(now.print());
    }

    private static long sizeOr(FileChannel ch) {
        try {
            return ch.size();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
