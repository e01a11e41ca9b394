package io.sleipnir.cli;

import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.sleipnir.metrics.AgentMetrics;
import java.time.Clock;

/**
 * Promtail's reload counters ({@code promtail_config_reload_success_total}, {@code promtail_config_reload_fail_total},
 * the names of Promtail's promtail.go) and, as Prometheus has them, when the config was last loaded and whether the
 * last reload worked. The start-up load counts as the first success, as in Prometheus.
 */
final class ReloadMetrics {
    private final Counter success = Counter.build("promtail_config_reload_success_total",
            "Number of reload success times.").create();
    private final Counter fail = Counter.build("promtail_config_reload_fail_total",
            "Number of reload fail times.").create();
    private final Gauge lastSuccess = Gauge.build("sleipnir_config_last_reload_success_timestamp_seconds",
            "When the running config was loaded: at start, then at each successful reload.").create();
    private final Gauge lastSuccessful = Gauge.build("sleipnir_config_last_reload_successful",
            "1 when the last reload (or the start) applied its config, 0 when it was refused.").create();
    private final Clock clock;

    ReloadMetrics(AgentMetrics metrics, Clock clock) {
        this.clock = clock;
        success.register(metrics.registry());
        fail.register(metrics.registry());
        lastSuccess.register(metrics.registry());
        lastSuccessful.register(metrics.registry());
        loaded();
    }

    /** The config was loaded (start) or a reload applied it. */
    private void loaded() {
        lastSuccess.set(clock.millis() / 1000.0);
        lastSuccessful.set(1);
    }

    void count(ReloadOutcome outcome) {
        if (outcome.refused()) {
            fail.inc();
            lastSuccessful.set(0);
        } else {
            success.inc();
            loaded();
        }
    }
}
