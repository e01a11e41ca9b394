package io.sleipnir.targets;

import io.sleipnir.config.DecompressionConfig;
import io.sleipnir.discovery.TargetGroupProvider;
import io.sleipnir.model.EntrySink;
import io.sleipnir.relabel.RelabelRule;
import java.util.List;

/**
 * One compiled scrape config as the target layer sees it: where its target groups come from, its relabel rules,
 * the sink (its pipeline) its lines go to, and whether its files are compressed.
 */
public record ScrapeJob(String name, List<TargetGroupProvider> providers, List<RelabelRule> rules, EntrySink sink,
        DecompressionConfig decompression) {
    public ScrapeJob {
        providers = List.copyOf(providers);
        rules = List.copyOf(rules);
    }

    public ScrapeJob(String name, List<TargetGroupProvider> providers, List<RelabelRule> rules, EntrySink sink) {
        this(name, providers, rules, sink, DecompressionConfig.DISABLED);
    }
}
