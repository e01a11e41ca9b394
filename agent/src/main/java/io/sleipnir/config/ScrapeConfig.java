package io.sleipnir.config;

import java.util.List;

/**
 * One {@code scrape_configs} job: where its targets come from ({@code static_configs}, {@code kubernetes_sd_configs}),
 * its other inputs ({@code sources}: push API, syslog, ...), how their labels are rewritten ({@code relabel_configs})
 * and the pipeline their lines run through; {@code decompression} says its files are compressed (Promtail's block).
 */
public record ScrapeConfig(String jobName, List<StaticConfig> staticConfigs, List<StageConfig> pipelineStages,
        List<KubernetesSdConfig> kubernetesSdConfigs, List<RelabelConfig> relabelConfigs,
        List<SourceConfig> sources, DecompressionConfig decompression) {
    public ScrapeConfig {
        staticConfigs = List.copyOf(staticConfigs);
        pipelineStages = List.copyOf(pipelineStages);
        kubernetesSdConfigs = List.copyOf(kubernetesSdConfigs);
        relabelConfigs = List.copyOf(relabelConfigs);
        sources = List.copyOf(sources);
        if (decompression == null) {
            throw new NullPointerException("decompression must not be null (DecompressionConfig.DISABLED)");
        }
    }

    /** A job whose files are not compressed. */
    public ScrapeConfig(String jobName, List<StaticConfig> staticConfigs, List<StageConfig> pipelineStages,
            List<KubernetesSdConfig> kubernetesSdConfigs, List<RelabelConfig> relabelConfigs,
            List<SourceConfig> sources) {
        this(jobName, staticConfigs, pipelineStages, kubernetesSdConfigs, relabelConfigs, sources,
                DecompressionConfig.DISABLED);
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
