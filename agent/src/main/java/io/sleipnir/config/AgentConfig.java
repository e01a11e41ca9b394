package io.sleipnir.config;

import java.util.List;

/** The whole configuration, as Promtail's YAML spells it, after defaults, validation and compilation. */
public record AgentConfig(
        ServerConfig server,
        List<ClientConfig> clients,
        PositionsConfig positions,
        List<ScrapeConfig> scrapeConfigs,
        LimitsConfig limits,
        TargetConfig targetConfig) {

    public AgentConfig {
        clients = List.copyOf(clients);
        scrapeConfigs = List.copyOf(scrapeConfigs);
    }
}
