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

    /**
     * A line handed over as its bytes ({@code acceptUtf8}, the tailer's way) comes out of the pipeline exactly as the
     * same line handed over as an entry holding those bytes: with no stage, a lone {@code cri} (the bytes path),
     * {@code cri} followed by another stage (the text path), and stages that keep entries past the call ({@code cri}'s
     * partial lines, {@code multiline}'s blocks, one line or several), on good, partial, malformed and non-ASCII
     * lines. The bytes are lent as the tailer lends them: one buffer, overwritten after every call, so an entry that
     * still pointed into it would come out garbled.
     */
    @net.jqwik.api.Property(tries = 200)
    void aLineHandedOverAsBytesComesOutAsTheSameLineHandedOverAsAnEntry(
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(max = 4) int stages,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.Size(max = 10) List<
                    @net.jqwik.api.constraints.IntRange(min = 0, max = 999) Integer> picks) throws Exception {
        String[] lines = {"2019-04-30T02:12:41.8443515Z stdout F hello", "2019-04-30T02:12:42Z stderr P part-",
            "2019-04-30T02:12:43Z stderr F end", "not cri at all", "2019-04-30T02:12:44Z stdout F caf\u00e9",
            "yesterday stdout F bad time", "", "2019-04-30T02:12:45+02:00 stdout PF odd flags"};
        List<StageConfig> configs = switch (stages) {
            case 0 -> List.of();
            case 1 -> List.of(CriStage.Config.defaults());
            case 2 -> StagesHarness.parse("""
                    - cri:
                    - static_labels: {extra: x}
                    """);
            case 3 -> StagesHarness.parse("""
                    - cri:
                    - multiline: {firstline: '^[a-h]', max_wait_time: 1h}
                    """);
            default -> StagesHarness.parse("""
                    - multiline: {firstline: '^2019-04-30T02:12:4[1-3]', max_wait_time: 1h}
                    """);
        };
        byte[] lent = new byte[128];
        RecordingSink asEntries = new RecordingSink();
        RecordingSink asBytes = new RecordingSink();
        Pipeline entries = Pipeline.build("job", configs, asEntries, new AgentMetrics(), clock);
        Pipeline bytes = Pipeline.build("job", configs, asBytes, new AgentMetrics(), clock);
        List<CountingDelivery> entryTokens = new java.util.ArrayList<>();
        List<CountingDelivery> byteTokens = new java.util.ArrayList<>();
        for (int i = 0; i < picks.size(); i++) {
            String line = lines[picks.get(i) % lines.length];
            byte[] padded = ("<" + line + ">>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            CountingDelivery e = new CountingDelivery("line" + i);
            CountingDelivery b = new CountingDelivery("line" + i);
            entryTokens.add(e);
            byteTokens.add(b);
            entries.accept(LogEntry.ofUtf8(1_000 + i, padded, 1, padded.length - 3, FILE, Labels.empty(), e));
            System.arraycopy(padded, 0, lent, 0, padded.length);
            bytes.acceptUtf8(1_000 + i, lent, 1, padded.length - 3, FILE, b);
            java.util.Arrays.fill(lent, (byte) '#');
        }
        entries.close();
        bytes.close();

        assertThat(asBytes.entries).hasSameSizeAs(asEntries.entries);
        for (int i = 0; i < asEntries.entries.size(); i++) {
            LogEntry e = asEntries.entries.get(i);
            LogEntry b = asBytes.entries.get(i);
            assertThat(b.line()).isEqualTo(e.line());
            assertThat(b.utf8Length()).isEqualTo(e.utf8Length());
            assertThat(b.timestampNanos()).isEqualTo(e.timestampNanos());
            assertThat(b.labels()).isEqualTo(e.labels());
            assertThat(b.structuredMetadata()).isEqualTo(e.structuredMetadata());
            assertThat(b.delivery().toString()).isEqualTo(e.delivery().toString());
        }
        assertThat(byteTokens).extracting(d -> d.completed)
                .isEqualTo(entryTokens.stream().map(d -> d.completed).toList());
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
