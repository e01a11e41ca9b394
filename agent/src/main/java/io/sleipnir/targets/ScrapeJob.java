package io.sleipnir.targets;

import io.sleipnir.discovery.TargetGroupProvider;
import io.sleipnir.model.EntrySink;
import io.sleipnir.relabel.RelabelRule;
import java.util.List;

/**
 * One compiled scrape config as the target layer sees it: where its target groups come from, its relabel rules,
 * and the sink (its pipeline) its lines go to.
 */
public record ScrapeJob(String name, List<TargetGroupProvider> providers, List<RelabelRule> rules, EntrySink sink) {
    public ScrapeJob {
        providers = List.copyOf(providers);
        rules = List.copyOf(rules);
    }
}
