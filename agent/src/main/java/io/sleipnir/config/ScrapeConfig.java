package io.sleipnir.config;

import java.util.List;

/** One {@code scrape_configs} job. */
public record ScrapeConfig(String jobName, List<StaticConfig> staticConfigs, List<StageConfig> pipelineStages) {
    public ScrapeConfig {
        staticConfigs = List.copyOf(staticConfigs);
        pipelineStages = List.copyOf(pipelineStages);
    }
}
