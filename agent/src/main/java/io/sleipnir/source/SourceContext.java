package io.sleipnir.source;

import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.EntrySink;
import io.sleipnir.positions.PositionsFile;
import java.time.Clock;

/**
 * What a source needs from the agent: its job's name and pipeline (where entries go; it may block), the shared
 * metrics, the clock, and the positions file for sources that keep a checkpoint (a journal cursor).
 */
public record SourceContext(String jobName, EntrySink pipeline, AgentMetrics metrics, Clock clock,
        PositionsFile positions) {
}
