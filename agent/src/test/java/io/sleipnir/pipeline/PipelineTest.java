package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.StageConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {
    static final Labels FILE = Labels.of("filename", "/var/log/pods/a/0.log");
    final AgentMetrics metrics = new AgentMetrics();
    final Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    final RecordingSink out = new RecordingSink();

    @Test
    void anEmptyStageListForwardsEntriesUnchanged() throws Exception {
        Pipeline pipeline = Pipeline.build("job", List.of(), out, metrics, clock);
        LogEntry entry = LogEntry.of(42, "2019-04-30T02:12:41Z stdout F untouched", FILE, new CountingDelivery("d"));

        pipeline.accept(entry);

        assertThat(out.entries).containsExactly(entry);
        assertThat(pipeline.stageNames()).isEmpty();
    }

    @Test
    void runsStagesInConfigOrder() throws Exception {
        Pipeline pipeline = Pipeline.build("job", List.of(CriStage.Config.defaults()), out, metrics, clock);

        pipeline.accept(LogEntry.of(42, "2019-04-30T02:12:41Z stdout F hello", FILE, new CountingDelivery("d")));

        assertThat(out.lines()).containsExactly("hello");
        assertThat(out.entries.get(0).labels().get("stream")).isEqualTo("stdout");
        assertThat(pipeline.stageNames()).containsExactly("cri");
    }

    @Test
    void flushRunsWhatAStageStillHeldThroughTheStagesAfterIt() throws Exception {
        // The first cri stage holds a P line whose content is itself a CRI line; only the second stage parses it.
        Pipeline pipeline = Pipeline.build("job", List.of(CriStage.Config.defaults(), CriStage.Config.defaults()),
                out, metrics, clock);
        pipeline.accept(LogEntry.of(42, "2019-04-30T02:12:41Z stdout P 2019-04-30T02:12:42Z stderr F inner",
                FILE, new CountingDelivery("d")));
        assertThat(out.entries).isEmpty();

        pipeline.close();

        assertThat(out.lines()).containsExactly("inner");
        assertThat(out.entries.get(0).labels().get("stream")).isEqualTo("stderr");
    }

    @Test
    void everyStageKindInTheListBindsAndBuildsItsStage() {
        List<StageConfig> samples = StagesHarness.parse("""
                - cri:
                - docker:
                - regex: {expression: "(?P<a>.)"}
                - json: {expressions: {a: }}
                - logfmt: {mapping: {a: }}
                - replace: {expression: "(a)", replace: b}
                - template: {source: a, template: x}
                - output: {source: a}
                - labels: {a: }
                - structured_metadata: {a: }
                - static_labels: {a: b}
                - labeldrop: [a]
                - labelallow: [a]
                - tenant: {value: t}
                - decolorize:
                - pack: {labels: [a]}
                - timestamp: {source: a, format: RFC3339}
                - match: {selector: '{a="b"}', action: drop}
                - drop: {source: a}
                - limit: {rate: 1, burst: 1}
                - sampling: {rate: 0.5}
                - multiline: {firstline: '^x'}
                - metrics: {m: {type: Counter, config: {action: inc}}}
                """);
        assertThat(samples).extracting(StageConfig::name).containsExactlyElementsOf(Stages.NAMES);
        assertThat(Stages.NAMES).allSatisfy(name -> assertThat(Stages.kind(name).name()).isEqualTo(name));
        assertThat(samples).extracting(config -> (Object) config.getClass())
                .containsExactlyElementsOf(Stages.NAMES.stream().map(name -> Stages.kind(name).configType()).toList());

        StageContext context = new StageContext("job", metrics, clock);
        assertThat(samples).allSatisfy(config ->
                assertThat(Stages.build(config, context, true).name()).isEqualTo(config.name()));
    }

    @Test
    void extractedValuesTravelBetweenStagesButNotOutOfThePipeline() throws Exception {
        Pipeline pipeline = Pipeline.build("job", StagesHarness.parse("""
                - cri: {}
                - labels: {flags: }
                - output: {source: time}
                """), out, metrics, clock);

        pipeline.accept(LogEntry.of(42, "2019-04-30T02:12:41Z stdout F hello", FILE, new CountingDelivery("d")));

        assertThat(out.lines()).containsExactly("2019-04-30T02:12:41Z");
        assertThat(out.entries.get(0).labels()).isEqualTo(FILE.with("stream", "stdout").with("flags", "F"));
    }

    @Test
    void aDroppedEntryIsCompletedAndCounted() {
        StageContext context = new StageContext("job", metrics, clock);
        CountingDelivery d = new CountingDelivery("d");

        context.drop(LogEntry.of(1, "x", FILE, d), "drop_stage");

        assertThat(d.completed).isEqualTo(1);
        assertThat(metrics.scrape()).contains("logentry_dropped_lines_total{reason=\"drop_stage\"} 1");
    }
}
