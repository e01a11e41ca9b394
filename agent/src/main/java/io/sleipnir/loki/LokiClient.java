package io.sleipnir.loki;

import io.sleipnir.config.ClientConfig;
import io.sleipnir.golang.GoDuration;
import io.sleipnir.config.LimitsConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.metrics.DropReason;
import io.sleipnir.model.EntrySink;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.model.Utf8;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One configured Loki client. {@link #accept} applies external labels, picks the tenant (reserved label
 * {@code __tenant_id__}, else the client's {@code tenant_id}), enforces {@code max_line_size} (the one place that
 * counts {@code line_too_long}, as Promtail's client does), takes the entry's bytes from the client's budget and hands
 * it to that tenant's batch. One thread per client sends every tenant's batches ({@link SendLoop}); a tenant has one
 * batch in flight at a time. The client holds at most {@code maxBufferedBytes} of entries (building, waiting and in
 * flight; each entry counted as {@link Batch#charge}: its bytes, at least {@link Batch#MIN_ENTRY_CHARGE}, and what its
 * delivery token holds), and each tenant at most half of
 * it ({@link ByteBudget}): an entry whose source can pause (a tailed file)
 * is taken over that share and its file paused until the tenant has sent half of it, so a tenant Loki rate-limits or
 * that is down pauses only the files that feed it; an entry whose source cannot pause blocks {@code accept} while the
 * client's bound is full, which pauses its reader.
 *
 * <p>Every entry's delivery is completed exactly once, when its batch is finally answered (2xx, or a final
 * rejection counted as dropped) or when a limit drops it ({@code max_line_size}, {@code max_streams},
 * {@code max_tenants}); never before. A Loki outage of any length loses nothing: past {@code max_retries} the client
 * keeps retrying every {@code max_period}, and while it waits it probes with the oldest entry alone every 1 to 2 s, so
 * Loki's return is found within seconds (see {@link TenantSender}).
 */
public final class LokiClient implements EntrySink {
    private static final System.Logger LOG = System.getLogger(LokiClient.class.getName());
    public static final String TENANT_LABEL = "__tenant_id__";
    /**
     * Routes remembered per label set; past this the cache is emptied and refills. Kept rather than an LRU: every
     * reader thread reads it per entry, and an access-ordered map would need a lock and a write on each hit; a miss
     * costs one label merge, so a churn of label sets past 16k costs what no cache would, and memory stays bounded.
     */
    private static final int ROUTE_CACHE_LIMIT = 16_384;

    private final ClientSettings settings;
    private final String defaultTenant;
    private final Labels externalLabels;
    private final long maxLineSize;
    private final boolean truncateLongLines;
    private final SenderLimits limits;
    private final PushSender sender;
    private final AgentMetrics metrics;
    private final ByteBudget budget;
    private final ClientStats stats = new ClientStats();
    private final SendLoop loop;
    private final LimitLog tenantLimitLog;
    private final LimitLog streamLimitLog;
    private final ConcurrentHashMap<Labels, Route> routes = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private boolean senderClosed;

    /** Where an entry with given labels goes: its tenant and the stream labels sent to Loki. */
    private record Route(String tenant, Labels stream) {
    }

    /**
     * @param sender           the transport; the client closes it when it is closed
     * @param maxBufferedBytes the memory bound across all tenants (see {@link #defaultMaxBufferedBytes})
     */
    public LokiClient(ClientConfig config, LimitsConfig limits, PushSender sender, AgentMetrics metrics, Clock clock,
            long maxBufferedBytes) {
        this(config, limits, SenderLimits.of(limits), sender, metrics, clock, maxBufferedBytes);
    }

    LokiClient(ClientConfig config, LimitsConfig limits, SenderLimits senderLimits, PushSender sender,
            AgentMetrics metrics, Clock clock, long maxBufferedBytes) {
        this.settings = ClientSettings.of(config);
        this.defaultTenant = config.tenantId() == null ? "" : config.tenantId();
        this.externalLabels = Labels.of(config.externalLabels());
        this.maxLineSize = limits == null ? 0 : limits.maxLineSize();
        this.truncateLongLines = limits != null && limits.maxLineSizeTruncate();
        this.limits = senderLimits;
        this.sender = sender;
        this.metrics = metrics;
        this.budget = new ByteBudget(maxBufferedBytes);
        this.tenantLimitLog = new LimitLog(clock);
        this.streamLimitLog = new LimitLog(clock);
        metrics.initClient(settings.host(), defaultTenant);
        metrics.clientTenants.labels(settings.host());
        this.loop = new SendLoop(settings, senderLimits, sender, metrics, clock, budget, stats);
        loop.start();
    }

    /** Four batches' worth: one building, two waiting, one in flight. */
    public static long defaultMaxBufferedBytes(ClientConfig config) {
        long batch = config.batchSize() > 0 ? config.batchSize() : ClientConfig.DEFAULT_BATCH_SIZE;
        return 4 * batch;
    }

    /** The {@code host} label of this client's metrics. */
    public String host() {
        return settings.host();
    }

    @Override
    public void accept(LogEntry entry) throws InterruptedException {
        if (closing) {
            throw new IllegalStateException("client " + settings.name() + " is closed");
        }
        Route route = route(entry.labels());
        if (route.stream().isEmpty()) {
            // Loki rejects a stream without labels (400); dropping here keeps the rest of the batch countable.
            LOG.log(Level.WARNING, "dropping an entry with no labels (tenant '" + route.tenant()
                    + "'): Loki needs at least one label per stream");
            countDrop(route.tenant(), DropReason.INGESTER_ERROR, entry.sizeBytes());
            entry.delivery().complete();
            return;
        }
        if (maxLineSize > 0) {
            int lineBytes = entry.utf8Length();
            if (lineBytes > maxLineSize) {
                if (!truncateLongLines) {
                    countDrop(route.tenant(), DropReason.LINE_TOO_LONG, entry.sizeBytes());
                    entry.delivery().complete();
                    return;
                }
                String truncated = truncateUtf8(entry.line(), (int) Math.min(maxLineSize, Integer.MAX_VALUE));
                metrics.mutatedEntries.labels(settings.host(), route.tenant(), DropReason.LINE_TOO_LONG.label()).inc();
                metrics.mutatedBytes.labels(settings.host(), route.tenant(), DropReason.LINE_TOO_LONG.label())
                        .inc(lineBytes - Utf8.length(truncated));
                entry = entry.withLine(truncated);
            }
        }
        int size = entry.sizeBytes();
        int charge = Batch.charge(entry, size);
        SendLoop.Admission admission;
        RuntimeException closedMeanwhile = null;
        // One lock for the entry's bytes and its batch: the budget and the loop share it.
        ReentrantLock lock = budget.lock();
        lock.lockInterruptibly();
        try {
            budget.acquireHeld(route.tenant(), charge, entry.delivery());
            try {
                admission = loop.add(route.tenant(), route.stream(), entry, size, charge);
            } catch (RuntimeException e) {
                admission = null;
                closedMeanwhile = e;
            }
        } finally {
            lock.unlock();
        }
        if (closedMeanwhile != null) {
            budget.release(route.tenant(), charge); // outside the lock: it may resume paused files
            throw closedMeanwhile;
        }
        if (admission != SendLoop.Admission.ACCEPTED) {
            budget.release(route.tenant(), charge);
            refused(admission, route, entry, size);
        }
    }

    private void refused(SendLoop.Admission admission, Route route, LogEntry entry, int size) {
        if (admission == SendLoop.Admission.TENANT_LIMITED) {
            countDrop("", DropReason.TENANT_LIMITED, size);
            tenantLimitLog.report(() -> "client " + settings.name() + " has " + limits.maxTenants()
                    + " tenants open (limits_config.max_tenants); dropping the entries of new tenant \""
                    + route.tenant() + "\" and of any other until a tenant has been idle for "
                    + GoDuration.format(limits.idleTenantAfter())
                    + ", counted in promtail_dropped_entries_total{reason=\"tenant_limited\"}");
        } else {
            countDrop(route.tenant(), DropReason.STREAM_LIMITED, size);
            streamLimitLog.report(() -> "client " + settings.name() + (route.tenant().isEmpty() ? "" : ", tenant \""
                    + route.tenant() + "\"") + ": the batch being built holds max_streams (" + limits.maxStreams()
                    + ") streams; dropping the entries of new stream " + route.stream().toLokiString()
                    + " until it is sent, counted in promtail_dropped_entries_total{reason=\"stream_limited\"}");
        }
        entry.delivery().complete();
    }

    /**
     * Seals every building batch and sends what is held (with retries) until {@code timeout}; then stops.
     * Entries not answered by then are not completed. Returns true when everything was answered.
     */
    public boolean close(Duration timeout) throws InterruptedException {
        closing = true;
        loop.drain();
        boolean clean = loop.awaitTermination(timeout.toNanos());
        if (!clean) {
            LOG.log(Level.WARNING, "client " + settings.name() + " closed after " + GoDuration.format(timeout)
                    + " with entries unsent; they stay unacknowledged and will be read again");
            loop.stop();
        }
        finishClose();
        return clean;
    }

    /** Stops at once without sending or completing anything still held. */
    public void closeNow() {
        closing = true;
        loop.stop();
        finishClose();
    }

    /** How many batches were cut for {@code reason} (debugging and tests; Promtail has no such metric). */
    public long batchesCut(CutReason reason) {
        return stats.cuts(reason);
    }

    /**
     * The longest ongoing push failure among this client's tenants (since when, and the last cause), or null when
     * no tenant is failing.
     */
    public PushTrouble trouble() {
        PushTrouble oldest = null;
        for (TenantSender t : loop.tenants()) {
            PushTrouble p = t.trouble();
            if (p != null && (oldest == null || p.since().isBefore(oldest.since()))) {
                oldest = p;
            }
        }
        return oldest;
    }

    /** A read-only view for the status page: bytes held against the budget, open tenants. */
    public ClientStatus status() {
        return new ClientStatus(settings.name(), settings.host(), budget.used(), budget.capacity(),
                loop.tenants().stream().map(TenantSender::tenant).toList());
    }

    /** Bytes of entries currently held against the memory bound. */
    public long bufferedBytes() {
        return budget.used();
    }

    private void finishClose() {
        budget.close();
        synchronized (this) {
            if (senderClosed) {
                return;
            }
            senderClosed = true;
        }
        sender.close();
    }

    private Route route(Labels labels) {
        Route r = routes.get(labels);
        if (r == null) {
            // Promtail merges external labels under the entry's own: the entry wins on a clash.
            Labels merged = externalLabels.merge(labels);
            String tenant = merged.get(TENANT_LABEL);
            r = new Route(tenant == null || tenant.isEmpty() ? defaultTenant : tenant, merged.withoutInternal());
            if (routes.size() >= ROUTE_CACHE_LIMIT) {
                routes.clear();
            }
            routes.put(labels, r);
        }
        return r;
    }

    private void countDrop(String tenant, DropReason reason, long bytes) {
        metrics.droppedEntries.labels(settings.host(), tenant, reason.label()).inc();
        metrics.droppedBytes.labels(settings.host(), tenant, reason.label()).inc(bytes);
    }

    /** The longest prefix of {@code line} whose UTF-8 form fits {@code maxBytes}, never splitting a character. */
    static String truncateUtf8(String line, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < line.length()) {
            int cp = line.codePointAt(i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + len > maxBytes) {
                break;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        return line.substring(0, i);
    }

}
