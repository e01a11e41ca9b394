package io.sleipnir.cli;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.BackoffConfig;
import io.sleipnir.config.ByteSize;
import io.sleipnir.config.ClientConfig;
import io.sleipnir.golang.GoDuration;
import io.sleipnir.config.LimitsConfig;
import io.sleipnir.config.PositionsConfig;
import io.sleipnir.config.ServerConfig;
import io.sleipnir.config.TargetConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Promtail's config flags over the loaded file, as Promtail applies them: a flag wins over the file. The
 * {@code -client.*} flags describe one more client, added when {@code -client.url} is given (Promtail appends its
 * flag-built client to {@code clients}); {@code -client.external-labels} is merged into every client, the client's
 * own labels winning on a clash.
 */
final class FlagOverrides {
    private FlagOverrides() {
    }

    static AgentConfig apply(AgentConfig config, Map<String, String> flags) {
        ServerConfig s = config.server();
        ServerConfig server = new ServerConfig(
                bool(flags, "server.disable", s.disable()),
                flags.getOrDefault("server.http-listen-address", s.httpListenAddress()),
                flags.containsKey("server.http-listen-port") ? Integer.parseInt(flags.get("server.http-listen-port"))
                        : s.httpListenPort(),
                duration(flags, "server.graceful-shutdown-timeout", s.gracefulShutdownTimeout()),
                s.logLevel(), s.healthCheckTarget(), s.logFormat(),
                bool(flags, "server.enable-runtime-reload", s.enableRuntimeReload()));
        PositionsConfig p = config.positions();
        PositionsConfig positions = new PositionsConfig(
                flags.containsKey("positions.file") ? Path.of(flags.get("positions.file")) : p.filename(),
                duration(flags, "positions.sync-period", p.syncPeriod()),
                bool(flags, "positions.ignore-invalid-yaml", p.ignoreInvalidYaml()));
        LimitsConfig l = config.limits();
        LimitsConfig limits = new LimitsConfig(
                flags.containsKey("max-line-size") ? ByteSize.parse(flags.get("max-line-size")) : l.maxLineSize(),
                bool(flags, "max-line-size-truncate", l.maxLineSizeTruncate()),
                flags.containsKey("max-streams") ? Math.max(0, Integer.parseInt(flags.get("max-streams"))) : l.maxStreams(),
                l.maxTenants(), l.labelGuards(), readline(flags, l.readline()));
        TargetConfig target = new TargetConfig(duration(flags, "target.sync-period", config.targetConfig().syncPeriod()));

        List<ClientConfig> clients = new ArrayList<>(config.clients());
        if (flags.containsKey("client.url")) {
            clients.add(flagClient(flags));
        }
        if (flags.containsKey("client.external-labels")) {
            Map<String, String> flagLabels = Flags.labels(flags.get("client.external-labels"));
            clients.replaceAll(c -> withExternalLabels(c, flagLabels));
        }
        return new AgentConfig(server, List.copyOf(clients), positions, config.scrapeConfigs(), limits, target,
                config.global());
    }

    private static LimitsConfig.ReadlineRate readline(Map<String, String> flags, LimitsConfig.ReadlineRate r) {
        String rate = flags.get("limit.readline-rate");
        String burst = flags.get("limit.readline-burst");
        return new LimitsConfig.ReadlineRate(bool(flags, "limit.readline-rate-enabled", r.enabled()),
                rate == null ? r.rate() : Double.parseDouble(rate), burst == null ? r.burst() : Integer.parseInt(burst),
                bool(flags, "limit.readline-rate-drop", r.drop()));
    }

    private static ClientConfig flagClient(Map<String, String> flags) {
        ClientConfig d = ClientConfig.defaults(flags.get("client.url"));
        BackoffConfig b = d.backoff();
        return new ClientConfig(d.url(), "", flags.getOrDefault("client.tenant-id", ""),
                duration(flags, "client.batch-wait", d.batchWait()),
                flags.containsKey("client.batch-size-bytes") ? Long.parseLong(flags.get("client.batch-size-bytes"))
                        : d.batchSize(),
                duration(flags, "client.timeout", d.timeout()),
                new BackoffConfig(duration(flags, "client.min-backoff", b.minPeriod()),
                        duration(flags, "client.max-backoff", b.maxPeriod()),
                        flags.containsKey("client.max-retries") ? Integer.parseInt(flags.get("client.max-retries"))
                                : b.maxRetries()),
                Map.of(), Map.of(), null, null, null, null,
                bool(flags, "client.drop-rate-limited-batches", d.dropRateLimitedBatches()));
    }

    private static ClientConfig withExternalLabels(ClientConfig c, Map<String, String> flagLabels) {
        Map<String, String> merged = new LinkedHashMap<>(flagLabels);
        merged.putAll(c.externalLabels());
        return new ClientConfig(c.url(), c.name(), c.tenantId(), c.batchWait(), c.batchSize(), c.timeout(),
                c.backoff(), merged, c.headers(), c.basicAuth(), c.bearerToken(), c.bearerTokenFile(), c.tls(),
                c.dropRateLimitedBatches());
    }

    private static boolean bool(Map<String, String> flags, String name, boolean fromFile) {
        return flags.containsKey(name) ? Boolean.parseBoolean(flags.get(name)) : fromFile;
    }

    private static java.time.Duration duration(Map<String, String> flags, String name, java.time.Duration fromFile) {
        return flags.containsKey(name) ? GoDuration.parse(flags.get(name)) : fromFile;
    }
}
