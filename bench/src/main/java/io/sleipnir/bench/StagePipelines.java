package io.sleipnir.bench;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.pipeline.Pipeline;
import java.time.Clock;
import java.util.Map;
import java.util.function.Predicate;
import org.openjdk.jmh.infra.Blackhole;

/** Shared set-up of the stage benchmarks: pipelines from YAML, as a config file builds them, and their input. */
final class StagePipelines {
    static final int LINES = 4096; // a power of two: the index wraps with a mask

    private StagePipelines() {
    }

    static Pipeline build(String stagesYaml, LineSink sink) {
        StringBuilder yaml = new StringBuilder("scrape_configs:\n  - job_name: bench\n"
                + "    static_configs: []\n    pipeline_stages:\n");
        stagesYaml.lines().forEach(l -> yaml.append("      ").append(l).append('\n'));
        try {
            AgentConfig config = ConfigLoader.parse(yaml.toString(), "bench.yaml", false, Map.of(), false);
            return Pipeline.build("bench", config.scrapeConfigs().get(0).pipelineStages(), sink, new AgentMetrics(),
                    Clock.systemUTC());
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** LINES payloads (150 to 200 characters) of the kind {@code accept} picks, on eight pods' file labels. */
    static LogEntry[] payloads(Predicate<String> accept) {
        LogLines gen = new LogLines();
        LogEntry[] input = new LogEntry[LINES];
        for (int i = 0; i < LINES; ) {
            String p = gen.payload(150 + gen.nextInt(51));
            if (accept.test(p)) {
                Labels labels = LogLines.fileLabels(i % 8);
                input[i] = LogEntry.of(gen.nanosAt(i), p, labels, Delivery.NONE);
                i++;
            }
        }
        return input;
    }

    /** Runs the input once so that a broken set-up fails the trial instead of measuring nothing. */
    static void warmOnce(Pipeline pipeline, LogEntry[] input, LineSink sink) {
        sink.blackhole = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        try {
            for (LogEntry e : input) {
                pipeline.accept(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
