package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.StageConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** match, drop, limit and sampling: Promtail's doc examples, LogQL semantics, drop accounting, bad input. */
class FilteringStagesTest {

    // ---- match (match.md) ----

    @Test
    void matchDocExampleRunsStagesPerAppAndDropsNoisyErrors() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json: {expressions: {app: }}
                - labels: {app: }
                - match:
                    selector: '{app="loki"}'
                    stages:
                    - json: {expressions: {msg: message}}
                - match:
                    pipeline_name: "app2"
                    selector: '{app="pokey"}'
                    action: keep
                    stages:
                    - json: {expressions: {msg: msg}}
                - match:
                    selector: '{app="promtail"} |~ ".*noisy error.*"'
                    action: drop
                    drop_counter_reason: promtail_noisy_error
                - output: {source: msg}
                """);
        assertThat(h.run("{ \"time\":\"2012-11-01T22:08:41+00:00\", \"app\":\"loki\", \"component\": [\"parser\","
                + "\"type\"], \"level\" : \"WARN\", \"message\" : \"app1 log line\" }").line()).isEqualTo("app1 log line");
        assertThat(h.run("{ \"time\":\"2012-11-01T22:08:41+00:00\", \"app\":\"pokey\", \"component\": [\"parser\","
                + "\"type\"], \"level\" : \"WARN\", \"msg\" : \"app2 log line\" }").line()).isEqualTo("app2 log line");
        CountingDelivery noisy = new CountingDelivery("noisy");
        assertThat(h.runAll("{ \"app\":\"promtail\", \"level\" : \"ERROR\", \"message\" : \"foo noisy error\" }",
                Labels.empty(), noisy)).isEmpty();
        assertThat(noisy.completed).isEqualTo(1);
        assertThat(h.metrics.value("logentry_dropped_lines_total", "reason", "promtail_noisy_error")).isEqualTo(1);
        // A promtail line that is not noisy goes on (its msg is absent, so output leaves the line).
        assertThat(h.runAll("{\"app\":\"promtail\",\"message\":\"fine\"}", Labels.empty(), new CountingDelivery("d")))
                .hasSize(1);
    }

    private static boolean selects(String selector, Labels labels, String line) throws Exception {
        StagesHarness h = new StagesHarness("- match: {selector: '" + selector + "', action: drop}");
        return h.runAll(line, labels, new CountingDelivery("d")).isEmpty();
    }

    @Test
    void selectorsFromTheDocsAndLogQlSemantics() throws Exception {
        Labels mysqlBackup = Labels.of("app", "mysql", "name", "mysql-backup", "job", "mysql");
        assertThat(selects("{app=\"mysql\",name=\"mysql-backup\"}", mysqlBackup, "x")).isTrue();
        assertThat(selects("{app=\"mysql\",name=\"mysql\"}", mysqlBackup, "x")).isFalse();
        assertThat(selects("{name=~\"mysql.+\"}", mysqlBackup, "x")).isTrue();
        assertThat(selects("{name=~\"mysql\"}", mysqlBackup, "x")).as("label regexes are anchored").isFalse();
        assertThat(selects("{name!~\"mysql.+\"}", mysqlBackup, "x")).isFalse();
        assertThat(selects("{name!~\"mysql.+\"}", Labels.of("name", "kafka"), "x")).isTrue();
        assertThat(selects("{job=\"mysql\"} |= \"error\"", mysqlBackup, "an error here")).isTrue();
        assertThat(selects("{job=\"mysql\"} |= \"error\"", mysqlBackup, "all fine")).isFalse();
        assertThat(selects("{name=\"kafka\"} |~ \"tsdb-ops.*io:2003\"", Labels.of("name", "kafka"),
                "x tsdb-ops y io:2003 z")).as("line regexes are not anchored").isTrue();
        assertThat(selects("{name=\"kafka\"} |~ \"tsdb-ops.*io:2003\"", Labels.of("name", "kafka"), "io:2003")).isFalse();
        // Chained filters must all hold; != and !~ exclude.
        assertThat(selects("{a=\"1\"} |= \"x\" != \"y\" !~ \"z+\"", Labels.of("a", "1"), "x")).isTrue();
        assertThat(selects("{a=\"1\"} |= \"x\" != \"y\" !~ \"z+\"", Labels.of("a", "1"), "x y")).isFalse();
        assertThat(selects("{a=\"1\"} |= \"x\" != \"y\" !~ \"z+\"", Labels.of("a", "1"), "x zz")).isFalse();
        // A missing label has the value "".
        assertThat(selects("{a=\"1\", b=~\"\"}", Labels.of("a", "1"), "x")).isTrue();
        assertThat(selects("{a=\"1\", b!=\"v\"}", Labels.of("a", "1"), "x")).isTrue();
        assertThat(selects("{b=\"v\"}", Labels.of("a", "1"), "x")).isFalse();
        assertThat(selects("{a=`1`} |= `\\d`", Labels.of("a", "1"), "a\\d")).as("raw strings").isTrue();
    }

    @Test
    void matchKeepRunsBufferingNestedStagesAndFlushesThem() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<LogEntry> out = new ArrayList<>();
        Pipeline p = Pipeline.build("j", StagesHarness.parse("""
                - match:
                    selector: '{app="java"}'
                    stages:
                    - multiline: {firstline: '^\\d', max_wait_time: 1s}
                """), out::add, new AgentMetrics(), clock);
        Labels java = Labels.of("app", "java");
        p.accept(LogEntry.of(1, "1 start", java, new CountingDelivery("a")));
        p.accept(LogEntry.of(2, "  at x", java, new CountingDelivery("b")));
        p.accept(LogEntry.of(3, "other", Labels.of("app", "go"), new CountingDelivery("c")));
        assertThat(out).extracting(LogEntry::line).containsExactly("other");
        assertThat(p.needsTicks()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(p.tick()).isTrue();
        assertThat(out).extracting(LogEntry::line).containsExactly("other", "1 start\n  at x");
    }

    // ---- drop (drop.md) ----

    private static boolean drops(String stage, String line, long timestamp) throws Exception {
        return drops(stage, line, timestamp, Labels.empty());
    }

    private static boolean drops(String stage, String line, long timestamp, Labels labels) throws Exception {
        StagesHarness h = new StagesHarness(stage);
        CountingDelivery d = new CountingDelivery("d");
        List<PipelineEntry> out = new ArrayList<>();
        StageSink sink = out::add;
        for (int i = h.stages.size() - 1; i >= 0; i--) {
            Stage s = h.stages.get(i);
            StageSink after = sink;
            sink = e -> s.process(e, after);
        }
        sink.accept(PipelineEntry.of(LogEntry.of(timestamp, line, labels, d)));
        assertThat(d.completed).as("a dropped entry's delivery completes; a kept one's does not")
                .isEqualTo(out.isEmpty() ? 1 : 0);
        return out.isEmpty();
    }

    private static boolean drops(String stage, String line) throws Exception {
        return drops(stage, line, StagesHarness.READ_TIME);
    }

    @Test
    void dropDocExamples() throws Exception {
        String json = "- json: {expressions: {level: , msg: , app: , source: }}\n";
        // Only a source: drop when it exists.
        assertThat(drops(json + "- drop: {source: source}", "{\"source\":\"x\"}")).isTrue();
        // (The json stage sets a key it does not find to null, as Promtail's does, so "absent" needs another stage.)
        assertThat(drops("- drop: {source: source}", "x", 0, Labels.of("source", "s"))).isTrue();
        assertThat(drops("- drop: {source: source}", "x", 0, Labels.of("app", "s"))).isFalse();
        // source and value.
        assertThat(drops(json + "- drop: {source: level, value: debug}", "{\"level\":\"debug\"}")).isTrue();
        assertThat(drops(json + "- drop: {source: level, value: debug}", "{\"level\":\"debugging\"}")).isFalse();
        // source and expression.
        assertThat(drops(json + "- drop: {source: level, expression: '(error|ERROR)'}", "{\"level\":\"ERROR\"}"))
                .isTrue();
        assertThat(drops(json + "- drop: {source: level, expression: '(error|ERROR)'}", "{\"level\":\"info\"}"))
                .isFalse();
        // expression on the line.
        assertThat(drops("- drop: {expression: '.*debug.*'}", "a debug line")).isTrue();
        assertThat(drops("- drop: {expression: '.*debug.*'}", "an info line")).isFalse();
        // A list of sources joined with the separator.
        String list = json + "- drop: {source: [level, msg], separator: '#', expression: '(error|ERROR)#.*\\/loki\\/api\\/push.*'}";
        assertThat(drops(list, "{\"level\":\"error\",\"msg\":\"POST /loki/api/push 200\"}")).isTrue();
        assertThat(drops(list, "{\"level\":\"error\",\"msg\":\"GET /metrics\"}")).isFalse();
        // All listed sources must exist when there is no expression (the extracted map starts with the labels).
        assertThat(drops("- drop: {source: [level, app]}", "x", 0, Labels.of("level", "a", "app", "b"))).isTrue();
        assertThat(drops("- drop: {source: [level, app]}", "x", 0, Labels.of("level", "a"))).isFalse();
    }

    @Test
    void dropByAgeAndLengthAndTheirCombination() throws Exception {
        long now = StagesHarness.NOW.getEpochSecond() * 1_000_000_000L + StagesHarness.NOW.getNano();
        long dayAgo = now - Duration.ofHours(24).toNanos();
        assertThat(drops("- drop: {older_than: 24h, drop_counter_reason: line_too_old}", "x", dayAgo - 1)).isTrue();
        assertThat(drops("- drop: {older_than: 24h}", "x", dayAgo + 1_000)).isFalse();
        assertThat(drops("- drop: {longer_than: 8kb}", "x".repeat(8 * 1024 + 1))).isTrue();
        assertThat(drops("- drop: {longer_than: 8kb}", "x".repeat(8 * 1024))).isFalse();
        assertThat(drops("- drop: {longer_than: 6}", "ééé")).as("bytes, not characters").isFalse();
        assertThat(drops("- drop: {longer_than: 5}", "ééé")).isTrue();
        // Every condition must hold.
        assertThat(drops("- drop: {older_than: 24h, expression: 'debug'}", "debug", dayAgo - 1)).isTrue();
        assertThat(drops("- drop: {older_than: 24h, expression: 'debug'}", "debug", now)).isFalse();
        assertThat(drops("- drop: {older_than: 24h, expression: 'debug'}", "info", dayAgo - 1)).isFalse();
    }

    @Test
    void dropCountsItsReason() throws Exception {
        StagesHarness h = new StagesHarness("- drop: {expression: x, drop_counter_reason: no_x}\n- drop: {expression: y}");
        h.runAll("x", Labels.empty(), new CountingDelivery("1"));
        h.runAll("y", Labels.empty(), new CountingDelivery("2"));
        assertThat(h.metrics.value("logentry_dropped_lines_total", "reason", "no_x")).isEqualTo(1);
        assertThat(h.metrics.value("logentry_dropped_lines_total", "reason", "drop_stage")).isEqualTo(1);
    }

    @Test
    void aJsonNullValueKeepsTheEntryAndNumbersCompareAsText() throws Exception {
        String json = "- json: {expressions: {level: , code: }}\n";
        assertThat(drops(json + "- drop: {source: level, expression: '.*'}", "{\"level\":null}")).isFalse();
        assertThat(drops(json + "- drop: {source: code, value: '500'}", "{\"code\":500}")).isTrue();
    }

    // ---- limit (limit.md) ----

    private static StageContext context(MutableClock clock) {
        return new StageContext("j", new AgentMetrics(), clock);
    }

    private static int passed(Stage stage, int entries, Labels labels) throws Exception {
        List<PipelineEntry> out = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            stage.process(PipelineEntry.of(LogEntry.of(i, "l" + i, labels, new CountingDelivery("d"))), out::add);
        }
        return out.size();
    }

    @Test
    void limitWithDropLetsTheBurstThroughThenTheRate() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        StageContext ctx = context(clock);
        LimitStage stage = new LimitStage((LimitStage.Config) StagesHarness.parse(
                "- limit: {rate: 5, burst: 10, drop: true}").get(0), ctx);
        assertThat(passed(stage, 15, Labels.empty())).isEqualTo(10);
        clock.advance(Duration.ofSeconds(1));
        assertThat(passed(stage, 15, Labels.empty())).isEqualTo(5);
        assertThat(ctx.metrics().value("logentry_dropped_lines_total", "reason", "ratelimit_drop_stage")).isEqualTo(15);
    }

    @Test
    void limitWithoutDropWaitsForEachToken() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<Long> waits = new ArrayList<>();
        LimitStage stage = new LimitStage((LimitStage.Config) StagesHarness.parse(
                "- limit: {rate: 2, burst: 1}").get(0), context(clock), nanos -> {
                    waits.add(nanos);
                    clock.advance(Duration.ofNanos(nanos));
                });
        assertThat(passed(stage, 4, Labels.empty())).isEqualTo(4);
        assertThat(waits).containsExactly(500_000_000L, 500_000_000L, 500_000_000L);
    }

    @Test
    void limitWithoutDropCanBeInterrupted() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        LimitStage stage = new LimitStage((LimitStage.Config) StagesHarness.parse(
                "- limit: {rate: 0.001, burst: 1}").get(0), context(clock));
        passed(stage, 1, Labels.empty());
        Thread.currentThread().interrupt();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> passed(stage, 1, Labels.empty()))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void limitByLabelKeepsOneBucketPerValue() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        LimitStage stage = new LimitStage((LimitStage.Config) StagesHarness.parse(
                "- limit: {rate: 1, burst: 2, drop: true, by_label_name: namespace}").get(0), context(clock));
        assertThat(passed(stage, 5, Labels.of("namespace", "a"))).isEqualTo(2);
        assertThat(passed(stage, 5, Labels.of("namespace", "b"))).isEqualTo(2);
        assertThat(passed(stage, 5, Labels.of("app", "x"))).as("entries without the label are not limited").isEqualTo(5);
    }

    // ---- sampling (sampling.md) ----

    @Test
    void samplingKeepsAboutTheRateAndCountsTheRest() throws Exception {
        AgentMetrics metrics = new AgentMetrics();
        StageContext ctx = new StageContext("j", metrics, java.time.Clock.systemUTC());
        SamplingStage.Config config = (SamplingStage.Config) StagesHarness.parse("- sampling: {rate: 0.1}").get(0);
        int kept = passed(new SamplingStage(config, ctx, new SplittableRandom(42)), 10_000, Labels.empty());
        assertThat(kept).isBetween(900, 1100);
        assertThat(metrics.value("logentry_dropped_lines_total", "reason", "sampling_stage")).isEqualTo(10_000 - kept);
        // The same seed selects the same entries.
        assertThat(passed(new SamplingStage(config, ctx, new SplittableRandom(42)), 10_000, Labels.empty())).isEqualTo(kept);
    }

    @Test
    void samplingRatesZeroAndOne() throws Exception {
        StageContext ctx = new StageContext("j", new AgentMetrics(), java.time.Clock.systemUTC());
        assertThat(passed(new SamplingStage(new SamplingStage.Config(1, "s"), ctx, new SplittableRandom(1)), 1000,
                Labels.empty())).isEqualTo(1000);
        assertThat(passed(new SamplingStage(new SamplingStage.Config(0, "s"), ctx, new SplittableRandom(1)), 1000,
                Labels.empty())).isZero();
    }
}
