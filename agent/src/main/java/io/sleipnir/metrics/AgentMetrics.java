package io.sleipnir.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's metrics under Promtail's names, so dashboards built for Promtail work unchanged. One instance per
 * agent with its own registry (no global state). Uses the Prometheus simpleclient because the 1.x client refuses
 * gauges whose names end in {@code _total}, which is what Promtail called {@code promtail_read_bytes_total}.
 */
public final class AgentMetrics {
    private final CollectorRegistry registry = new CollectorRegistry(true);

    public final Gauge readBytes = Gauge.build("promtail_read_bytes_total", "Number of bytes read.")
            .labelNames("path").register(registry);
    public final Gauge fileBytes = Gauge.build("promtail_file_bytes_total", "Number of bytes total.")
            .labelNames("path").register(registry);
    public final Counter readLines = Counter.build("promtail_read_lines_total", "Number of lines read.")
            .labelNames("path").register(registry);
    public final Gauge filesActive = Gauge.build("promtail_files_active_total", "Number of active files.")
            .register(registry);
    public final Counter encodedBytes = Counter.build("promtail_encoded_bytes_total",
            "Number of bytes encoded and ready to send.").labelNames("host").register(registry);
    public final Counter sentBytes = Counter.build("promtail_sent_bytes_total", "Number of bytes sent.")
            .labelNames("host").register(registry);
    public final Counter sentEntries = Counter.build("promtail_sent_entries_total", "Number of log entries sent to the ingester.")
            .labelNames("host").register(registry);
    public final Counter droppedBytes = Counter.build("promtail_dropped_bytes_total",
            "Number of bytes dropped because failed to be sent to the ingester after all retries.")
            .labelNames("host", "tenant", "reason").register(registry);
    public final Counter droppedEntries = Counter.build("promtail_dropped_entries_total",
            "Number of log entries dropped because failed to be sent to the ingester after all retries.")
            .labelNames("host", "tenant", "reason").register(registry);
    public final Counter mutatedEntries = Counter.build("promtail_mutated_entries_total",
            "The total number of log entries that have been mutated.")
            .labelNames("host", "tenant", "reason").register(registry);
    public final Counter mutatedBytes = Counter.build("promtail_mutated_bytes_total",
            "The total number of bytes that have been mutated.")
            .labelNames("host", "tenant", "reason").register(registry);
    public final Histogram requestDuration = Histogram.build("promtail_request_duration_seconds",
            "Duration of send requests.").labelNames("status_code", "host").register(registry);
    public final Counter batchRetries = Counter.build("promtail_batch_retries_total",
            "Number of times batches has had to be retried.").labelNames("host", "tenant").register(registry);
    /** Batches pushed before the read-time anchors their entries' timestamps came from were in the positions file. */
    public final Counter timestampsNotSaved = Counter.build("sleipnir_push_timestamps_not_saved_total",
            "Batches pushed before the positions file held the read-time anchors of their entries (after waiting"
                    + " 2s, or when a positions write failed): after a crash these lines may be re-sent with other"
                    + " timestamps.").labelNames("host", "tenant").register(registry);
    public final Counter timestampWaits = Counter.build("sleipnir_push_timestamp_waits_total",
            "Batches whose push waited for the positions file to hold the read-time anchors of their entries.")
            .labelNames("host", "tenant").register(registry);
    public final Gauge clientTenants = Gauge.build("sleipnir_client_tenants",
            "Tenants a client has open (entries held or sent within the last minute); at most limits_config.max_tenants.")
            .labelNames("host").register(registry);
    public final Counter pipelineDropped = Counter.build("logentry_dropped_lines_total",
            "A count of all log lines dropped as a result of a pipeline stage").labelNames("reason").register(registry);
    public final Counter badInput = Counter.build("sleipnir_bad_input_total",
            "Input that was skipped or repaired, by kind (invalid_utf8, malformed_cri, malformed_docker, unreadable_file, long_line).")
            .labelNames("kind").register(registry);
    /** Per stage path ({@code match[2]/regex}) and typed reason; series appear on first failure, none pre-set. */
    public final Counter stageFailures = Counter.build("sleipnir_stage_failures_total",
            "Entries a pipeline stage could not process as configured (no match, unparsable timestamp, not JSON).")
            .labelNames("job", "stage", "reason").register(registry);
    public final Gauge targetsActive = Gauge.build("promtail_targets_active_total", "Number of active total.")
            .register(registry);
    public final Counter targetsFailed = Counter.build("promtail_targets_failed_total", "Number of failed targets.")
            .labelNames("reason").register(registry);
    /** Label values replaced by the overflow value of a cardinality guard (limits_config.max_label_values). */
    public final Counter labelOverflow = Counter.build("sleipnir_label_overflow_total",
            "Label values past their max_label_values, sent as the overflow value.").labelNames("job", "label")
            .register(registry);
    /** Entries a live tail (GET /api/v1/tail) skipped because its reader was too slow. */
    public final Counter liveTailSkipped = Counter.build("sleipnir_live_tail_skipped_entries_total",
            "Matching entries a live tail skipped because its reader did not keep up.").register(registry);
    public final Counter positionsWrites = Counter.build("sleipnir_positions_writes_total",
            "Times the positions file was written.").register(registry);
    /** loki_push_api: bytes of entries accepted and not yet acknowledged downstream, and their bound, per job. */
    public final Gauge pushHeldBytes = Gauge.build("sleipnir_push_held_bytes",
            "Bytes of pushed entries accepted and not yet acknowledged by every client.").labelNames("job")
            .register(registry);
    public final Gauge pushHeldBytesPeak = Gauge.build("sleipnir_push_held_bytes_peak",
            "The highest sleipnir_push_held_bytes since start.").labelNames("job").register(registry);
    public final Gauge pushBudgetBytes = Gauge.build("sleipnir_push_budget_bytes",
            "The push API's bound on held bytes (max_held_bytes); a request that does not fit is answered 429.")
            .labelNames("job").register(registry);
    public final Counter pushRequests = Counter.build("sleipnir_push_requests_total",
            "Push API requests by the status answered.").labelNames("job", "status_code").register(registry);

