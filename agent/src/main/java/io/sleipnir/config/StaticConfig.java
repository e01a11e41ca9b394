package io.sleipnir.config;

import java.util.List;
import java.util.Map;

/** One {@code static_configs} entry: {@code targets} (ignored but for Promtail's {@code localhost}) and labels. */
public record StaticConfig(List<String> targets, Map<String, String> labels) {
    public StaticConfig {
        targets = List.copyOf(targets);
        labels = Map.copyOf(labels);
    }
}
