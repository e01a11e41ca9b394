package io.sleipnir.config;

import java.util.List;

/** The whole configuration, as Promtail's YAML spells it, after defaults, validation and compilation. */
public record AgentConfig(
        ServerConfig server,
        List<ClientConfig> clients,
        PositionsConfig positions,
        List<ScrapeConfig> scrapeConfigs,
        LimitsConfig limits,
        TargetConfig targetConfig,
        GlobalConfig global) {

    public AgentConfig {
        clients = List.copyOf(clients);
        scrapeConfigs = List.copyOf(scrapeConfigs);
        global = global == null ? GlobalConfig.defaults() : global;
    }

    /** The configuration with {@code global} at its defaults (the constructor from before {@code global} existed). */
    public AgentConfig(ServerConfig server, List<ClientConfig> clients, PositionsConfig positions,
            List<ScrapeConfig> scrapeConfigs, LimitsConfig limits, TargetConfig targetConfig) {
        this(server, clients, positions, scrapeConfigs, limits, targetConfig, GlobalConfig.defaults());
    }
}
