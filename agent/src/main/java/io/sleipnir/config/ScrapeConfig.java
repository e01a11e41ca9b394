package io.sleipnir.config;

import java.util.List;

/**
 * One {@code scrape_configs} job: where its targets come from ({@code static_configs}, {@code kubernetes_sd_configs}),
 * its other inputs ({@code sources}: push API, syslog, ...), how their labels are rewritten ({@code relabel_configs})
 * and the pipeline their lines run through.
 */
public record ScrapeConfig(String jobName, List<StaticConfig> staticConfigs, List<StageConfig> pipelineStages,
        List<KubernetesSdConfig> kubernetesSdConfigs, List<RelabelConfig> relabelConfigs,
        List<SourceConfig> sources) {
    public ScrapeConfig {
        staticConfigs = List.copyOf(staticConfigs);
        pipelineStages = List.copyOf(pipelineStages);
        kubernetesSdConfigs = List.copyOf(kubernetesSdConfigs);
        relabelConfigs = List.copyOf(relabelConfigs);
        sources = List.copyOf(sources);
    }

    /** A file job: targets from static and Kubernetes discovery, no other sources. */
    public ScrapeConfig(String jobName, List<StaticConfig> staticConfigs, List<StageConfig> pipelineStages,
            List<KubernetesSdConfig> kubernetesSdConfigs, List<RelabelConfig> relabelConfigs) {
        this(jobName, staticConfigs, pipelineStages, kubernetesSdConfigs, relabelConfigs, List.of());
    }

    /** A job with static targets only and no relabeling. */
    public ScrapeConfig(String jobName, List<StaticConfig> staticConfigs, List<StageConfig> pipelineStages) {
        this(jobName, staticConfigs, pipelineStages, List.of(), List.of());
    }
}
