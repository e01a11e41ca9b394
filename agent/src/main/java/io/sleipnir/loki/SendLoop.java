package io.sleipnir.loki;

import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one sending thread of a client, {@code loki-<client>}, and its tenants. Readers add entries to a tenant's
 * {@link Batcher} under this loop's lock; the thread seals batches as they age, encodes and pushes them (Netty
 * answers asynchronously, so every tenant can have its one batch in flight at the same time), and drives each
 * {@link TenantSender} with the answers and its retry timers. A tenant that held nothing for {@code idle} is closed.
 * At most {@code maxTenants} tenants are open; an entry of another tenant is refused ({@link Admission}).
 *
 * <p>Lock: the client's one lock, which its {@link ByteBudget} shares, guards the tenant map, every batcher, the timers
 * and the answers; it is never held while encoding, pushing or completing deliveries. A reader takes it once per
 * entry, for the entry's bytes and its batch ({@link LokiClient#accept}).
 */
final class SendLoop {
    private static final System.Logger LOG = System.getLogger(SendLoop.class.getName());

    /** What became of an entry handed to {@link #add}. */
    enum Admission {
        ACCEPTED, STREAM_LIMITED, TENANT_LIMITED
    }

    /** One push in flight: {@code batch}, and for a probe what is left of the batch behind it. */
    record Push(TenantSender tenant, Batch batch, Batch rest, boolean probe, int bodyLength, long startNanos) {
    }

    private record Answer(Push push, PushResponse response) {
    }

    private record Timer(long dueNanos, TenantSender tenant) {
    }

    private final ClientSettings settings;
    private final int maxStreams;
    private final int maxTenants;
    private final long idleNanos;
    private final PushSender sender;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final ByteBudget budget;
    /** What a batch may hold as the budget counts it: a quarter of the budget (see {@link Batcher}). */
    private final long batchCharge;
    private final ClientStats stats;
    private final PushEncoder encoder = new PushEncoder();

