package io.sleipnir.loki;

import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.metrics.DropReason;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The batch and the sending thread of one (client, tenant). Entries are appended by reader threads; the
 * thread cuts batches by size or age, and sends one batch at a time (retrying until answered), so a stream's
 * batches never overtake each other and a slow tenant only delays itself.
 */
final class TenantSender {
    private static final System.Logger LOG = System.getLogger(TenantSender.class.getName());
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** While backing off longer than this, probe every half to whole of it (see {@link #deliver}). */
    static final Duration PROBE_PERIOD = Duration.ofSeconds(2);

    private final String tenant;
    private final ClientSettings settings;
    private final PushSender sender;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final ByteBudget budget;
    private final ClientStats stats;
    private final PushEncoder encoder = new PushEncoder();
    private final Backoff backoff;
    private final SplittableRandom random = new SplittableRandom();
    private final TroubleLog trouble;
    private boolean credentialsRefusedLogged;
    private final long batchWaitNanos;
    private final long tickNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ArrayDeque<Batch> sealed = new ArrayDeque<>();
    private Batch building;
    private boolean draining;
    private volatile boolean stopped;
    private final Thread thread;

    TenantSender(String tenant, ClientSettings settings, PushSender sender, AgentMetrics metrics, Clock clock,
            ByteBudget budget, ClientStats stats) {
        this.tenant = tenant;
        this.settings = settings;
        this.sender = sender;
        this.metrics = metrics;
        this.clock = clock;
        this.budget = budget;
        this.stats = stats;
        this.backoff = new Backoff(settings.backoff(), new SplittableRandom());
        this.trouble = new TroubleLog(settings.redactedUrl(), tenant, clock);
        this.batchWaitNanos = Math.max(1, settings.batchWait().toNanos());
        this.tickNanos = Math.max(MIN_TICK_NANOS, batchWaitNanos / 10);
        metrics.initClient(settings.host(), tenant);
        this.thread = new Thread(this::run, "loki-" + settings.name() + "-" + (tenant.isEmpty() ? "default" : tenant));
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Appends an entry whose bytes were already taken from the budget; throws when draining. */
    void add(Labels stream, LogEntry entry, int sizeBytes) {
        lock.lock();
        try {
            if (draining || stopped) {
                throw new IllegalStateException("client is closed");
            }
            if (building != null && building.wouldExceed(sizeBytes, settings.batchSize())) {
                sealLocked(CutReason.SIZE);
            }
            if (building == null) {
                building = new Batch(tenant, clock.instant());
                work.signalAll();
            }
            building.add(stream, entry, sizeBytes);
        } finally {
            lock.unlock();
        }
    }

    /** Seals the building batch and lets the thread finish once everything is answered. */
    void drain() {
        lock.lock();
        try {
            draining = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops at once: the current request is abandoned and nothing more is completed. */
    void stop() {
        stopped = true;
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
        thread.interrupt();
    }

    boolean awaitTermination(long nanos) throws InterruptedException {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
        return !thread.isAlive();
    }

    private void sealLocked(CutReason reason) {
        building.cut(reason);
        stats.cut(reason);
        LOG.log(Level.DEBUG, () -> "batch cut by " + reason + " for tenant '" + tenant + "': "
                + building.entryCount() + " entries, " + building.bytes() + " bytes");
        sealed.addLast(building);
        building = null;
        work.signalAll();
    }

    private void run() {
        try {
            Batch batch;
            while ((batch = next()) != null) {
                deliver(batch);
            }
        } catch (InterruptedException e) {
            // stop(): leave the remaining entries uncompleted so positions do not pass them
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "loki sender for tenant '" + tenant + "' failed; its entries stay unacknowledged", e);
        }
    }

    /** The next batch to send, waiting for one to fill or age; null when drained or stopped. */
    private Batch next() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!stopped) {
                if (!sealed.isEmpty()) {
                    return sealed.pollFirst();
                }
                if (building != null) {
                    long ageNanos = Duration.between(building.createdAt(), clock.instant()).toNanos();
                    if (draining || ageNanos >= batchWaitNanos) {
                        sealLocked(draining ? CutReason.SHUTDOWN : CutReason.WAIT);
                        continue;
                    }
                    work.awaitNanos(Math.min(batchWaitNanos - ageNanos, tickNanos));
                } else if (draining) {
                    return null;
                } else {
                    work.await();
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends until the batch is answered finally; returns early only when stopped.
     *
     * <p>While Loki is down (connection errors, 5xx without Retry-After) the backoff grows to {@code max_period},
     * 5 minutes by default. So that Loki's return is noticed within seconds, a wait longer than
     * {@link #PROBE_PERIOD} is spent probing: every 1 to 2 seconds the batch's oldest entry alone is pushed (a few
     * hundred bytes). Once Loki accepts it, that entry is done and the rest of the batch goes at once. A Loki that
     * is still down sees at most one such small push per 1 to 2 seconds per client and tenant. When the rest then
     * fails anyway (a Loki that takes small pushes only), the next wait is a plain backoff without probes.
     */
    private void deliver(Batch whole) throws InterruptedException {
        Batch batch = whole;
        boolean giveUpLogged = false;
        boolean probeNextWait = true;
        int retry = 0;
        while (true) {
            if (stopped) {
                throw new InterruptedException("stopped");
            }
            PushResponse response = push(batch);
            Outcome outcome = settings.retryPolicy().classify(response);
            if (outcome != Outcome.RETRY) {
                finish(batch, response, outcome);
                return;
            }
            retry++;
            metrics.batchRetries.labels(settings.host(), tenant).inc();
            Duration delay = backoff.delay(retry, response.retryAfter());
            trouble.failed(response, delay.compareTo(PROBE_PERIOD) > 0 && probes(response, probeNextWait)
                    ? PROBE_PERIOD : delay, waitingEntries(batch), batch.createdAt());
            if (backoff.exhausted(retry) && !giveUpLogged) {
                giveUpLogged = true;
                LOG.log(Level.ERROR, "push to " + settings.redactedUrl() + " still failing after "
                        + settings.backoff().maxRetries() + " retries (last: " + TroubleLog.cause(response)
                        + "); Promtail would now drop " + TroubleLog.entries(batch.entryCount()) + tenantText()
                        + "; Sleipnir keeps them and retries every " + TroubleLog.go(settings.backoff().maxPeriod()));
            }
            if (delay.compareTo(PROBE_PERIOD) > 0 && probes(response, probeNextWait)) {
                Batch rest = probeUntil(batch, System.nanoTime() + delay.toNanos());
                if (rest == null) {
                    return;
                }
                probeNextWait = rest == batch; // a probe got through but the rest failed before: wait plainly once
                batch = rest;
            } else {
                probeNextWait = true;
                pause(delay);
            }
        }
    }

    /** Probing is for an unreachable or failing Loki; a 429 or a Retry-After asks for patience instead. */
    private static boolean probes(PushResponse response, boolean allowed) {
        return allowed && response.retryAfter() == null
                && (response.isConnectionError() || response.status() >= 500);
    }

    /**
     * Waits until {@code deadlineNanos}, pushing the oldest entry alone every 1 to 2 seconds. Returns the batch to
     * send now: {@code batch} itself at the deadline, or what is left once a probe was answered (null: nothing).
     */
    private Batch probeUntil(Batch batch, long deadlineNanos) throws InterruptedException {
        while (!stopped) {
            long half = PROBE_PERIOD.toNanos() / 2;
            long wait = Math.min(half + random.nextLong(half + 1), deadlineNanos - System.nanoTime());
            pause(Duration.ofNanos(Math.max(0, wait)));
            if (stopped) {
                break;
            }
            if (System.nanoTime() - deadlineNanos >= 0) {
                return batch;
            }
            Batch[] parts = batch.splitFirst();
            PushResponse response = push(parts[0]);
            Outcome outcome = settings.retryPolicy().classify(response);
            if (outcome == Outcome.RETRY) {
                trouble.failed(response, PROBE_PERIOD, waitingEntries(batch), batch.createdAt());
                continue;
            }
            finish(parts[0], response, outcome);
            return parts[1].isEmpty() ? null : parts[1];
        }
        throw new InterruptedException("stopped");
    }

    /** One push of {@code batch}, timed and counted; transport failures come back as connection errors. */
    private PushResponse push(Batch batch) throws InterruptedException {
        PushRequestBody body = encoder.encode(batch);
        metrics.encodedBytes.labels(settings.host()).inc(body.length());
        long start = System.nanoTime();
        PushResponse response;
        try {
            response = sender.send(body).get();
        } catch (ExecutionException e) {
            response = PushResponse.connectionError(ConnectionFailures.describe(e.getCause(), settings.timeout()));
        }
        metrics.requestDuration.labels(String.valueOf(response.status()), settings.host())
                .observe((System.nanoTime() - start) / 1e9);
        if (response.status() >= 200 && response.status() < 300) {
            metrics.sentBytes.labels(settings.host()).inc(body.length());
            metrics.sentEntries.labels(settings.host()).inc(batch.entryCount());
        }
        return response;
    }

    /** A final answer for {@code batch}: delivered, dropped, rejected, or split and sent in halves. */
    private void finish(Batch batch, PushResponse response, Outcome outcome) throws InterruptedException {
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
                    for (Batch half : batch.splitInHalves()) {
                        deliver(half);
                    }
                }
            }
            default -> throw new IllegalStateException("not a final outcome: " + outcome);
        }
    }

    /** Entries this tenant holds: the batch being sent, those sealed behind it, and the one being filled. */
    private long waitingEntries(Batch inFlight) {
        lock.lock();
        try {
            long n = inFlight.entryCount() + (building == null ? 0 : building.entryCount());
            for (Batch b : sealed) {
                n += b.entryCount();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** The ongoing push failure of this tenant, or null. */
    PushTrouble trouble() {
        return trouble.trouble();
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

    private void pause(Duration delay) throws InterruptedException {
        long remaining = delay.toNanos();
        lock.lockInterruptibly();
        try {
            long deadline = System.nanoTime() + remaining;
            while (!stopped && remaining > 0) {
                work.awaitNanos(remaining);
                remaining = deadline - System.nanoTime();
            }
        } finally {
            lock.unlock();
        }
    }

    private void complete(Batch batch) {
        batch.forEachEntry(e -> e.delivery().complete());
        budget.release(batch.bytes());
    }

    private void drop(Batch batch, DropReason reason) {
        metrics.droppedEntries.labels(settings.host(), tenant, reason.label()).inc(batch.entryCount());
        metrics.droppedBytes.labels(settings.host(), tenant, reason.label()).inc(batch.bytes());
        complete(batch);
    }
}
