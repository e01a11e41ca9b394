package io.sleipnir.pipeline;

import io.prometheus.client.Counter;
import io.sleipnir.metrics.AgentMetrics;
import java.time.Clock;

/**
 * What a stage may use besides its own config: the job it belongs to (for log context), the agent's metrics,
 * the clock (for stages that reason about time; never {@code System.currentTimeMillis}), and where to report
 * what it did to an entry ({@link #failed}, {@link #note}, {@link #drop}). Each stage of a pipeline has its own
 * context, which knows the stage's place: {@code regex}, or {@code match[2]/regex} for a stage nested in the
 * {@code match} at index 2.
 */
public final class StageContext {
    private final Clock clock;
    private final StageReports reports;
    /** The context of the {@code match} this stage is nested in; null at the top level. */
    private final StageContext parent;
    private final int index;
    private final int topStage;
    /** Set once, by {@link #named}, right after the stage is built. */
    private String name;
    /** Computed on first use, when every stage has been built and named. */
    private String path;
    /** By {@link StageFailure#ordinal()}: a context serves one stage, whose reasons are one small enum. */
    private Counter.Child[] failureCounters = new Counter.Child[0];

    /** A context for a stage run alone (tests, tools): reports go to the counter and the debug log only. */
    public StageContext(String jobName, AgentMetrics metrics, Clock clock) {
        this(clock, new StageReports(jobName, metrics, clock, null), null, 0, 0);
    }

    private StageContext(Clock clock, StageReports reports, StageContext parent, int index, int topStage) {
        this.clock = clock;
        this.reports = reports;
        this.parent = parent;
        this.index = index;
        this.topStage = topStage;
    }

    /** The context of stage {@code index} of a pipeline. */
    static StageContext topLevel(StageReports reports, Clock clock, int index) {
        return new StageContext(clock, reports, null, index, index);
    }

    /** The context of stage {@code childIndex} nested in this context's stage (a {@code match}). */
    StageContext nested(int childIndex) {
        return new StageContext(clock, reports, this, childIndex, topStage);
    }

    /** Names the stage this context belongs to, once it is built. */
    void named(String stageName) {
        this.name = stageName;
    }

    /** The stage's place in the pipeline, e.g. {@code match[2]/regex}. */
    String path() {
        String p = path;
        if (p == null) {
            p = (parent == null ? "" : parent.path() + "[" + parent.index + "]/") + (name == null ? "stage" : name);
            if (name != null) {
                path = p;
            }
        }
        return p;
    }

    public String jobName() {
        return reports.jobName();
    }

    public AgentMetrics metrics() {
        return reports.metrics();
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Registers a stage's own collector in the agent's registry for as long as its pipeline lives: a config reload
     * that replaces the pipeline removes it ({@link Pipeline#unregisterMetrics}), so the new one can register again.
     *
     * @throws IllegalArgumentException when a collector of the same name is registered already
     */
    public void register(io.prometheus.client.Collector collector) {
        reports.register(collector);
    }

    /**
     * Counts a failure in {@code sleipnir_stage_failures_total{job, stage, reason}} and returns whether its
     * description is wanted; if so, the stage builds it and calls {@link #explain}. Keeps the hot path free of
     * string building when neither {@code -inspect} nor debug logging is on.
     */
    boolean failed(StageFailure failure) {
        Counter.Child[] counters = failureCounters;
        Counter.Child c = failure.ordinal() < counters.length ? counters[failure.ordinal()] : null;
        if (c == null) {
            c = metrics().stageFailures.labels(jobName(), path(), failure.reason());
            counters = java.util.Arrays.copyOf(counters, Math.max(counters.length, failure.ordinal() + 1));
            counters[failure.ordinal()] = c;
            failureCounters = counters; // a race only looks the same child up again
        }
        c.inc();
        return reports.describing();
    }

    /** The description of a failure just counted with {@link #failed(StageFailure)}. */
    void explain(StageFailure failure, String message) {
        reports.failed(topStage, path(), failure, message);
    }

    /** {@link #failed(StageFailure)} and {@link #explain} with a fixed description. */
    void failed(StageFailure failure, String message) {
        if (failed(failure)) {
            explain(failure, message);
        }
    }

    /** Whether {@link #note} is read ({@code -inspect}); else callers skip building the note. */
    boolean observing() {
        return reports.observing();
    }

    /** An outcome that is not a failure (a selector that matched), for {@code -inspect}. */
    void note(String subject, String message) {
        reports.note(topStage, subject == null ? path() : path() + " " + subject, message);
    }

    /**
     * Drops an entry on purpose: completes its delivery token, so the file position may move past it, and counts
     * it in {@code logentry_dropped_lines_total{reason}} as Promtail does.
     */
    public void drop(io.sleipnir.model.LogEntry entry, String reason) {
        entry.delivery().complete();
        metrics().pipelineDropped.labels(reason).inc();
    }

    /** {@link #drop(io.sleipnir.model.LogEntry, String)} for an entry inside a pipeline run. */
    public void drop(PipelineEntry entry, String reason) {
        entry.delivery().complete();
        metrics().pipelineDropped.labels(reason).inc();
        if (reports.observing()) {
            note(null, "dropped (reason \"" + reason + "\")");
        }
    }

    /** Counts input that was passed through or repaired: {@code sleipnir_bad_input_total{kind}}. */
    void badInput(String kind) {
        metrics().badInput.labels(kind).inc();
    }
}
