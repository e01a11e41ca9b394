package io.sleipnir.tail;

import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Follows a path across rotations by file identity: which file the path names now, the generations it left
 * behind (renamed next to it while we lagged or were down, or before we first read it), and what to do with a
 * generation that is renamed, deleted or truncated. The decisions are pure functions ({@link #identityChange},
 * {@link #resume}, {@link #judgeHead}); the rest opens the files they name. Reader thread only.
 */
final class RotationTracker {
    private static final System.Logger LOG = System.getLogger(TailManager.class.getName());
    private static final int FINISHED_IDENTITIES_KEPT = 4096;

    private final ReportingOpener opener;
    private final int lineCap;
    private final long startedMillis;
    /** Generations read to their end lately: never read again as a "rotated before we saw it" sibling. */
    private final Map<FileIdentity, Boolean> finished = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FileIdentity, Boolean> eldest) {
            return size() > FINISHED_IDENTITIES_KEPT;
        }
    };

    RotationTracker(ReportingOpener opener, int lineCap, long startedMillis) {
        this.opener = opener;
        this.lineCap = lineCap;
        this.startedMillis = startedMillis;
    }

    /** What the path names now, compared with the newest generation read. */
    enum IdentityChange { SAME, DELETED, REPLACED }

    static IdentityChange identityChange(FileIdentity newest, FileIdentity atPath) {
        if (atPath == null) {
            return IdentityChange.DELETED;
        }
        return atPath.equals(newest) ? IdentityChange.SAME : IdentityChange.REPLACED;
    }

    /** Where a newly tailed path starts, from what positions saved for it. */
    enum ResumeKind {
        /** Nothing saved: from 0. */
        NEW,
        /** The saved offset belongs to this file: from there. */
        SAVED_OFFSET,
        /** The file is shorter than the saved offset: from 0. */
        SHORTER_THAN_SAVED,
        /** The saved offset belongs to another file: look for it next to the path, renamed while we were down. */
        ROTATED_WHILE_DOWN
    }

    record Resume(ResumeKind kind, long start) {
    }

    static Resume resume(TailPositions.ResumePoint saved, FileIdentity current, long size) {
        return resume(saved, current, size, true);
    }

    /**
     * @param sameFirstBytes false when the file's first bytes are not the saved print: the saved file was deleted
     *                       (compressed) and the new one got its inode number
     */
    static Resume resume(TailPositions.ResumePoint saved, FileIdentity current, long size, boolean sameFirstBytes) {
        if (saved == null) {
            return new Resume(ResumeKind.NEW, 0);
        }
        if (saved.identity() == null || saved.identity().equals(current) && sameFirstBytes) {
            return saved.offset() <= size ? new Resume(ResumeKind.SAVED_OFFSET, saved.offset())
                    : new Resume(ResumeKind.SHORTER_THAN_SAVED, 0);
        }
        return new Resume(ResumeKind.ROTATED_WHILE_DOWN, 0);
    }

    /** What to do with the head generation after a check. */
    enum HeadVerdict {
        /** Go on reading it. */
        READ,
        /** Shorter than the read position while still named by the path: copytruncate. */
        TRUNCATED,
        /** Gone (or released) and drained: wait one poll interval idle at EOF for a late writer. */
        DRAINED_WAITING,
        /** Read for good: emit its last unterminated line and release it. */
        FINISH
    }

    /**
     * @param idleEofSince when the head was first seen drained after it was gone; null before
     * @param minPollMillis how long a gone generation must stay idle at EOF before it is finished
     */
    static HeadVerdict judgeHead(boolean gone, boolean released, boolean atEof, long size, long readPos,
                                 Long idleEofSince, long now, long minPollMillis) {
        boolean finishing = gone || released;
        if (!finishing && size < readPos) {
            return HeadVerdict.TRUNCATED;
        }
        if (finishing && atEof && size <= readPos) {
            boolean idleLongEnough = idleEofSince != null && now - idleEofSince >= minPollMillis;
            return released || idleLongEnough ? HeadVerdict.FINISH : HeadVerdict.DRAINED_WAITING;
        }
        return HeadVerdict.READ;
    }

    /**
     * Compares the file at the path with the newest generation: a deleted one is drained; a replaced one is
     * drained after the generations skipped since (we lagged), then the new file is read from 0. True on a change.
     */
    boolean followPath(TailedPath tp) {
        OpenFile newest = tp.chain.peekLast();
        FileStat atPath = FileStat.orNull(tp.file);
        switch (identityChange(newest == null ? null : newest.identity, atPath == null ? null : atPath.identity())) {
            case SAME -> {
                return false;
            }
            case DELETED -> {
                if (newest != null && !newest.gone) {
                    newest.gone = true;
                    LOG.log(Level.INFO, tp.path + " was deleted; reading what is left of it");
                    return true;
                }
                return false;
            }
            default -> {
                // Opened before the search for skipped generations: a rotation after the stat above would make the
                // file opened a newer one than the stat named, and the one it named would be taken as current.
                ReportingOpener.Opened opened = opener.openNamed(tp.path, tp.file);
                FileIdentity current = opened == null ? atPath.identity() : opened.identity();
                if (opened != null && newest != null && current.equals(newest.identity)) {
                    ReportingOpener.closeQuietly(opened.channel()); // the path named the newest generation again by the open
                    return false;
                }
                boolean changed = false;
                if (newest != null) {
                    if (!newest.gone) {
                        newest.gone = true;
                        changed = true;
                        LOG.log(Level.INFO, tp.path + " was rotated; finishing the old file before reading the new one");
                    }
                    // Rotated more than once since we last looked (we lagged): read the middle files too.
                    List<OpenFile> skipped = skippedGenerations(tp, newest.identity, newest.fingerprint.print(),
                            current);
                    tp.chain.addAll(skipped);
                    changed |= !skipped.isEmpty();
                }
                if (opened != null) {
                    tp.chain.addLast(generation(tp, opened, 0));
                    changed = true;
                }
                return changed;
            }
        }
    }

    /** Read to its end for good: never taken again for a sibling rotated before we saw it. */
    void finished(FileIdentity identity) {
        finished.put(identity, Boolean.TRUE);
    }

    /**
     * A new file's earlier generations: siblings named {@code <name>.<suffix>} changed since this tailer started
     * and never read by it (the kubelet can rotate {@code 0.log} before we first read it), oldest first.
     */
    List<OpenFile> rotatedBeforeFirstRead(TailedPath tp, FileIdentity current, Set<FileIdentity> live) {
        List<OpenFile> out = new ArrayList<>();
        Set<FileIdentity> known = new HashSet<>(live);
        known.addAll(finished.keySet());
        long since = TimeUnit.MILLISECONDS.toNanos(startedMillis);
        for (Siblings.Sibling s : Siblings.rotatedNames(tp.file)) {
            FileIdentity id = s.stat().identity();
            if (s.stat().mtimeNanos() < since || known.contains(id) || id.equals(current)) {
                continue;
            }
            FileChannel ch = opener.openListed(tp.file, s, false);
            if (ch != null) {
                LOG.log(Level.INFO, tp.path + " was rotated before it was first read; reading " + s.path() + " first");
                out.add(OpenFile.gone(id, ch, tp.ledger.startGeneration(id, 0), 0, lineCap));
            }
        }
        return out;
    }

    /**
     * After a restart: the saved identity names a file renamed next to the path (0.log.20260101-120000, x.log.1),
     * or, when that file was compressed meanwhile (a new inode), the {@code .gz} whose first bytes are the saved
     * print: the rest of the generation is read from it (loki#5956).
     */
    OpenFile findRotated(TailedPath tp, TailPositions.ResumePoint saved) {
        Siblings.Sibling s = Siblings.withIdentity(tp.file, saved.identity());
        if (s == null) {
            return findCompressed(tp, saved);
        }
        FileChannel ch = opener.openListed(tp.file, s, false);
        if (ch == null) {
            return null;
        }
        long size = sizeOr(ch, 0);
        long start = saved.offset() <= size ? saved.offset() : 0;
        LOG.log(Level.INFO, tp.path + " was rotated while we were down; finishing " + s.path()
                + " from offset " + start + " first");
        return OpenFile.gone(saved.identity(), ch, tp.ledger.startGeneration(saved.identity(), start), start, lineCap);
    }

    private OpenFile findCompressed(TailedPath tp, TailPositions.ResumePoint saved) {
        Siblings.Sibling gz = Siblings.compressedWithPrint(tp.file, saved.print(), opener.opener());
        FileChannel ch = gz == null ? null : opener.openListed(tp.file, gz, true);
        if (ch == null) {
            return null;
        }
        long start = saved.offset();
        LOG.log(Level.INFO, tp.path + " was rotated and compressed while we were down; finishing " + gz.path()
                + " from offset " + start + " of its uncompressed bytes first");
        return OpenFile.gone(saved.identity(), ch, tp.ledger.startGeneration(saved.identity(), start), start, lineCap);
    }

    /**
     * Files rotated away after {@code rotated} and before the file now at the path: siblings named
     * {@code <name>.<suffix>} (kubelet's {@code 0.log.<timestamp>}, logrotate's {@code x.log.1}) that are not
     * compressed, not already known (in the chain, or finished: a copytruncate copy read to its end has a name like
     * a rotated generation and, on a file system with coarse timestamps, the same modification time as the
     * truncation), and modified no earlier than {@code rotated}, oldest first. Found only when
     * {@code rotated} itself is still next to the path, since its modification time orders the others, or when it
     * was compressed ({@code .gz} found by {@code rotatedPrint}): then see {@link #afterCompressed}.
     */
    List<OpenFile> skippedGenerations(TailedPath tp, FileIdentity rotated, ContentPrint rotatedPrint,
                                      FileIdentity current) {
        Set<FileIdentity> known = new HashSet<>(finished.keySet()); // e.g. a copytruncate copy already read
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
            return afterCompressed(tp, rotatedPrint, known, siblings);
        }
        List<OpenFile> out = new ArrayList<>();
        for (Siblings.Sibling s : siblings) {
            FileIdentity id = s.stat().identity();
            if (s.stat().mtimeNanos() < rotatedMtime || known.contains(id)) {
                continue;
            }
            FileChannel ch = opener.openListed(tp.file, s, false);
            if (ch != null) {
                LOG.log(Level.INFO, tp.path + " was rotated more than once while we lagged; also reading " + s.path());
                out.add(OpenFile.gone(id, ch, tp.ledger.startGeneration(id, 0), 0, lineCap));
            }
        }
        return out;
    }

    /**
     * The generations after {@code rotated} once it was compressed: the compressed ones modified no earlier than
     * its {@code .gz} (compression goes oldest first, so these are later generations, read whole from their
     * {@code .gz}), then every uncompressed sibling not known (compression leaves only newer ones uncompressed),
     * each oldest first. Nothing when its {@code .gz} is not found: then no time orders them.
     */
    private List<OpenFile> afterCompressed(TailedPath tp, ContentPrint rotatedPrint, Set<FileIdentity> known,
                                           List<Siblings.Sibling> uncompressed) {
        Siblings.Sibling anchor = Siblings.compressedWithPrint(tp.file, rotatedPrint, opener.opener());
        if (anchor == null) {
            return List.of();
        }
        List<OpenFile> out = new ArrayList<>();
        for (Siblings.Sibling s : Siblings.compressedNames(tp.file)) {
            FileIdentity id = s.stat().identity();
            if (s.path().equals(anchor.path()) || s.stat().mtimeNanos() < anchor.stat().mtimeNanos()
                    || known.contains(id)) {
                continue;
            }
            FileChannel ch = opener.openListed(tp.file, s, true);
            if (ch != null) {
                LOG.log(Level.INFO, tp.path + " was rotated and compressed more than once since we read it; also "
                        + "reading " + s.path());
                out.add(OpenFile.gone(id, ch, tp.ledger.startGeneration(id, 0), 0, lineCap));
            }
        }
        for (Siblings.Sibling s : uncompressed) {
            FileIdentity id = s.stat().identity();
            if (known.contains(id)) {
                continue;
            }
            FileChannel ch = opener.openListed(tp.file, s, false);
            if (ch != null) {
                LOG.log(Level.INFO, tp.path + " was rotated more than once since we read it; also reading " + s.path());
                out.add(OpenFile.gone(id, ch, tp.ledger.startGeneration(id, 0), 0, lineCap));
            }
        }
        return out;
    }

    /** The file at the path, as a new generation read from {@code start}; null when it cannot be opened. */
    OpenFile openGeneration(TailedPath tp, long start) {
        ReportingOpener.Opened opened = opener.openNamed(tp.path, tp.file);
        return opened == null ? null : generation(tp, opened, start);
    }

    private OpenFile generation(TailedPath tp, ReportingOpener.Opened opened, long start) {
        return new OpenFile(opened.identity(), opened.channel(), tp.ledger.startGeneration(opened.identity(), start),
                start, lineCap);
    }

    /**
     * The head generation was truncated in place (copytruncate) and perhaps written again. When its copy is next
     * to it ({@code heldCopy}, found while paused, or looked for now), the rest of the generation is read from the
     * copy, from the start of the line being read; then the file from 0. Without a copy, the file from 0.
     */
    void truncated(TailedPath tp, OpenFile head, Siblings.Sibling heldCopy, FileChannel heldChannel,
                   Set<FileIdentity> live) {
        Siblings.Sibling copy = heldCopy;
        FileChannel copyChannel = heldChannel;
        if (copy == null || copyChannel == null) {
            copy = Siblings.copyOf(tp.file, head.fingerprint, head.readPos, live, opener.opener());
            copyChannel = copy == null ? null : opener.openListed(tp.file, copy, false);
        }
        if (copy == null || copyChannel == null) {
            LOG.log(Level.INFO, tp.path + " was truncated (copytruncate) after " + head.readPos
                    + " bytes were read, and no copy of it is next to it; reading it again from the start");
            head.readTo(0);
            head.restarts++;
            head.lines.resetLine();
            head.fingerprint.reset();
            head.publishedFingerprint = null;
            head.acks.markTruncated();
            tp.readBytes.set(0);
            return;
        }
        boolean cut = head.lines.holdsCutLine();
        long from = cut ? head.readPos : head.readPos - head.lines.heldBytes();
        LOG.log(Level.INFO, tp.path + " was truncated (copytruncate); reading the rest of it from its copy "
                + copy.path() + " from offset " + from + ", then the file from the start");
        FileIdentity copyId = copy.stat().identity();
        OpenFile rest = OpenFile.gone(copyId, copyChannel, tp.ledger.startGeneration(copyId, from), from, lineCap);
        if (cut) {
            rest.lines.takeLineFrom(head.lines); // the long line being cut goes on in the copy
        }
        OpenFile again = openGeneration(tp, 0);
        tp.chain.removeFirst();
        head.closeQuietly();
        head.acks.finishReading();
        if (again != null) {
            tp.chain.addFirst(again);
        }
        tp.chain.addFirst(rest);
        tp.headChanged();
    }

    private static long sizeOr(FileChannel ch, long fallback) {
        try {
            return ch.size();
        } catch (java.io.IOException e) {
            return fallback;
        }
    }
}
