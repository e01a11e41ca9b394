package io.sleipnir.loki;

import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * The batches of one (client, tenant), as a pure value machine: entries in, sealed batches out, by size
 * ({@code batchsize}) or age ({@code batchwait}, read from the injected clock). No threads and no locks: the
 * owner guards it. Batches come out in the order their entries went in, which is what keeps a stream in order.
 *
 * <p>Batches are cut at {@code batchsize} of bytes, as Promtail cuts them, and also once they hold
 * {@code maxCharge} as the client's budget counts entries ({@link Batch#charge}; a quarter of the budget, so four
 * batches fit: one building, two waiting, one in flight). The second cut only comes first for entries that hold more
 * than their bytes (lines under 64 bytes, journal entries with their cursors): cut by bytes alone, such a batch
 * filled the whole budget by itself, and its source waited for {@code batchwait} to send it.
 *
 * <p>{@code max_streams} is Promtail's: a batch being built takes at most that many streams; an entry of a new stream
 * beyond it is refused ({@link Added#STREAM_LIMITED}) until the batch is sealed. The first entry of a batch is never
 * refused, including the one that seals the previous batch by size (Promtail's {@code newBatch} never fails either).
 */
final class Batcher {
    private static final System.Logger LOG = System.getLogger(Batcher.class.getName());
    /** What {@link #add} did. */
    enum Added {
        /** Appended to the batch being built. */
        APPENDED,
        /** Started a batch: it is due {@link #batchWait} from now. */
        STARTED,
        /** Sealed the batch being built by size (or budget), then started a batch with the entry. */
        SEALED_AND_STARTED,
        /** Refused: the batch already holds {@code max_streams} streams and this entry's is not one of them. */
        STREAM_LIMITED
    }

    private final String tenant;
    private final long batchSize;
    private final long maxCharge;
    private final Duration batchWait;
    private final int maxStreams;
    private final Clock clock;
    private final ClientStats stats;
    private final ArrayDeque<Batch> sealed = new ArrayDeque<>();
    private Batch building;
    private long sealedEntries;
    private long adds;
    /** The last sealed batch's streams and entries: the shape the next batch's stream lists start in ({@link Batch}). */
    private int lastStreams;
    private int lastEntriesPerStream;

    /**
     * @param maxCharge  what a batch may hold as the client's budget counts it
     * @param maxStreams streams per batch, 0 for no limit
     * @param stats      where cuts are counted
     */
    Batcher(String tenant, long batchSize, long maxCharge, Duration batchWait, int maxStreams, Clock clock,
            ClientStats stats) {
        this.tenant = tenant;
        this.batchSize = batchSize;
        this.maxCharge = maxCharge;
        this.batchWait = batchWait;
        this.maxStreams = maxStreams;
        this.clock = clock;
        this.stats = stats;
    }

    /**
     * Adds an entry to stream {@code stream}; {@code sizeBytes} is its {@link LogEntry#sizeBytes()}, {@code charge}
     * its {@link Batch#charge}.
     */
    Added add(Labels stream, LogEntry entry, int sizeBytes, int charge) {
        Added added = Added.APPENDED;
        if (building != null && building.wouldExceed(sizeBytes, batchSize)) {
            seal(CutReason.SIZE);
            added = Added.SEALED_AND_STARTED;
        } else if (building != null && building.wouldOvercharge(charge, maxCharge)) {
            seal(CutReason.BUDGET);
            added = Added.SEALED_AND_STARTED;
        } else if (building != null && maxStreams > 0 && building.streamCount() >= maxStreams
                && !building.hasStream(stream)) {
            return Added.STREAM_LIMITED;
        }
        if (building == null) {
            building = new Batch(tenant, clock.instant(), lastEntriesPerStream, lastStreams);
            if (added == Added.APPENDED) {
                added = Added.STARTED;
            }
        }
        building.add(stream, entry, sizeBytes, charge);
        adds++;
        return added;
    }

    /** Seals the batch being built if it has waited {@code batchwait}; true when it did. */
    boolean sealIfDue() {
        if (building == null || untilDue().compareTo(Duration.ZERO) > 0) {
            return false;
        }
        seal(CutReason.WAIT);
        return true;
    }

    /** How long until the batch being built is due (zero or negative: due now); null when none is being built. */
    Duration untilDue() {
        return building == null ? null : batchWait.minus(Duration.between(building.createdAt(), clock.instant()));
    }

    /** Seals the batch being built, if any, for {@code reason} (the client is closing). */
    void sealNow(CutReason reason) {
        if (building != null) {
            seal(reason);
        }
    }

    /** The oldest sealed batch, removed; null when none is sealed. */
    Batch poll() {
        Batch b = sealed.pollFirst();
        if (b != null) {
            sealedEntries -= b.entryCount();
        }
        return b;
    }

    /** True when nothing is being built or sealed. */
    boolean isEmpty() {
        return building == null && sealed.isEmpty();
    }

    /** Entries held: sealed and being built. */
    long entryCount() {
        return sealedEntries + (building == null ? 0 : building.entryCount());
    }

    /** How many entries were ever added; an unchanged count means no entry came in between two looks. */
    long adds() {
        return adds;
    }

    String tenant() {
        return tenant;
    }

    private void seal(CutReason reason) {
        Batch b = building;
        building = null;
        b.cut(reason);
        stats.cut(reason);
        LOG.log(Level.DEBUG, () -> "batch cut by " + reason + " for tenant '" + tenant + "': " + b.entryCount()
                + " entries, " + b.bytes() + " bytes");
        sealed.addLast(b);
        sealedEntries += b.entryCount();
        lastStreams = b.streamCount();
        lastEntriesPerStream = b.entryCount() / Math.max(1, lastStreams);
    }
}
