package io.sleipnir.pipeline;

import io.sleipnir.config.StageConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.EntrySink;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A job's chain of stages, built once from its config and then fed entry by entry. Each entry runs through all
 * stages on the calling thread and reaches {@code downstream} before {@link #accept} returns (unless a stage
 * buffers it). An empty stage list forwards entries unchanged.
 *
 * <p>Thread safety: callers are serialised by a lock, because buffering stages ({@code cri}, {@code docker})
 * keep per-stream state and {@link #flush()} may come from a shutdown thread. Uncontended, the lock costs a few
 * nanoseconds; for parallel readers build one pipeline per reader thread (building is cheap).
 *
 * <p>Inside the pipeline an entry is a mutable {@link PipelineEntry} that carries Promtail's extracted map; it is
 * made when the entry arrives (a line lent as bytes refills the pipeline's one reusable entry instead) and turned
 * back into a {@link LogEntry} when it leaves for {@code downstream}.
 *
 * <p>Buffering stages, whose content {@link #flush()} emits: {@code cri} (pending {@code P} fragments per stream),
 * {@code docker} (records split at 16 KiB that have not yet seen their final record) and {@code multiline} (the
 * current block per stream, which {@link #tick()} also emits once max_wait_time passed without a new line).
 */
public final class Pipeline implements EntrySink, AutoCloseable {
    private final String jobName;
    private final StageChain chain;
    private final EntrySink downstream;
    private final ReentrantLock lock = new ReentrantLock();
    private final StageReports reports;
    /** What every lent line is brought in as, under the lock ({@link PipelineEntry#relend}). */
    private final PipelineEntry lentEntry = PipelineEntry.reusable();

    private Pipeline(String jobName, List<Stage> stages, EntrySink downstream, StageObserver observer,
            StageReports reports) {
        this.jobName = jobName;
        this.reports = reports;
        this.downstream = downstream;
        this.chain = new StageChain(stages, entry -> downstream.accept(entry.toLogEntry()), observer);
    }

    public static Pipeline build(String jobName, List<StageConfig> stages, EntrySink downstream,
                                 AgentMetrics metrics, Clock clock) {
        return build(jobName, stages, downstream, metrics, clock, null);
    }

    /** @param observer sees each entry before and after each stage ({@code -inspect}); null for none */
    public static Pipeline build(String jobName, List<StageConfig> stages, EntrySink downstream,
                                 AgentMetrics metrics, Clock clock, StageObserver observer) {
        StageReports reports = new StageReports(jobName, metrics, clock, observer);
        List<Stage> built = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            StageContext context = StageContext.topLevel(reports, clock, i);
            Stage stage = Stages.build(stages.get(i), context, i < stages.size() - 1);
            context.named(stage.name());
            built.add(stage);
        }
        return new Pipeline(jobName, built, downstream, observer, reports);
    }

    @Override
    public void accept(LogEntry entry) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (chain.isEmpty()) {
                downstream.accept(entry);
            } else {
                chain.head().accept(PipelineEntry.of(entry));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The same as {@link #accept} of that entry, without making it: the stages get its fields as they are, the line
     * as the lent bytes, and the entry copies what is left of them when it leaves the pipeline
     * ({@link PipelineEntry#toLogEntry}) or when a stage keeps it past this call ({@link PipelineEntry#keep}).
     */
    @Override
    public void acceptUtf8(long timestampNanos, byte[] utf8, int offset, int length, Labels labels,
                           Delivery delivery) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (chain.isEmpty()) {
                downstream.acceptUtf8(timestampNanos, utf8, offset, length, labels, delivery);
            } else {
                chain.head().accept(lentEntry.relend(timestampNanos, utf8, offset, length, labels, delivery));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Emits everything the stages still buffer, in stage order, so that an entry flushed by stage i still runs
     * through stages i+1..n. Call on shutdown or when the job's input ends.
     */
    public void flush() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            chain.flush();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets time-driven stages emit what is due ({@code multiline} blocks older than max_wait_time). Called
     * periodically from a {@link PipelineTicker} thread. Skips the round (returns false) when the reader holds the
     * lock: it is busy in this pipeline and the next round comes soon, so the ticker never queues up behind a
     * reader that is blocked by back-pressure.
     */
    public boolean tick() throws InterruptedException {
        if (!chain.needsTicks() || !lock.tryLock()) {
            return false;
        }
        try {
            chain.tick();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether any stage acts on {@link #tick()}. */
    public boolean needsTicks() {
        return chain.needsTicks();
    }

    /** Same as {@link #flush()}; the pipeline holds no other resources. */
    @Override
    public void close() throws InterruptedException {
        flush();
    }

    /**
     * Removes the stages' own metrics (the metrics stage's) from the agent's registry: after {@link #close}, when a
     * config reload replaces this pipeline, so that the new one registers them again (they start again from zero,
     * as in Promtail).
     */
    public void unregisterMetrics() {
        reports.unregisterAll();
    }

    public String jobName() {
        return jobName;
    }

    /** The top-level stage names in order (tests read them; the status page and logs do not). */
    List<String> stageNames() {
        return chain.stages().stream().map(Stage::name).toList();
    }
}
