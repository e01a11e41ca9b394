package io.sleipnir.pipeline;

import io.sleipnir.metrics.AgentMetrics;
import java.time.Clock;

/**
 * What a stage may use besides its own config: the job it belongs to (for log context), the agent's metrics,
 * and the clock (for stages that reason about time; never {@code System.currentTimeMillis}).
 */
public record StageContext(String jobName, AgentMetrics metrics, Clock clock) {

    /**
     * Drops an entry on purpose: completes its delivery token, so the file position may move past it, and counts
     * it in {@code logentry_dropped_lines_total{reason}} as Promtail does.
     */
    public void drop(io.sleipnir.model.LogEntry entry, String reason) {
        entry.delivery().complete();
        metrics.pipelineDropped.labels(reason).inc();
    }

    /** {@link #drop(io.sleipnir.model.LogEntry, String)} for an entry inside a pipeline run. */
    public void drop(PipelineEntry entry, String reason) {
        entry.delivery().complete();
        metrics.pipelineDropped.labels(reason).inc();
    }

    /** Counts input that was passed through or repaired: {@code sleipnir_bad_input_total{kind}}. */
    void badInput(String kind) {
        metrics.badInput.labels(kind).inc();
    }
}
