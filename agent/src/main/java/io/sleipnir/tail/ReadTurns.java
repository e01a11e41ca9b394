package io.sleipnir.tail;

import io.sleipnir.model.IoErrors;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.util.function.BooleanSupplier;

/**
 * The reader's round-robin: each path whose read timer is due ({@link PollTimers}) reads at most one quantum from
 * its head generation, which its {@link LineSplitter} cuts into lines for the {@link LineEmitter}. A head whose
 * first bytes changed was written again from the start (copytruncate): {@link RotationTracker#truncated}. So is a
 * truncation the paused-watch thread saw. Reader thread only.
 */
final class ReadTurns {
    private static final System.Logger LOG = System.getLogger(TailManager.class.getName());

    private final TailedPaths paths;
    private final RotationTracker rotations;
    private final LineEmitter emitter;
    private final BooleanSupplier running;
    private final ByteBuffer readBuffer;
    private final ByteBuffer fingerprintScratch = ByteBuffer.allocate(Fingerprint.MAX);

    ReadTurns(TailedPaths paths, RotationTracker rotations, LineEmitter emitter, BooleanSupplier running,
              int quantumBytes) {
        this.paths = paths;
        this.rotations = rotations;
        this.emitter = emitter;
        this.running = running;
        this.readBuffer = ByteBuffer.allocate(quantumBytes);
    }

    /** One round-robin turn: every path with a readable generation reads at most one quantum. */
    boolean round(long now) throws InterruptedException {
        boolean progress = false;
        for (TailedPath tp : paths.all()) {
            if (!running.getAsBoolean()) {
                throw new InterruptedException();
            }
            progress |= turn(tp, now);
        }
        return progress;
    }

    private boolean turn(TailedPath tp, long now) throws InterruptedException {
        PausedWatch.TruncationSeen seen = tp.paused.takeTruncation();
        if (seen != null) {
            if (seen.stillAbout(tp.head()) && !tp.released()) {
                rotations.truncated(tp, seen.head(), seen.copy(), seen.channel(), paths.liveIdentities());
                return true;
            }
            seen.closeQuietly();
        }
        if (tp.pause.paused()) {
            return false; // a Loki tenant it feeds is at its budget share: the other files go on (FilePause)
        }
        OpenFile f = tp.head();
        // Many idle files cost little: one at EOF is read again only when its read timer says so.
        if (f == null || !tp.timers.readDue(f.atEof, now)) {
            return false;
        }
        tp.timers.reading();
        readBuffer.clear();
        int n;
        try {
            n = f.channel.read(readBuffer, f.readPos);
            if (n > 0 && !f.gone && !f.fingerprint.matches(f.channel, fingerprintScratch)) {
                // Written again from the start: what we just read is the new generation's.
                rotations.truncated(tp, f, null, null, paths.liveIdentities());
                return true;
            }
        } catch (ClosedByInterruptException e) {
            throw new InterruptedException();
        } catch (IOException e) {
            if (tp.warnings.firstReadError()) {
                LOG.log(Level.WARNING, "cannot read " + tp.path + ": " + IoErrors.describe(e) + "; retrying");
            }
            f.atEof = true;
            tp.timers.readFailed(now);
            return false;
        }
        if (n <= 0) {
            f.atEof = true;
            tp.timers.readNothing();
            return false;
        }
        tp.warnings.readWorked();
        tp.timers.readData(now);
        f.atEof = false;
        f.idleEofSinceMillis = null;
        byte[] a = readBuffer.array();
        long base = f.readPos;
        if (f.fingerprint.record(a, base, n)) {
            f.publishedFingerprint = f.fingerprint.copy();
            f.acks.printed(f.fingerprint.print());
        }
        // Fewer than n taken when the path was paused part way: the rest is read again when it resumes.
        int taken = f.lines.split(a, n, base, emitter.reading(tp, f.acks));
        f.readTo(base + taken);
        tp.readBytes.set(f.readPos);
        tp.lines.report();
        return true;
    }
}
