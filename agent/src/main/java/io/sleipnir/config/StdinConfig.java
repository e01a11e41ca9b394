package io.sleipnir.config;

import java.util.Map;

/**
 * {@code -stdin} (or {@code target_config.stdin: true}): standard input as the one target of the config's first
 * job, with that job's static labels and pipeline, as Promtail does.
 *
 * @param labels the first job's {@code static_configs} labels merged (internal {@code __} ones are not sent)
 */
public record StdinConfig(Map<String, String> labels) implements SourceConfig {
    public static final String KIND = "stdin";

    public StdinConfig {
        labels = Map.copyOf(labels);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
