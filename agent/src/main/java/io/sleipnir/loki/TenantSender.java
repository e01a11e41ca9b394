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

    private final String tenant;
    private final ClientSettings settings;
    private final PushSender sender;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final ByteBudget budget;
    private final ClientStats stats;
    private final PushEncoder encoder = new PushEncoder();
    private final Backoff backoff;
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

    /** Sends until the batch is answered finally; returns early only when stopped. */
    private void deliver(Batch batch) throws InterruptedException {
        PushRequestBody body = encoder.encode(batch);
        metrics.encodedBytes.labels(settings.host()).inc(body.length());
        boolean giveUpLogged = false;
        int retry = 0;
        while (true) {
            if (stopped) {
                throw new InterruptedException("stopped");
            }
            long start = System.nanoTime();
            PushResponse response;
            try {
                response = sender.send(body).get();
            } catch (ExecutionException e) {
                response = PushResponse.connectionError(String.valueOf(e.getCause()));
            }
            metrics.requestDuration.labels(String.valueOf(response.status()), settings.host())
                    .observe((System.nanoTime() - start) / 1e9);
            Outcome outcome = settings.retryPolicy().classify(response);
            switch (outcome) {
                case DELIVERED -> {
                    metrics.sentBytes.labels(settings.host()).inc(body.length());
                    metrics.sentEntries.labels(settings.host()).inc(batch.entryCount());
                    if (response.status() != 204 && response.status() != 200) {
                        LOG.log(Level.WARNING, "loki answered " + response.status() + " for " + batch.entryCount()
                                + " entries of tenant '" + tenant + "' (accepted but possibly discarded by the server): "
                                + response.body());
                    }
                    complete(batch);
                    return;
                }
                case DROP_RATE_LIMITED -> {
                    LOG.log(Level.WARNING, "dropping " + batch.entryCount() + " rate-limited entries of tenant '"
                            + tenant + "' (drop_rate_limited_batches): " + response.body());
                    drop(batch, DropReason.RATE_LIMITED);
                    return;
                }
                case REJECTED -> {
                    logRejection(batch, response);
                    drop(batch, DropReason.INGESTER_ERROR);
                    return;
                }
                case SPLIT -> {
                    if (batch.entryCount() == 1) {
                        LOG.log(Level.WARNING, "dropping a single entry of " + batch.bytes() + " bytes for tenant '"
                                + tenant + "': loki answered 413 (request too large)");
                        drop(batch, DropReason.INGESTER_ERROR);
                    } else {
                        LOG.log(Level.INFO, "loki answered 413 for " + batch.entryCount() + " entries; splitting");
                        for (Batch half : batch.splitInHalves()) {
                            deliver(half);
                        }
                    }
                    return;
                }
                case RETRY -> {
                    retry++;
                    metrics.batchRetries.labels(settings.host(), tenant).inc();
                    if (backoff.exhausted(retry) && !giveUpLogged) {
                        giveUpLogged = true;
                        LOG.log(Level.ERROR, "loki still failing after " + settings.backoff().maxRetries()
                                + " retries (last: " + response.status() + " " + response.body() + "); giving up would lose "
                                + batch.entryCount() + " entries of tenant '" + tenant + "'; still retrying every "
                                + settings.backoff().maxPeriod());
                    } else {
                        PushResponse last = response;
                        LOG.log(Level.DEBUG, () -> "retrying batch after " + last.status() + " " + last.body());
                    }
                    pause(backoff.delay(retry, response.retryAfter()));
                }
                default -> throw new IllegalStateException("unknown outcome " + outcome);
            }
        }
    }

    private void logRejection(Batch batch, PushResponse response) {
        String what = "loki rejected " + batch.entryCount() + " entries of tenant '" + tenant + "' with "
                + response.status() + " (not retried";
        if (response.status() == 400) {
            LOG.log(Level.WARNING, what + "; part of the push may have been stored): " + response.body());
        } else if (response.status() == 401) {
            LOG.log(Level.ERROR, what + "; a multi-tenant Loki needs a tenant: set tenant_id in the client config): "
                    + response.body());
        } else {
            LOG.log(Level.ERROR, what + "): " + response.body());
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
