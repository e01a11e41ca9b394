package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** metrics: Promtail's doc examples, asserted as the exposition text /metrics serves, and idle expiry. */
class MetricsStageTest {
    private static final Labels APP = Labels.of("app", "shop", "__path__", "/x");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AgentMetrics metrics = new AgentMetrics();
    private final List<LogEntry> out = new ArrayList<>();

    private Pipeline pipeline(String stages) {
        return Pipeline.build("j", StagesHarness.parse(stages), out::add, metrics, clock);
    }

    private void send(Pipeline p, String... lines) throws Exception {
        for (String line : lines) {
            p.accept(LogEntry.of(1, line, APP, new CountingDelivery("d")));
        }
    }

    @Test
    void docExampleCountsEveryLineAndItsBytes() throws Exception {
        Pipeline p = pipeline("""
                - metrics:
                    log_lines_total:
                      type: Counter
                      description: "total number of log lines"
                      prefix: my_promtail_custom_
                      max_idle_duration: 24h
                      config:
                        match_all: true
                        action: inc
                    log_bytes_total:
                      type: Counter
                      description: "total bytes of log lines"
                      prefix: my_promtail_custom_
                      max_idle_duration: 24h
                      config:
                        match_all: true
                        count_entry_bytes: true
                        action: add
                """);
        send(p, "hello", "wörld");
        String text = metrics.scrape();
        assertThat(text).contains("# HELP my_promtail_custom_log_lines_total total number of log lines")
                .contains("my_promtail_custom_log_lines_total{app=\"shop\"} 2")
                .contains("my_promtail_custom_log_bytes_total{app=\"shop\"} 11");
        assertThat(out).hasSize(2);
    }

    @Test
    void docExampleCountsByValue() throws Exception {
        Pipeline p = pipeline("""
                - regex:
                    expression: "^.* order_status=(?P<order_status>.*?) .*$"
                - metrics:
                    successful_orders_total:
                      type: Counter
                      description: "successful orders"
                      source: order_status
                      config:
                        value: success
                        action: inc
                    failed_orders_total:
                      type: Counter
                      description: "failed orders"
                      source: order_status
                      config:
                        value: fail
                        action: inc
                """);
        send(p, "a order_status=success x", "b order_status=success x", "c order_status=fail x", "no status");
        assertThat(metrics.value("promtail_custom_successful_orders_total", "app", "shop")).isEqualTo(2);
        assertThat(metrics.value("promtail_custom_failed_orders_total", "app", "shop")).isEqualTo(1);
    }

    @Test
    void gaugesAndTheirActions() throws Exception {
        Pipeline p = pipeline("""
                - logfmt: {mapping: {retries: , queue: }}
                - metrics:
                    retries_total: {type: Gauge, source: retries, config: {action: add}}
                    queue_length: {type: Gauge, source: queue, config: {action: set}}
                    queue_events: {type: Gauge, source: queue, config: {action: inc}}
                """);
        send(p, "retries=3 queue=10", "retries=2 queue=4", "retries=oops");
        assertThat(metrics.value("promtail_custom_retries_total", "app", "shop")).isEqualTo(5);
        assertThat(metrics.value("promtail_custom_queue_length", "app", "shop")).isEqualTo(4);
        assertThat(metrics.value("promtail_custom_queue_events", "app", "shop")).isEqualTo(2);
    }

    @Test
    void docExampleHistogramWithDurationsAndNumbers() throws Exception {
        Pipeline p = pipeline("""
                - logfmt: {mapping: {response_time: }}
                - metrics:
                    http_response_time_seconds:
                      type: Histogram
                      description: "response time"
                      source: response_time
                      config:
                        buckets: [0.001,0.0025,0.005,0.010,0.025,0.050]
                """);
        send(p, "response_time=0.002", "response_time=20ms", "response_time=3", "response_time=fast");
        String text = metrics.scrape();
        assertThat(text).contains("# TYPE promtail_custom_http_response_time_seconds histogram")
                .contains("promtail_custom_http_response_time_seconds_bucket{app=\"shop\",le=\"0.001\"} 0")
                .contains("promtail_custom_http_response_time_seconds_bucket{app=\"shop\",le=\"0.0025\"} 1")
                .contains("promtail_custom_http_response_time_seconds_bucket{app=\"shop\",le=\"0.025\"} 2")
                .contains("promtail_custom_http_response_time_seconds_bucket{app=\"shop\",le=\"+Inf\"} 3")
                .contains("promtail_custom_http_response_time_seconds_count{app=\"shop\"} 3")
                .contains("promtail_custom_http_response_time_seconds_sum{app=\"shop\"} 3.022");
    }

