package io.sleipnir.source;

import io.prometheus.client.Counter;
import io.sleipnir.metrics.AgentMetrics;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Promtail's counters of its syslog and GELF targets, under Promtail's names, and Sleipnir's count of what a network
 * source refused, by reason. Registered once per agent, shared by all its syslog and gelf jobs (Promtail's have no
 * job label either).
 */
public final class NetworkSourceMetrics {
    private static final Map<AgentMetrics, NetworkSourceMetrics> BY_AGENT = new WeakHashMap<>();

    public final Counter syslogEntries = Counter.build("promtail_syslog_target_entries_total",
            "Total number of successful entries sent to the syslog target").create();
    public final Counter syslogParsingErrors = Counter.build("promtail_syslog_target_parsing_errors_total",
            "Total number of parsing errors while receiving syslog messages").create();
    public final Counter syslogEmptyMessages = Counter.build("promtail_syslog_empty_messages_total",
            "Total number of empty messages receiving from syslog").create();
    public final Counter gelfEntries = Counter.build("promtail_gelf_target_entries_total",
            "Total number of successful entries sent to the gelf target").create();
    public final Counter gelfErrors = Counter.build("promtail_gelf_target_parsing_errors_total",
            "Total number of parsing errors while receiving gelf messages").create();
    /** Messages a network source refused or lost, by {@link Rejection}; each is also logged (rate-limited). */
    public final Counter rejected = Counter.build("sleipnir_network_source_rejected_total",
            "Messages a syslog or GELF source received but did not hand on, by reason.")
            .labelNames("source", "reason").create();

    private NetworkSourceMetrics() {
    }

    public static synchronized NetworkSourceMetrics of(AgentMetrics metrics) {
        return BY_AGENT.computeIfAbsent(metrics, m -> {
            NetworkSourceMetrics created = new NetworkSourceMetrics();
            created.syslogEntries.register(m.registry());
            created.syslogParsingErrors.register(m.registry());
            created.syslogEmptyMessages.register(m.registry());
            created.gelfEntries.register(m.registry());
            created.gelfErrors.register(m.registry());
            created.rejected.register(m.registry());
            return created;
        });
    }

    public void rejected(String source, Rejection reason) {
        rejected.labels(source, reason.label()).inc();
    }
}
