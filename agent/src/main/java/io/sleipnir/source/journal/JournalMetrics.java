package io.sleipnir.source.journal;

import io.prometheus.client.Counter;
import io.sleipnir.metrics.AgentMetrics;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Promtail's journal target counters, under Promtail's names and {@code error} values ({@code no_message},
 * {@code empty_labels}), plus {@code malformed_json} for a line journalctl printed that is not JSON (Promtail reads
 * the journal through libsystemd and has no such case). Registered once per agent, shared by its journal jobs
 * (Promtail's have no job label either).
 */
final class JournalMetrics {
    static final String NO_MESSAGE = "no_message";
    static final String EMPTY_LABELS = "empty_labels";
    static final String MALFORMED_JSON = "malformed_json";

    private static final Map<AgentMetrics, JournalMetrics> BY_AGENT = new WeakHashMap<>();

    final Counter lines = Counter.build("promtail_journal_target_lines_total",
            "Total number of successful journal lines read").create();
    final Counter errors = Counter.build("promtail_journal_target_parsing_errors_total",
            "Total number of parsing errors while reading journal messages").labelNames("error").create();

    private JournalMetrics() {
    }

    static synchronized JournalMetrics of(AgentMetrics metrics) {
        return BY_AGENT.computeIfAbsent(metrics, m -> {
            JournalMetrics created = new JournalMetrics();
            created.lines.register(m.registry());
            created.errors.register(m.registry());
            return created;
        });
    }

    void error(String kind) {
        errors.labels(kind).inc();
    }
}