    /** Starts with the build info and the process and JVM collectors, which read their values at scrape time. */
    public AgentMetrics() {
        BuildInfo.register(registry);
        new JvmCollectors().register(registry);
    }

    /**
     * Exposes {@code sleipnir_delivered_bytes{path}}: per tailed file, the offset up to which Loki acknowledged
     * every line (what the positions file will hold), read from {@code offsets} at each scrape. Next to
     * {@code promtail_read_bytes_total} it shows what was read but not yet shipped.
     */
    public void registerDeliveredOffsets(Supplier<Map<String, Long>> offsets) {
        new LabeledGauge(DELIVERED_BYTES, "Offset up to which every line of the file was acknowledged by Loki.",
                List.of("path"), () -> byOneLabel(offsets.get())).register(registry);
    }

    /**
     * Exposes {@code sleipnir_client_held_bytes{host}} and {@code sleipnir_client_budget_bytes{host}}: bytes of
     * entries each client holds (building, waiting, in flight) and its memory bound, read at each scrape.
     */
    public void registerClientBytes(Supplier<Map<String, Long>> held, Supplier<Map<String, Long>> budget) {
        new LabeledGauge("sleipnir_client_held_bytes",
                "Bytes of entries a client holds: batches being built, waiting and in flight.", List.of("host"),
                () -> byOneLabel(held.get())).register(registry);
        new LabeledGauge("sleipnir_client_budget_bytes",
                "A client's memory bound; reading pauses while the bytes held reach it.", List.of("host"),
                () -> byOneLabel(budget.get())).register(registry);
    }

    /**
     * Exposes {@code sleipnir_client_retrying{host, tenant}} (1 while the last push of the tenant failed and is
     * being retried) and {@code sleipnir_client_pushes_in_flight{host, tenant}}, keyed by [host, tenant].
     */
    public void registerClientPushes(Supplier<Map<List<String>, Integer>> retrying,
            Supplier<Map<List<String>, Integer>> inFlight) {
        new LabeledGauge("sleipnir_client_retrying",
                "1 while the last push of a client and tenant failed and is being retried, else 0.",
                List.of("host", "tenant"), retrying).register(registry);
        new LabeledGauge("sleipnir_client_pushes_in_flight", "Pushes of a client and tenant sent and not answered.",
                List.of("host", "tenant"), inFlight).register(registry);
    }

    private static Map<List<String>, Long> byOneLabel(Map<String, Long> values) {
        Map<List<String>, Long> out = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> out.put(List.of(k), v));
        return out;
    }

    /** The name of the per-path delivered-offset gauge. */
    public static final String DELIVERED_BYTES = "sleipnir_delivered_bytes";

    public CollectorRegistry registry() {
        return registry;
    }

    /**
     * Starts the series of every drop reason at zero for a client, as Promtail does; {@code tenant_limited} appears
     * on its first count (it is counted under {@code tenant=""} only).
     */
    public void initClient(String host, String tenant) {
        for (DropReason r : DropReason.values()) {
            if (r == DropReason.TENANT_LIMITED) {
                continue;
            }
            droppedEntries.labels(host, tenant, r.label());
            droppedBytes.labels(host, tenant, r.label());
        }
        sentEntries.labels(host);
        sentBytes.labels(host);
        encodedBytes.labels(host);
        batchRetries.labels(host, tenant);
        timestampsNotSaved.labels(host, tenant);
        timestampWaits.labels(host, tenant);
    }

    /**
     * The Prometheus text exposition as Promtail's Go client writes it ({@link GoTextFormat}), without the
     * {@code _created} series that Promtail never had.
     */
    public String scrape() {
        return GoTextFormat.write(new FilteredSamples(registry).samples());
    }

    /** Reads a counter or gauge value, for tests and the status page; 0 when the series does not exist. */
    public double value(String name, String... labelValuePairs) {
        String[] names = new String[labelValuePairs.length / 2];
        String[] values = new String[labelValuePairs.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = labelValuePairs[2 * i];
            values[i] = labelValuePairs[2 * i + 1];
        }
        Double v = registry.getSampleValue(name, names, values);
        return v == null ? 0 : v;
    }

    private record FilteredSamples(CollectorRegistry registry) {
        java.util.Enumeration<io.prometheus.client.Collector.MetricFamilySamples> samples() {
            java.util.List<io.prometheus.client.Collector.MetricFamilySamples> out = new java.util.ArrayList<>();
            var e = registry.metricFamilySamples();
            while (e.hasMoreElements()) {
                var f = e.nextElement();
                if (f.name.endsWith("_created")) {
                    continue;
                }
                var kept = f.samples.stream().filter(s -> !s.name.endsWith("_created")).toList();
                if (kept.size() == f.samples.size()) {
                    out.add(f); // as it is: an UnsuffixedCounter stays one
                    continue;
                }
                out.add(new io.prometheus.client.Collector.MetricFamilySamples(f.name, f.unit, f.type, f.help, kept));
            }
            return java.util.Collections.enumeration(out);
        }
    }

}
