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
                .contains("[inspect]   drop: holds the entry (buffered, merged or dropped)")
                .contains("[inspect]   multiline: emits a buffered entry 2024-05-01T10:00:00.000000000+0000"
                        + " {filename=\"/a.log\", flags=\"F\", stream=\"stdout\"} \"START hi\"");
    }
}