    /**
     * Promtail's metrics stage registers client_golang collectors named prefix + name (metrics.md: "prefix ...
     * defaults to promtail_custom_"), and client_golang's expfmt writes values with strconv 'g' (text_create.go,
     * writeFloat) and adds no _total: the exposition below is the whole family, name for name and label for label.
     */
    @Test
    void promtailMetricsMd_theExpositionIsClientGolangsText() throws Exception {
        Pipeline p = pipeline("""
                - logfmt: {mapping: {took: , big: }}
                - metrics:
                    x: {type: Counter, description: "lines seen", config: {match_all: true, action: inc}}
                    big: {type: Gauge, description: "a big value", source: big, config: {action: set}}
                    took: {type: Histogram, description: "took", source: took, config: {buckets: [0.5, 1, 2.5]}}
                """);
        send(p, "took=1 big=1000000", "took=0.25 big=1000000");
        String text = metrics.scrape();
        assertThat(text).contains("""
                # HELP promtail_custom_x lines seen
                # TYPE promtail_custom_x counter
                promtail_custom_x{app="shop"} 2
                """);
        assertThat(text).contains("""
                # HELP promtail_custom_big a big value
                # TYPE promtail_custom_big gauge
                promtail_custom_big{app="shop"} 1e+06
                """);
        assertThat(text).contains("""
                # HELP promtail_custom_took took
                # TYPE promtail_custom_took histogram
                promtail_custom_took_bucket{app="shop",le="0.5"} 1
                promtail_custom_took_bucket{app="shop",le="1"} 2
                promtail_custom_took_bucket{app="shop",le="2.5"} 2
                promtail_custom_took_bucket{app="shop",le="+Inf"} 2
                promtail_custom_took_sum{app="shop"} 1.25
                promtail_custom_took_count{app="shop"} 2
                """);
        assertThat(text).doesNotContain("promtail_custom_x_total").doesNotContain(".0\n").doesNotContain(",}");
    }

    @Test
    void promtailClientGolang_seriesAreSortedByLabelValuesAndFamiliesByName() throws Exception {
        Pipeline p = pipeline("""
                - logfmt: {mapping: {app: }}
                - labels: {app: }
                - metrics:
                    b_lines: {type: Counter, description: "b", config: {match_all: true, action: inc}}
                    a_lines: {type: Counter, description: "a", config: {match_all: true, action: inc}}
                """);
        send(p, "app=zeta", "app=alpha", "app=mid");
        String text = metrics.scrape();
        assertThat(text).contains("""
                # TYPE promtail_custom_a_lines counter
                promtail_custom_a_lines{app="alpha"} 1
                promtail_custom_a_lines{app="mid"} 1
                promtail_custom_a_lines{app="zeta"} 1
                # HELP promtail_custom_b_lines b
                """);
    }

    @Test
    void idleSeriesDisappear() throws Exception {
        Pipeline p = pipeline("""
                - metrics:
                    lines_total: {type: Counter, max_idle_duration: 1m, config: {match_all: true, action: inc}}
                """);
        send(p, "x");
        assertThat(metrics.scrape()).contains("promtail_custom_lines_total{app=\"shop\"} 1");
        clock.advance(Duration.ofSeconds(61));
        assertThat(metrics.scrape()).doesNotContain("promtail_custom_lines_total{");
    }

    @Test
    void aMetricDefinedTwiceFailsAtBuild() {
        pipeline("- metrics: {m_total: {type: Counter, config: {action: inc}}}");
        assertThatThrownBy(() -> pipeline("- metrics: {m_total: {type: Counter, config: {action: inc}}}"))
                .hasMessageContaining("promtail_custom_m_total\" is already defined");
    }
}
