package io.sleipnir.loki;

import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.model.TimestampFence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of one (client, tenant) waiting to be pushed together, grouped by stream in first-seen order.
 * Size is counted as Promtail counts it ({@link LogEntry#sizeBytes()}: line plus structured metadata, labels
 * not counted); against the client's budget each entry counts {@link #charge}: at least {@link #MIN_ENTRY_CHARGE},
 * plus what its delivery token holds. Not thread-safe: the owner guards it.
 */
public final class Batch {
    /**
     * The least an entry counts against the client's budget, whatever its bytes (batches are cut by bytes, as
     * Promtail cuts them, and at a quarter of the budget as it counts: {@link Batcher}). An entry is about 100 bytes
     * of objects besides its line: counted by its bytes alone, a file of empty lines cost nothing, nothing ever
     * waited, and 3 MB of them ran a 32 MiB heap out of memory.
     */
    static final int MIN_ENTRY_CHARGE = 64;

    private final String tenant;
    private final Instant createdAt;
    private final LinkedHashMap<Labels, List<LogEntry>> streams = new LinkedHashMap<>();
    /** The stream last added to and its entries: a reader hands over a file's lines in runs. */
    private Labels lastStream;
    private List<LogEntry> lastEntries;
    private long bytes;
    /** What the entries count against the client's budget: {@link #charge} of each one's size. */
    private long charged;
    private int entryCount;
    private CutReason cutReason;
    /** True once pushed: a retry encodes the same entries again, but Promtail counts a batch's bytes once. */
    private boolean pushedBefore;
    /** The newest read-time anchor fence of the entries, or null: the batch waits for it before its push. */
    private TimestampFence fence;

    /** The first {@link #presizedStreams} streams' lists start with room for this many entries (see below). */
    private final int entriesPerStream;
    private int presizedStreams;

    public Batch(String tenant, Instant createdAt) {
        this(tenant, createdAt, 0, 0);
    }

    /**
     * A batch shaped like the one before it, which held {@code streams} streams of about {@code entriesPerStream}
     * entries each: the lists of its first {@code streams} streams start that large instead of growing to it, which
     * copied and dropped 16 bytes a line. Only that many, so a batch of many small streams after one of a few large
     * ones reserves no more than the one before held.
     */
    Batch(String tenant, Instant createdAt, int entriesPerStream, int streams) {
        this.tenant = tenant;
        this.createdAt = createdAt;
        this.entriesPerStream = entriesPerStream;
        this.presizedStreams = streams;
    }

    /**
     * Adds an entry to the stream {@code streamLabels} (labels as sent: no internal {@code __} labels).
     * {@code sizeBytes} is the entry's {@link LogEntry#sizeBytes()}, passed in so it is computed once.
     */
    public void add(Labels streamLabels, LogEntry entry, int sizeBytes) {
        add(streamLabels, entry, sizeBytes, charge(entry, sizeBytes));
    }

    /** As {@link #add(Labels, LogEntry, int)}, with the entry's {@link #charge}, computed once by the client. */
    void add(Labels streamLabels, LogEntry entry, int sizeBytes, int charge) {
        if (streamLabels != lastStream) {
            List<LogEntry> entries = streams.get(streamLabels);
            if (entries == null) {
                entries = presizedStreams > 0 && entriesPerStream > 10 ? new ArrayList<>(entriesPerStream)
                        : new ArrayList<>();
                presizedStreams--;
                streams.put(streamLabels, entries);
            }
            lastEntries = entries;
            lastStream = streamLabels;
        }
        lastEntries.add(entry);
        bytes += sizeBytes;
        charged += charge;
        entryCount++;
        TimestampFence f = entry.delivery().timestampFence(entry.timestampNanos());
        if (f != null && f != fence && (fence == null || f.sequence() > fence.sequence())) {
            fence = f;
            f.needed(); // once per anchor and batch: the write it waits for is asked for now
        }
    }

    /** The newest anchor fence of the entries (null: none); the push waits until it is settled, bounded. */
    public TimestampFence timestampFence() {
        return fence;
    }

    /**
     * What an entry of {@code sizeBytes} counts against the client's budget: its bytes, at least
     * {@link #MIN_ENTRY_CHARGE}, and what its delivery token holds ({@link io.sleipnir.model.Delivery#heldBytes}: a
     * journal cursor, which outweighs a short message several times).
     */
    static int charge(LogEntry entry, int sizeBytes) {
        return Math.max(sizeBytes, MIN_ENTRY_CHARGE) + entry.delivery().heldBytes();
    }

    /** True when adding an entry of {@code sizeBytes} would exceed {@code batchSize} (an empty batch takes anything). */
    public boolean wouldExceed(int sizeBytes, long batchSize) {
        return entryCount > 0 && bytes + sizeBytes > batchSize;
    }

    /** True when adding an entry of {@code charge} would take the batch's {@link #charged} past {@code maxCharge}. */
    boolean wouldOvercharge(int charge, long maxCharge) {
        return entryCount > 0 && charged + charge > maxCharge;
    }

    public String tenant() {
        return tenant;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Map<Labels, List<LogEntry>> streams() {
        return streams;
    }

    public long bytes() {
        return bytes;
    }

    /** What the entries count against the client's budget (see {@link #MIN_ENTRY_CHARGE}); given back when answered. */
    long charged() {
        return charged;
    }

    public int entryCount() {
        return entryCount;
    }

    public boolean isEmpty() {
        return entryCount == 0;
    }

    /** How many streams the batch holds. */
    public int streamCount() {
        return streams.size();
    }

    /** True when the batch holds an entry of {@code streamLabels}. */
    public boolean hasStream(Labels streamLabels) {
        return streams.containsKey(streamLabels);
    }

    public CutReason cutReason() {
        return cutReason;
    }

    void cut(CutReason reason) {
        this.cutReason = reason;
    }

    /** True on the first call only: the batch's first push, whose encoded bytes count. */
    boolean firstPush() {
        boolean first = !pushedBefore;
        pushedBefore = true;
        return first;
    }

    /**
     * Splits into two halves by entry count, keeping each stream's entries in order and the first half's
     * entries ahead of the second's (so sending them in turn keeps the order invariant). Needs two entries.
     */
    public Batch[] splitInHalves() {
        if (entryCount < 2) {
            throw new IllegalStateException("a batch of " + entryCount + " entries cannot be split");
        }
        int firstCount = entryCount / 2;
        Batch first = new Batch(tenant, createdAt);
        Batch second = new Batch(tenant, createdAt);
        int seen = 0;
        for (Map.Entry<Labels, List<LogEntry>> stream : streams.entrySet()) {
            for (LogEntry e : stream.getValue()) {
                (seen++ < firstCount ? first : second).add(stream.getKey(), e, e.sizeBytes());
            }
        }
        first.cut(cutReason);
        second.cut(cutReason);
        return new Batch[] {first, second};
    }

    /**
     * Splits off the first entry (of the first stream) as a batch of its own, for a probe push; the rest keeps every
     * other entry in order. Needs one entry; the rest may be empty.
     */
    public Batch[] splitFirst() {
        if (entryCount < 1) {
            throw new IllegalStateException("an empty batch has no first entry");
        }
        Batch first = new Batch(tenant, createdAt);
        Batch rest = new Batch(tenant, createdAt);
        for (Map.Entry<Labels, List<LogEntry>> stream : streams.entrySet()) {
            for (LogEntry e : stream.getValue()) {
                (first.isEmpty() ? first : rest).add(stream.getKey(), e, e.sizeBytes());
            }
        }
        first.cut(cutReason);
        rest.cut(cutReason);
        return new Batch[] {first, rest};
    }

    /** Every entry in stream order; used to acknowledge or count the batch. */
    public void forEachEntry(java.util.function.Consumer<LogEntry> action) {
        for (List<LogEntry> entries : streams.values()) {
            entries.forEach(action);
        }
    }
}
