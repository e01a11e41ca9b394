package io.sleipnir.pipeline;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.config.StageConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds stages from a {@code pipeline_stages} YAML snippet, exactly as a config file would (so each test also
 * covers the binding), and runs one entry through them, keeping the {@link PipelineEntry} so that tests can
 * assert on the extracted map.
 */
final class StagesHarness {
    static final long READ_TIME = 1_700_000_000_000_000_000L;
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123456789Z");

    final AgentMetrics metrics = new AgentMetrics();
    final StageContext context = new StageContext("test", metrics, Clock.fixed(NOW, ZoneOffset.UTC));
    final List<Stage> stages = new ArrayList<>();

    StagesHarness(String stagesYaml) {
        for (StageConfig config : parse(stagesYaml)) {
            stages.add(Stages.build(config, context, true));
        }
    }

    static List<StageConfig> parse(String stagesYaml) {
        StringBuilder yaml = new StringBuilder("scrape_configs:\n  - job_name: test\n"
                + "    static_configs: [{targets: [localhost]}]\n    pipeline_stages:\n");
        stagesYaml.lines().forEach(l -> yaml.append("      ").append(l).append('\n'));
        try {
            AgentConfig config = ConfigLoader.parse(yaml.toString(), "stages.yaml", false, Map.of(), false);
            return config.scrapeConfigs().get(0).pipelineStages();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Runs {@code line} with {@code labels} through the stages; returns what came out (empty when dropped). */
    List<PipelineEntry> runAll(String line, Labels labels, CountingDelivery delivery) throws InterruptedException {
        List<PipelineEntry> out = new ArrayList<>();
        StageSink sink = out::add;
        for (int i = stages.size() - 1; i >= 0; i--) {
            Stage stage = stages.get(i);
            StageSink after = sink;
            sink = e -> stage.process(e, after);
        }
        sink.accept(PipelineEntry.of(LogEntry.of(READ_TIME, line, labels, delivery)));
        return out;
    }

    PipelineEntry run(String line, Labels labels) throws InterruptedException {
        List<PipelineEntry> out = runAll(line, labels, new CountingDelivery("d"));
        if (out.size() != 1) {
            throw new AssertionError("expected one entry out, got " + out);
        }
        return out.get(0);
    }

    PipelineEntry run(String line) throws InterruptedException {
        return run(line, Labels.empty());
    }
}
