package io.sleipnir.loki;

import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.metrics.DropReason;
import io.sleipnir.model.CompletionRun;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * The delivery of one (client, tenant)'s batches: one batch in flight at a time, retried until answered, so a
 * stream's batches never overtake each other and a failing tenant only delays itself. It has no thread: its
 * client's {@link SendLoop} drives it with answers and timers, and every method but {@link #batcher()} and
 * {@link #trouble()} runs on that loop's thread.
 *
 * <p>While Loki is down (connection errors, 5xx without Retry-After) the backoff grows to {@code max_period}, 5
 * minutes by default. So that Loki's return is noticed within seconds, a wait longer than {@link #PROBE_PERIOD} is
 * spent probing: every 1 to 2 seconds the batch's oldest entry alone is pushed (a few hundred bytes). Once Loki
 * accepts it, that entry is done and the rest of the batch goes at once. A Loki that is still down sees at most one
 * such small push per 1 to 2 seconds per client and tenant. When the rest then fails anyway (a Loki that takes small
 * pushes only), the next wait is a plain backoff without probes.
 */
final class TenantSender {
    private static final System.Logger LOG = System.getLogger(TenantSender.class.getName());
    /**
     * How long a batch waits at most for the positions file to hold the read-time anchors of its entries
     * ({@link io.sleipnir.model.TimestampFence}); then it goes anyway and {@code sleipnir_push_timestamps_not_saved_total}
     * counts it. The writer writes a new anchor within about 100 ms, so this is only reached when writing is slow.
     */
    static final Duration TIMESTAMP_WAIT = Duration.ofSeconds(2);
    /** While backing off longer than this, probe every half to whole of it. */
    static final Duration PROBE_PERIOD = Duration.ofSeconds(2);

    private final String tenant;
    private final ClientSettings settings;
    private final AgentMetrics metrics;
    private final ByteBudget budget;
    private final SendLoop loop;
    private final Batcher batcher;
    private final Backoff backoff;
    private final SplittableRandom random = new SplittableRandom();
    private final TroubleLog trouble;
    /** Halves of a batch Loki found too large (413), sent before anything newer. */
    private final ArrayDeque<Batch> halves = new ArrayDeque<>();
    /** Completes a batch's entries: a file's committed offset moves once per batch, not once per line. */
    private final CompletionRun completions = new CompletionRun();
    private boolean credentialsRefusedLogged;

    /** The batch being delivered (what is left of it), or null. */
    private Batch current;
    /** True while {@link #current} waits for its timestamps' anchors to be written, until {@link #holdDeadline}. */
    private boolean held;
    private long holdDeadline;
    private boolean awaiting;
    private int retry;
    private boolean giveUpLogged;
    private boolean probeNextWait;
    /** True while the wait is spent probing, until {@link #probeDeadline} (System.nanoTime), the end of the backoff. */
    private boolean probing;
    private long probeDeadline;
    private long dueNanos;
    /** Since when the tenant has held nothing ({@link #idle}), and the batcher's add count then. */
    private boolean idle;
    private long idleSince;
    private long addsWhenIdle;

    TenantSender(String tenant, ClientSettings settings, Batcher batcher, SendLoop loop, AgentMetrics metrics,
            ByteBudget budget, Clock clock) {
        this.tenant = tenant;
        this.settings = settings;
        this.batcher = batcher;
        this.loop = loop;
        this.metrics = metrics;
        this.budget = budget;
        this.backoff = new Backoff(settings.backoff(), new SplittableRandom());
        this.trouble = new TroubleLog(settings.redactedUrl(), tenant, clock);
        metrics.initClient(settings.host(), tenant);
    }

    /** The tenant's batches; guarded by its loop's lock. */
    Batcher batcher() {
        return batcher;
    }

    String tenant() {
        return tenant;
    }

    /** The ongoing push failure of this tenant, or null; any thread. */
    PushTrouble trouble() {
        return trouble.trouble();
    }

    /** True while a batch is being delivered. */
    boolean busy() {
        return current != null;
    }

    boolean hasHalves() {
        return !halves.isEmpty();
    }

    /** A 413's halves to send before the batcher's next batch, or null. */
    Batch nextHalf() {
        return halves.pollFirst();
    }

    /**
     * Starts delivering {@code batch}: pushes it now, or, when the read-time anchors of its entries are not yet in
     * the positions file, once they are (at most {@link #TIMESTAMP_WAIT} from now). Pushing first would let a crash
     * re-send these lines with other timestamps. The reader is never held: only this tenant's next push waits.
     */
    void start(Batch batch, long nowNanos) {
        current = batch;
        retry = 0;
        giveUpLogged = false;
        probeNextWait = true;
        probing = false;
        idle = false;
        io.sleipnir.model.TimestampFence fence = batch.timestampFence();
        if (fence != null && !fence.settled()) {
            held = true;
            metrics.timestampWaits.labels(settings.host(), tenant).inc();
            holdDeadline = nowNanos + TIMESTAMP_WAIT.toNanos();
            fence.whenSettled(() -> loop.schedule(this, System.nanoTime()));
            loop.schedule(this, holdDeadline);
            return;
        }
        pushFirst();
    }

    /** The first push of {@link #current}; counted when its anchors are not on disk. */
    private void pushFirst() {
        io.sleipnir.model.TimestampFence fence = current.timestampFence();
        if (fence != null && !fence.durable()) {
            metrics.timestampsNotSaved.labels(settings.host(), tenant).inc();
        }
        pushWhole();
    }

    /** Loki answered {@code push} (or the transport failed it). */
    void answered(SendLoop.Push push, PushResponse response, long nowNanos) {
        awaiting = false;
        Outcome outcome = settings.retryPolicy().classify(response);
        if (push.probe()) {
            if (outcome == Outcome.RETRY) {
                trouble.failed(response, PROBE_PERIOD, waitingEntries(), current.createdAt());
                scheduleProbe(nowNanos);
                return;
            }
            finish(push.batch(), response, outcome);
            if (push.rest().isEmpty()) {
                current = null;
                return;
            }
            // a probe got through: the rest goes at once, and if it fails the next wait has no probes
            current = push.rest();
            probeNextWait = false;
            probing = false;
            pushWhole();
            return;
        }
        if (outcome != Outcome.RETRY) {
            Batch done = current;
            current = null;
            finish(done, response, outcome);
            return;
        }
        retry++;
        metrics.batchRetries.labels(settings.host(), tenant).inc();
        Duration delay = backoff.delay(retry, response.retryAfter());
        boolean probe = delay.compareTo(PROBE_PERIOD) > 0 && probes(response, probeNextWait);
        trouble.failed(response, probe ? PROBE_PERIOD : delay, waitingEntries(), current.createdAt());
        if (backoff.exhausted(retry) && !giveUpLogged) {
            giveUpLogged = true;
            LOG.log(Level.ERROR, "push to " + settings.redactedUrl() + " still failing after "
                    + settings.backoff().maxRetries() + " retries (last: " + TroubleLog.cause(response)
                    + "); Promtail would now drop " + TroubleLog.entries(current.entryCount()) + tenantText()
                    + "; Sleipnir keeps them and retries every " + TroubleLog.go(settings.backoff().maxPeriod()));
        }
        if (probe) {
            probing = true;
            probeDeadline = nowNanos + delay.toNanos();
            scheduleProbe(nowNanos);
        } else {
            probeNextWait = true;
            probing = false;
            dueNanos = nowNanos + delay.toNanos();
            loop.schedule(this, dueNanos);
        }
    }

    /** A timer fired: pushes again if the wait is over. */
    void timer(long nowNanos) {
        if (held) {
            if (current.timestampFence().settled() || nowNanos - holdDeadline >= 0) {
                held = false;
                pushFirst();
            }
            return;
        }
        if (current == null || awaiting || nowNanos - dueNanos < 0) {
            return;
        }
        if (!probing) {
            pushWhole();
        } else if (nowNanos - probeDeadline >= 0) {
            probing = false;
            probeNextWait = true;
            pushWhole();
        } else {
            Batch[] parts = current.splitFirst();
            awaiting = true;
            loop.push(this, parts[0], parts[1], true);
        }
    }

    /**
     * Called when the tenant holds nothing: true once it has held nothing and taken no entry for {@code idleNanos}
     * (the loop then closes it); otherwise starts or keeps the idle clock.
     */
    boolean idleFor(long nowNanos, long idleNanos) {
        long adds = batcher.adds();
        if (!idle || adds != addsWhenIdle) {
            idle = true;
            idleSince = nowNanos;
            addsWhenIdle = adds;
            loop.schedule(this, nowNanos + idleNanos);
            return false;
        }
        return nowNanos - idleSince >= idleNanos;
    }

    private void pushWhole() {
        awaiting = true;
        loop.push(this, current, null, false);
    }

    private void scheduleProbe(long nowNanos) {
        long half = PROBE_PERIOD.toNanos() / 2;
        long wait = Math.min(half + random.nextLong(half + 1), probeDeadline - nowNanos);
        dueNanos = nowNanos + Math.max(0, wait);
        loop.schedule(this, dueNanos);
    }

    /** Probing is for an unreachable or failing Loki; a 429 or a Retry-After asks for patience instead. */
    private static boolean probes(PushResponse response, boolean allowed) {
        return allowed && response.retryAfter() == null
                && (response.isConnectionError() || response.status() >= 500);
    }

    /** A final answer for {@code batch}: delivered, dropped, rejected, or split into halves sent next. */
    private void finish(Batch batch, PushResponse response, Outcome outcome) {
        trouble.answered();
        switch (outcome) {
            case DELIVERED -> {
                if (response.status() != 204 && response.status() != 200) {
                    LOG.log(Level.WARNING, "loki answered " + response.status() + " for " + batch.entryCount()
                            + " entries" + tenantText() + " (accepted but possibly discarded by the server): "
                            + response.body());
                }
                complete(batch);
            }
            case DROP_RATE_LIMITED -> {
                LOG.log(Level.WARNING, "dropping " + batch.entryCount() + " rate-limited entries" + tenantText()
                        + " (drop_rate_limited_batches): " + TroubleLog.cause(response));
                drop(batch, DropReason.RATE_LIMITED);
            }
            case REJECTED -> {
                logRejection(batch, response);
                drop(batch, DropReason.INGESTER_ERROR);
            }
            case SPLIT -> {
                if (batch.entryCount() == 1) {
                    LOG.log(Level.WARNING, "dropping a single entry of " + batch.bytes() + " bytes" + tenantText()
                            + ": loki answered 413 (request too large)");
                    drop(batch, DropReason.INGESTER_ERROR);
                } else {
                    LOG.log(Level.INFO, "loki answered 413 for " + batch.entryCount() + " entries; splitting");
                    Batch[] parts = batch.splitInHalves();
                    halves.addFirst(parts[1]);
                    halves.addFirst(parts[0]);
                }
            }
            default -> throw new IllegalStateException("not a final outcome: " + outcome);
        }
    }

    /** Entries this tenant holds: the batch being sent, halves, and those sealed or being built behind it. */
    private long waitingEntries() {
        long n = current.entryCount();
        for (Batch b : halves) {
            n += b.entryCount();
        }
        return n + loop.heldEntries(this);
    }

    private String tenantText() {
        return tenant.isEmpty() ? "" : " of tenant \"" + tenant + "\"";
    }

    private void logRejection(Batch batch, PushResponse response) {
        String what = "loki rejected " + TroubleLog.entries(batch.entryCount()) + tenantText() + " with "
                + TroubleLog.cause(response) + " (dropped, not retried";
        int status = response.status();
        if (status == 401 || status == 403) {
            String message = "loki at " + settings.redactedUrl() + " refused the credentials (" + status + " "
                    + (status == 401 ? "Unauthorized" : "Forbidden") + "); credentials from: "
                    + settings.credentials().description() + ". " + TroubleLog.entries(batch.entryCount())
                    + tenantText() + " dropped, as Promtail drops them; Loki said: " + TroubleLog.cause(response);
            if (credentialsRefusedLogged) {
                LOG.log(Level.DEBUG, message);
            } else {
                credentialsRefusedLogged = true;
                LOG.log(Level.ERROR, message + " (said once; later refusals are logged at debug)");
            }
        } else if (status == 400) {
            LOG.log(Level.WARNING, what + "; part of the push may have been stored)");
        } else {
            LOG.log(Level.ERROR, what + ")");
        }
    }

    private void complete(Batch batch) {
        try {
            batch.forEachEntry(e -> e.delivery().complete(completions));
        } finally {
            completions.finish();
        }
        budget.release(tenant, batch.charged());
    }

    private void drop(Batch batch, DropReason reason) {
        metrics.droppedEntries.labels(settings.host(), tenant, reason.label()).inc(batch.entryCount());
        metrics.droppedBytes.labels(settings.host(), tenant, reason.label()).inc(batch.bytes());
        complete(batch);
    }
}