    /** The client's one lock, shared with its {@link ByteBudget}. */
    private final ReentrantLock lock;
    private final Condition wake;
    private final LinkedHashMap<String, TenantSender> tenants = new LinkedHashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos - b.dueNanos, 0));
    private final ArrayDeque<Answer> answers = new ArrayDeque<>();
    private final Set<TenantSender> sealed = new LinkedHashSet<>();
    private boolean sleeping;
    private boolean sleepingUntilSignal;
    private long plannedWake;
    private boolean draining;
    private boolean drainSealed;
    private volatile boolean stopped;
    private final Thread thread;

    SendLoop(ClientSettings settings, SenderLimits limits, PushSender sender, AgentMetrics metrics, Clock clock,
            ByteBudget budget, ClientStats stats) {
        this.settings = settings;
        this.maxStreams = limits.maxStreams();
        this.maxTenants = limits.maxTenants();
        this.idleNanos = limits.idleTenantAfter().toNanos();
        this.sender = sender;
        this.metrics = metrics;
        this.clock = clock;
        this.budget = budget;
        this.lock = budget.lock();
        this.wake = lock.newCondition();
        this.batchCharge = Math.max(1, budget.capacity() / 4);
        this.stats = stats;
        this.thread = new Thread(this::run, "loki-" + settings.name());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Adds an entry whose bytes the caller took from the budget (and gives back unless {@link Admission#ACCEPTED}),
     * with the client's lock held ({@link ByteBudget#lock}: the caller took the bytes under it); throws
     * {@link IllegalStateException} once the client is closing.
     */
    Admission add(String tenant, Labels stream, LogEntry entry, int sizeBytes, int charge) {
        assert lock.isHeldByCurrentThread();
        if (draining || stopped) {
            throw new IllegalStateException("client " + settings.name() + " is closed");
        }
        TenantSender t = tenants.get(tenant);
        if (t == null) {
            if (tenants.size() >= maxTenants) {
                return Admission.TENANT_LIMITED;
            }
            t = new TenantSender(tenant, settings, new Batcher(tenant, settings.batchSize(), batchCharge,
                    settings.batchWait(), maxStreams, clock, stats), this, metrics, budget, clock);
            tenants.put(tenant, t);
            metrics.clientTenants.labels(settings.host()).inc();
        }
        switch (t.batcher().add(stream, entry, sizeBytes, charge)) {
            case STREAM_LIMITED -> {
                return Admission.STREAM_LIMITED;
            }
            case STARTED -> schedule(t, System.nanoTime() + settings.batchWait().toNanos());
            case SEALED_AND_STARTED -> {
                sealed.add(t);
                schedule(t, System.nanoTime() + settings.batchWait().toNanos());
                wake.signal();
            }
            case APPENDED -> {
                // nothing changed for the sending thread
            }
        }
        return Admission.ACCEPTED;
    }

    /** Seals every batch being built; the thread ends once everything is answered. */
    void drain() {
        lock.lock();
        try {
            draining = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Stops at once: pushes in flight are abandoned and nothing more is completed. */
    void stop() {
        stopped = true;
        lock.lock();
        try {
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    boolean awaitTermination(long nanos) throws InterruptedException {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
        return !thread.isAlive();
    }

    /** The open tenants, in the order they opened. */
    List<TenantSender> tenants() {
        lock.lock();
        try {
            return new ArrayList<>(tenants.values());
        } finally {
            lock.unlock();
        }
    }

    /** Asks for {@code tenant}'s {@link TenantSender#timer} (or its idle check) at {@code dueNanos}. */
    void schedule(TenantSender tenant, long dueNanos) {
        lock.lock();
        try {
            timers.add(new Timer(dueNanos, tenant));
            if (sleeping && (sleepingUntilSignal || dueNanos - plannedWake < 0)) {
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Entries {@code tenant} holds in its batcher. */
    long heldEntries(TenantSender tenant) {
        lock.lock();
        try {
            return tenant.batcher().entryCount();
        } finally {
            lock.unlock();
        }
    }

    /** Encodes and sends one push for {@code tenant}; its answer comes back through the loop. Loop thread only. */
    void push(TenantSender tenant, Batch batch, Batch rest, boolean probe) {
        PushRequestBody body = encoder.encode(batch);
        if (batch.firstPush()) {
            // once per batch, as Promtail counts it: a retry sends the same bytes again
            metrics.encodedBytes.labels(settings.host()).inc(body.length());
        }
        Push push = new Push(tenant, batch, rest, probe, body.length(), System.nanoTime());
        sender.send(body).whenComplete((response, failure) -> answered(push, response != null ? response
                : PushResponse.connectionError(ConnectionFailures.describe(unwrap(failure), settings.timeout()))));
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private void answered(Push push, PushResponse response) {
        lock.lock();
        try {
            answers.addLast(new Answer(push, response));
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            List<Answer> answered = new ArrayList<>();
            Set<TenantSender> touched = new LinkedHashSet<>();
            while (collect(answered, touched)) {
                long now = System.nanoTime();
                for (Answer a : answered) {
                    Push p = a.push();
                    metrics.requestDuration.labels(String.valueOf(a.response().status()), settings.host())
                            .observe((now - p.startNanos()) / 1e9);
                    if (a.response().status() >= 200 && a.response().status() < 300) {
                        metrics.sentBytes.labels(settings.host()).inc(p.bodyLength());
                        metrics.sentEntries.labels(settings.host()).inc(p.batch().entryCount());
                    }
                    p.tenant().answered(p, a.response(), now);
                    touched.add(p.tenant());
                }
                for (TenantSender t : touched) {
                    t.timer(now);
                    if (!t.busy()) {
                        startNext(t, now);
                    }
                    if (stopped) {
                        return;
                    }
                }
                answered.clear();
                touched.clear();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "loki sender of client " + settings.name()
                    + " failed; its entries stay unacknowledged", e);
        }
    }

    /** Starts the tenant's next batch, or notes it idle and closes it once idle long enough. */
    private void startNext(TenantSender t, long now) {
        Batch next = t.nextHalf();
        if (next == null) {
            lock.lock();
            try {
                next = t.batcher().poll();
                if (next == null && t.batcher().isEmpty() && t.idleFor(now, idleNanos) && !draining
                        && tenants.get(t.tenant()) == t) {
                    tenants.remove(t.tenant());
                    metrics.clientTenants.labels(settings.host()).dec();
                    LOG.log(Level.DEBUG, () -> "closed idle tenant '" + t.tenant() + "' of client " + settings.name());
                }
            } finally {
                lock.unlock();
            }
        }
        if (next != null) {
            t.start(next, now);
        }
    }

    /**
     * Waits for answers, due timers, sealed batches or the drain, and hands them over; false when the loop must end
     * (stopped, or drained with nothing left).
     */
    private boolean collect(List<Answer> answered, Set<TenantSender> touched) {
        lock.lock();
        try {
            while (!stopped) {
                long now = System.nanoTime();
                answered.addAll(answers);
                answers.clear();
                while (!timers.isEmpty() && timers.peek().dueNanos() - now <= 0) {
                    TenantSender t = timers.poll().tenant();
                    if (tenants.get(t.tenant()) != t) {
                        continue; // closed while idle
                    }
                    if (t.batcher().sealIfDue()) {
                        sealed.add(t);
                    } else if (t.batcher().untilDue() != null) {
                        // the clock and System.nanoTime disagree a little: look again when the clock says so
                        timers.add(new Timer(now + Math.max(1, t.batcher().untilDue().toNanos()), t));
                    }
                    touched.add(t);
                }
                if (draining && !drainSealed) {
                    drainSealed = true;
                    for (TenantSender t : tenants.values()) {
                        t.batcher().sealNow(CutReason.SHUTDOWN);
                        sealed.add(t);
                    }
                }
                touched.addAll(sealed);
                sealed.clear();
                if (!answered.isEmpty() || !touched.isEmpty()) {
                    return true;
                }
                if (draining && allDone()) {
                    return false;
                }
                sleeping = true;
                sleepingUntilSignal = timers.isEmpty();
                try {
                    if (sleepingUntilSignal) {
                        wake.awaitUninterruptibly();
                    } else {
                        plannedWake = timers.peek().dueNanos();
                        wake.awaitNanos(plannedWake - now);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } finally {
                    sleeping = false;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Every tenant empty and idle (called while draining, under the lock, on the loop thread). */
    private boolean allDone() {
        for (TenantSender t : tenants.values()) {
            if (t.busy() || t.hasHalves() || !t.batcher().isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
