package io.sleipnir.status;

import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.targets.ActiveTarget;
import io.sleipnir.targets.DroppedTarget;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the status pages read the agent's state, as suppliers so that the pages hold no reference to the running
 * parts and read them fresh on every request.
 *
 * @param activeTargets  the targets being tailed (the target manager's {@code activeTargets})
 * @param droppedTargets the discovered targets not tailed, with reasons
 * @param tailedFiles    the paths being read now (the tail manager's {@code activeFiles})
 * @param metrics        read position and size per path, from {@code promtail_read_bytes_total} and
 *                       {@code promtail_file_bytes_total}
 * @param delivered      per tailed path, the offset Loki acknowledged every line up to
 * @param clients        each Loki client's bytes held against its budget and its tenants' pushes (empty in a
 *                       dry run)
 * @param clock          the agent's clock, for "retrying for 3m20s"
 */
public record StatusSources(Supplier<List<ActiveTarget>> activeTargets, Supplier<List<DroppedTarget>> droppedTargets,
                            Supplier<List<String>> tailedFiles, AgentMetrics metrics,
                            Supplier<Map<String, Long>> delivered, Supplier<List<ClientView>> clients, Clock clock) {
    public StatusSources {
        if (activeTargets == null || droppedTargets == null || tailedFiles == null || metrics == null
                || delivered == null || clients == null || clock == null) {
            throw new NullPointerException("every status source is required");
        }
    }
}
