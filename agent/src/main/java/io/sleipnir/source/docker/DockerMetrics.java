package io.sleipnir.source.docker;

import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Summary;
import io.sleipnir.metrics.AgentMetrics;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Promtail's Docker target counters and Prometheus' discovery refresh metrics, under their names, and the number of
 * containers being followed. Registered once per agent, shared by every Docker source.
 */
final class DockerMetrics {
    private static final Map<AgentMetrics, DockerMetrics> BY_AGENT = new WeakHashMap<>();

    final Counter entries = Counter.build("promtail_docker_target_entries_total",
            "Total number of successful entries sent to the Docker target").create();
    final Counter parsingErrors = Counter.build("promtail_docker_target_parsing_errors_total",
            "Total number of parsing errors while receiving Docker messages").create();
    final Summary refreshDuration = Summary.build("prometheus_sd_refresh_duration_seconds",
            "The duration of a refresh in seconds for the given SD mechanism.").labelNames("mechanism")
            .quantile(0.5, 0.05).quantile(0.9, 0.01).quantile(0.99, 0.001).create();
    final Counter refreshFailures = Counter.build("prometheus_sd_refresh_failures_total",
            "Number of refresh failures for the given SD mechanism.").labelNames("mechanism").create();
    final Gauge followed = Gauge.build("sleipnir_docker_containers_followed",
            "Containers whose log a Docker source is reading now.").labelNames("job", "host").create();

    private DockerMetrics() {
    }

    static synchronized DockerMetrics of(AgentMetrics metrics) {
        return BY_AGENT.computeIfAbsent(metrics, m -> {
            DockerMetrics created = new DockerMetrics();
            created.entries.register(m.registry());
            created.parsingErrors.register(m.registry());
            created.refreshDuration.register(m.registry());
            created.refreshFailures.register(m.registry());
            created.followed.register(m.registry());
            return created;
        });
    }
}
