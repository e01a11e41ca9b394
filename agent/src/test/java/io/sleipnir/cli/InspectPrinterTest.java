package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.ConfigLoader;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.pipeline.Pipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** -inspect: what each stage changed, one block per entry read. */
class InspectPrinterTest {

    @Test
    void printsEachStagesChanges() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        var stages = ConfigLoader.parse("""
                scrape_configs:
                  - job_name: app
                    static_configs: []
                    pipeline_stages:
                      - cri: {}
                      - labels: {flags: }
                      - drop: {expression: noisy}
                      - multiline: {firstline: '^START'}
                """, "i.yaml", false, Map.of(), false).scrapeConfigs().get(0).pipelineStages();
        Pipeline p = Pipeline.build("app", stages, e -> { }, new AgentMetrics(), Clock.systemUTC(),
                new InspectPrinter(out, "app"));
        Labels file = Labels.of("filename", "/a.log");
        p.accept(LogEntry.of(5, "2024-05-01T10:00:00Z stdout F START hi", file, Delivery.NONE));
        p.accept(LogEntry.of(6, "2024-05-01T10:00:01Z stdout F noisy", file, Delivery.NONE));
        p.accept(LogEntry.of(7, "2024-05-01T10:00:02Z stdout F START again", file, Delivery.NONE));

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("[inspect] job=app entry 1970-01-01T00:00:00.000000005+0000 {filename=\"/a.log\"}"
                        + " \"2024-05-01T10:00:00Z stdout F START hi\"")
                .contains("[inspect]   cri: line \"2024-05-01T10:00:00Z stdout F START hi\" -> \"START hi\"")
                .contains("[inspect]   cri: timestamp 1970-01-01T00:00:00.000000005+0000 -> 2024-05-01T10:00:00.000000000+0000")
                .contains("[inspect]   cri: labels +stream=\"stdout\"")
                .contains("[inspect]   cri: extracted +content=\"START hi\" +flags=\"F\" +stream=\"stdout\"")
                .contains("[inspect]   labels: labels +flags=\"F\"")
                .contains("[inspect]   drop: no change")
                .contains("[inspect]   drop: dropped (reason \"drop_stage\")")
                .contains("[inspect]   multiline: emits a buffered entry 2024-05-01T10:00:00.000000000+0000"
                        + " {filename=\"/a.log\", flags=\"F\", stream=\"stdout\"} \"START hi\"");
    }

    private static String inspect(String stagesYaml, AgentMetrics metrics, String... lines) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        var stages = ConfigLoader.parse("""
                scrape_configs:
                  - job_name: app
                    static_configs: []
                    pipeline_stages:
                """ + stagesYaml.indent(6), "i.yaml", false, Map.of(), false).scrapeConfigs().get(0).pipelineStages();
        Pipeline p = Pipeline.build("app", stages, e -> { }, metrics, Clock.systemUTC(), new InspectPrinter(out, "app"));
        for (String line : lines) {
            p.accept(LogEntry.of(5, line, Labels.of("app", "order"), Delivery.NONE));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTimestampThatDoesNotParseSaysSoAndTheCounterCountsIt() throws Exception {
        AgentMetrics metrics = new AgentMetrics();
        String text = inspect("""
                - regex: {expression: '^(?P<time>\\S+) '}
                - timestamp: {source: time, format: RFC3339, action_on_failure: skip}
                """, metrics, "25/11/2026 hello", "2026-11-25T10:00:00Z hello");

        assertThat(text).contains("[inspect]   timestamp: \"25/11/2026\" does not match RFC3339, timestamp unchanged")
                .doesNotContain("timestamp: no change");
        assertThat(text.lines().filter(l -> l.contains("does not match"))).hasSize(1);
        assertThat(metrics.scrape()).contains(
                "sleipnir_stage_failures_total{job=\"app\",reason=\"unparsed\",stage=\"timestamp\"} 1\n");
    }

    @Test
    void aRegexThatDoesNotMatchSaysNoMatch() throws Exception {
        AgentMetrics metrics = new AgentMetrics();
        String text = inspect("- regex: {expression: '^(?P<level>[A-Z]+) '}", metrics, "lowercase line");

        assertThat(text).contains("[inspect]   regex: no match").doesNotContain("regex: no change");
        assertThat(metrics.scrape()).contains(
                "sleipnir_stage_failures_total{job=\"app\",reason=\"no_match\",stage=\"regex\"} 1\n");
    }

    @Test
    void aJsonStageOnPlainTextSaysItIsNotAJsonObject() throws Exception {
        AgentMetrics metrics = new AgentMetrics();
        String text = inspect("- json: {expressions: {level: level}}", metrics, "plain text", "[1, 2]");

        assertThat(text).contains("[inspect]   json: not a JSON object at character 0")
                .contains("[inspect]   json: not a JSON object (an array)")
                .doesNotContain("json: no change");
        assertThat(metrics.scrape()).contains(
                "sleipnir_stage_failures_total{job=\"app\",reason=\"malformed_json\",stage=\"json\"} 2\n");
    }

    @Test
    void matchSaysWhetherItsSelectorMatchedAndNamesItsNestedStages() throws Exception {
        AgentMetrics metrics = new AgentMetrics();
        String text = inspect("""
                - match:
                    selector: '{app="order"}'
                    stages:
                      - regex: {expression: '^(?P<level>[A-Z]+) '}
                      - labels: {level: }
                - match:
                    selector: '{app="billing"}'
                    stages:
                      - regex: {expression: x}
                """, metrics, "lowercase line");

        assertThat(text).contains("[inspect]   match {app=\"order\"}: selector matched, 2 stages ran")
                .contains("[inspect]   match[0]/regex: no match")
                .contains("[inspect]   match {app=\"billing\"}: did not match")
                .doesNotContain("match: no change");
        assertThat(metrics.scrape()).contains(
                "sleipnir_stage_failures_total{job=\"app\",reason=\"no_match\",stage=\"match[0]/regex\"} 1\n")
                .doesNotContain("stage=\"match[1]/regex\"");
    }

    @Test
    void aDropSaysItDroppedAndWhy() throws Exception {
        AgentMetrics metrics = new AgentMetrics();
        String text = inspect("- drop: {expression: healthz, drop_counter_reason: healthcheck}", metrics,
                "GET /healthz", "GET /orders");

        assertThat(text).contains("[inspect]   drop: dropped (reason \"healthcheck\")")
                .doesNotContain("holds the entry")
                .contains("[inspect]   drop: no change");
        assertThat(metrics.scrape()).doesNotContain("sleipnir_stage_failures_total{");
    }

    @Test
    void aFudgedTimestampSaysItTookTheStreamsLastOnePlusOneNanosecond() throws Exception {
        String text = inspect("""
                - regex: {expression: '^(?P<time>\\S+) '}
                - timestamp: {source: time, format: RFC3339}
                """, new AgentMetrics(), "2026-11-25T10:00:00Z ok", "25/11/2026 bad", "no-time-here");

        assertThat(text).contains("[inspect]   timestamp: \"25/11/2026\" does not match RFC3339,"
                        + " timestamp set to the stream's last one + 1ns")
                .contains("[inspect]   timestamp: timestamp 1970-01-01T00:00:00.000000005+0000"
                        + " -> 2026-11-25T10:00:00.000000001+0000");
    }

    @Test
    void aMissingSourceIsNamed() throws Exception {
        AgentMetrics metrics = new AgentMetrics();
        String text = inspect("- timestamp: {source: time, format: RFC3339, action_on_failure: skip}", metrics,
                "no extracted time");

        assertThat(text).contains("[inspect]   timestamp: source \"time\" has no text value, timestamp unchanged");
        assertThat(metrics.scrape()).contains(
                "sleipnir_stage_failures_total{job=\"app\",reason=\"source_missing\",stage=\"timestamp\"} 1\n");
    }
}
