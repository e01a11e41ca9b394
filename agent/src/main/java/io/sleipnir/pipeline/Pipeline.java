package io.sleipnir.pipeline;

import io.sleipnir.config.StageConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.EntrySink;
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
 * created when the entry arrives and turned back into a {@link LogEntry} when it leaves for {@code downstream}.
 *
 * <p>Buffering stages, whose content {@link #flush()} emits: {@code cri} (pending {@code P} fragments per stream)
 * and {@code docker} (records split at 16 KiB that have not yet seen their final record).
 */
public final class Pipeline implements EntrySink, AutoCloseable {
    private final String jobName;
    private final List<Stage> stages;
    private final List<StageSink> nextOf;
    private final StageSink head;
    private final EntrySink downstream;
    private final ReentrantLock lock = new ReentrantLock();

    private Pipeline(String jobName, List<Stage> stages, EntrySink downstream) {
        this.jobName = jobName;
        this.stages = List.copyOf(stages);
        this.downstream = downstream;
        StageSink[] next = new StageSink[stages.size()];
        StageSink sink = entry -> downstream.accept(entry.toLogEntry());
        for (int i = stages.size() - 1; i >= 0; i--) {
            next[i] = sink;
            Stage stage = stages.get(i);
            StageSink after = sink;
            sink = entry -> stage.process(entry, after);
        }
        this.nextOf = List.of(next);
        this.head = sink;
    }

    public static Pipeline build(String jobName, List<StageConfig> stages, EntrySink downstream,
                                 AgentMetrics metrics, Clock clock) {
        StageContext context = new StageContext(jobName, metrics, clock);
        List<Stage> built = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            built.add(StageFactory.create(stages.get(i), context, i < stages.size() - 1));
        }
        return new Pipeline(jobName, built, downstream);
    }

    @Override
    public void accept(LogEntry entry) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (stages.isEmpty()) {
                downstream.accept(entry);
            } else {
                head.accept(PipelineEntry.of(entry));
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
            for (int i = 0; i < stages.size(); i++) {
                stages.get(i).flush(nextOf.get(i));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Same as {@link #flush()}; the pipeline holds no other resources. */
    @Override
    public void close() throws InterruptedException {
        flush();
    }

    public String jobName() {
        return jobName;
    }

    /** The stage names in order, for the status page and logs. */
    public List<String> stageNames() {
        return stages.stream().map(Stage::name).toList();
    }
}
