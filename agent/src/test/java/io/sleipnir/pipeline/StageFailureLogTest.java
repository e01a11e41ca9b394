package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.ConfigLoader;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A stage that fails on an entry says so at debug, at most once per stage and reason every 10 s. */
class StageFailureLogTest {
    private final Logger logger = Logger.getLogger(StageReports.class.getName());
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previous;

    @BeforeEach
    void capture() {
        previous = logger.getLevel();
        logger.setLevel(Level.FINE);
        logger.addHandler(handler);
    }

    @AfterEach
    void release() {
        logger.removeHandler(handler);
        logger.setLevel(previous);
    }

    private static Pipeline pipeline(String stagesYaml, AgentMetrics metrics, MutableClock clock) throws Exception {
        var stages = ConfigLoader.parse("""
                scrape_configs:
                  - job_name: app
                    static_configs: []
                    pipeline_stages:
                """ + stagesYaml.indent(6), "s.yaml", false, Map.of(), false).scrapeConfigs().get(0)
                .pipelineStages();
        return Pipeline.build("app", stages, e -> { }, metrics, clock);
    }

    private static void feed(Pipeline p, String line) throws InterruptedException {
        p.accept(LogEntry.of(5, line, Labels.of("app", "order"), Delivery.NONE));
    }

    @Test
    void aFailureIsLoggedAtDebugOncePerTenSecondsWithTheCountOfSuppressedOnes() throws Exception {
        AgentMetrics metrics = new AgentMetrics();
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        Pipeline p = pipeline("""
                - regex: {expression: '^(?P<time>\\S+) '}
                - timestamp: {source: time, format: RFC3339}
                """, metrics, clock);

        feed(p, "25/11/2026 first");
        feed(p, "26/11/2026 second");
        feed(p, "27/11/2026 third");
        clock.advance(Duration.ofSeconds(10));
        feed(p, "28/11/2026 fourth");

        assertThat(lines).containsExactly(
                "FINE job app: stage timestamp (unparsed): \"25/11/2026\" does not match RFC3339, timestamp unchanged",
                "FINE job app: stage timestamp (unparsed): \"28/11/2026\" does not match RFC3339, timestamp unchanged"
                        + " (2 more suppressed in the last 10s)");
        assertThat(metrics.value("sleipnir_stage_failures_total", "job", "app", "stage", "timestamp",
                "reason", "unparsed")).isEqualTo(4);
    }

    @Test
    void eachStageAndReasonHasItsOwnLimit() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        Pipeline p = pipeline("""
                - regex: {expression: '^(?P<level>[A-Z]+) '}
                - regex: {expression: '^(?P<word>[a-z]+) ', source: level}
                """, new AgentMetrics(), clock);

        feed(p, "lower one");
        feed(p, "lower two");

        assertThat(lines).containsExactly(
                "FINE job app: stage regex (no_match): no match",
                "FINE job app: stage regex (source_missing): source \"level\" has no text value");
    }

    @Test
    void nothingIsLoggedAboveDebug() throws Exception {
        logger.setLevel(Level.INFO);
        AgentMetrics metrics = new AgentMetrics();
        Pipeline p = pipeline("- json: {expressions: {level: level}}", metrics,
                new MutableClock(Instant.parse("2026-12-01T10:00:00Z")));

        feed(p, "not json");

        assertThat(lines).isEmpty();
        assertThat(metrics.value("sleipnir_stage_failures_total", "job", "app", "stage", "json",
                "reason", "malformed_json")).isEqualTo(1);
    }
}
