package io.sleipnir.config;

import java.util.List;

/**
 * One {@code scrape_configs} job: where its targets come from ({@code static_configs}, {@code kubernetes_sd_configs}),
 * how their labels are rewritten ({@code relabel_configs}) and the pipeline their lines run through.
 */
public record ScrapeConfig(String jobName, List<StaticConfig> staticConfigs, List<StageConfig> pipelineStages,
        List<KubernetesSdConfig> kubernetesSdConfigs, List<RelabelConfig> relabelConfigs) {
    public ScrapeConfig {
        staticConfigs = List.copyOf(staticConfigs);
        pipelineStages = List.copyOf(pipelineStages);
        kubernetesSdConfigs = List.copyOf(kubernetesSdConfigs);
        relabelConfigs = List.copyOf(relabelConfigs);
    }

    /** A job with static targets only and no relabeling. */
    public ScrapeConfig(String jobName, List<StaticConfig> staticConfigs, List<StageConfig> pipelineStages) {
        this(jobName, staticConfigs, pipelineStages, List.of(), List.of());
    }
}
