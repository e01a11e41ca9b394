package io.sleipnir.bench;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.config.StageConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.pipeline.Pipeline;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.openjdk.jmh.infra.Blackhole;

/** Shared set-up of the stage benchmarks: pipelines from YAML, as a config file builds them, and their input. */
final class StagePipelines {
    static final int LINES = 4096; // a power of two: the index wraps with a mask

    private StagePipelines() {
    }

    /** A pipeline of the stages in {@code stagesYaml} (a YAML list), parsed as a config file's {@code pipeline_stages}. */
    static Pipeline build(String stagesYaml, LineSink sink) {
        StringBuilder yaml = new StringBuilder("scrape_configs:\n  - job_name: bench\n"
                + "    static_configs: []\n    pipeline_stages:\n");
        stagesYaml.lines().forEach(l -> yaml.append("      ").append(l).append('\n'));
        try {
            AgentConfig config = ConfigLoader.parse(yaml.toString(), "bench.yaml", false, Map.of(), false);
            return build(config.scrapeConfigs().get(0).pipelineStages(), sink, new AgentMetrics());
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A pipeline of {@code stages} that counts into {@code metrics}, so that a benchmark can check its drops. */
    static Pipeline build(List<StageConfig> stages, LineSink sink, AgentMetrics metrics) {
        return Pipeline.build("bench", stages, sink, metrics, Clock.systemUTC());
    }

    /** Eight pods' file labels, one instance per file, shared by all of that file's lines as a file target shares them. */
    static Labels[] eightFiles() {
        Labels[] files = new Labels[8];
        for (int i = 0; i < files.length; i++) {
            files[i] = LogLines.fileLabels(i);
        }
        return files;
    }

    /** LINES entries: entry {@code i} is {@code lineAt(i)} at {@code gen.nanosAt(i)}, with {@code labelsAt(i)}. */
    static LogEntry[] entries(LogLines gen, IntFunction<String> lineAt, IntFunction<Labels> labelsAt) {
        LogEntry[] input = new LogEntry[LINES];
        for (int i = 0; i < LINES; i++) {
            input[i] = LogEntry.of(gen.nanosAt(i), lineAt.apply(i), labelsAt.apply(i), Delivery.NONE);
        }
        return input;
    }

    /** The same entries with their lines held as UTF-8 bytes, as the tailer hands on an ASCII line. */
    static LogEntry[] asUtf8(LogEntry[] entries) {
        LogEntry[] held = new LogEntry[entries.length];
        for (int i = 0; i < entries.length; i++) {
            LogEntry e = entries[i];
            byte[] utf8 = e.line().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            held[i] = LogEntry.ofUtf8(e.timestampNanos(), utf8, 0, utf8.length, e.labels(), e.structuredMetadata(),
                    e.delivery());
        }
        return held;
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

    /** Fails the trial if the stage counted any line as {@code reason}: the benchmark would measure the error path. */
    static void requireNoBadInput(AgentMetrics metrics, String reason) {
        double bad = metrics.badInput.labels(reason).get();
        if (bad != 0) {
            throw new IllegalStateException(bad + " generated lines were malformed for the stage");
        }
    }
}
