package io.sleipnir.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.sleipnir.golang.GoDuration;
import io.sleipnir.golang.GoTimeLayout;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective configuration, defaults included, as YAML with Promtail's key names, for
 * {@code -print-config-stderr} and the {@code /config} page. Durations print in Go syntax, sizes as
 * {@link ByteSize#format}. Secrets (passwords, bearer tokens, every header value) print as {@code <secret>}, as
 * Prometheus' config printing does for its Secret fields; urls print with the password and query values masked
 * ({@link ClientConfig#redactUrl}, as Go's {@code URL.Redacted}). File paths (password_file, key_file) print as they
 * are; their contents are never read here. Everything else reads back to the same {@link AgentConfig}.
 */
public final class ConfigPrinter {
    static final String SECRET = "<secret>";

    private ConfigPrinter() {
    }

    /** A float64 that reads back the same: a whole number as one ({@code 10000}), {@code .inf} as text. */
    private static Object readlineRate(double rate) {
        if (Double.isInfinite(rate)) {
            return rate > 0 ? ".inf" : "-.inf";
        }
        return rate == Math.rint(rate) && Math.abs(rate) < 1e15 ? (Object) (long) rate : (Object) rate;
    }

    public static String toYaml(AgentConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("server", server(config.server()));
        root.put("clients", config.clients().stream().map(ConfigPrinter::client).toList());
        PositionsConfig positions = config.positions();
        root.put("positions", map("filename", positions.filename().toString(),
                "sync_period", GoDuration.format(positions.syncPeriod()),
                "ignore_invalid_yaml", positions.ignoreInvalidYaml()));
        root.put("scrape_configs", config.scrapeConfigs().stream().map(ConfigPrinter::scrape).toList());
        root.put("target_config", map("sync_period", GoDuration.format(config.targetConfig().syncPeriod())));
        LimitsConfig.ReadlineRate readline = config.limits().readline();
        // Promtail's order; its two booleans are omitempty, printed only when true
        Map<String, Object> limits = map("readline_rate", readlineRate(readline.rate()),
                "readline_burst", readline.burst());
        if (readline.enabled()) {
            limits.put("readline_rate_enabled", true);
        }
        if (readline.drop()) {
            limits.put("readline_rate_drop", true);
        }
        limits.putAll(map("max_line_size", ByteSize.format(config.limits().maxLineSize()),
                "max_line_size_truncate", config.limits().maxLineSizeTruncate(),
                "max_streams", config.limits().maxStreams(), "max_tenants", config.limits().maxTenants()));
        LabelGuardConfig guards = config.limits().labelGuards();
        if (guards.enabled()) { // Sleipnir's own keys, printed only when set so Promtail's printout stays the same
            limits.put("max_label_values", guards.maxLabelValues());
            limits.put("max_label_values_per_label", new java.util.TreeMap<>(guards.perLabel()));
            limits.put("label_values_window", GoDuration.format(guards.window()));
            limits.put("label_overflow_value", guards.overflowValue());
        }
        root.put("limits_config", limits);
        root.put("global", map("file_watch_config", map(
                "min_poll_frequency", GoDuration.format(config.global().minPollFrequency()),
                "max_poll_frequency", GoDuration.format(config.global().maxPollFrequency()))));
        ObjectMapper mapper = new ObjectMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build());
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // plain maps, lists and scalars always serialise
        }
    }

    private static Map<String, Object> server(ServerConfig s) {
        return map("disable", s.disable(), "http_listen_address", s.httpListenAddress(),
                "http_listen_port", s.httpListenPort(),
                "graceful_shutdown_timeout", GoDuration.format(s.gracefulShutdownTimeout()),
                "log_level", s.logLevel(), "health_check_target", s.healthCheckTarget(),
                "enable_runtime_reload", s.enableRuntimeReload());
    }

    private static Map<String, Object> client(ClientConfig c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", c.redactedUrl());
        putIfNotEmpty(out, "name", c.name());
        putIfNotEmpty(out, "tenant_id", c.tenantId());
        out.put("batchwait", GoDuration.format(c.batchWait()));
        out.put("batchsize", c.batchSize());
        out.put("timeout", GoDuration.format(c.timeout()));
        out.put("backoff_config", map("min_period", GoDuration.format(c.backoff().minPeriod()),
                "max_period", GoDuration.format(c.backoff().maxPeriod()), "max_retries", c.backoff().maxRetries()));
        if (!c.externalLabels().isEmpty()) {
            out.put("external_labels", new TreeMap<>(c.externalLabels()));
        }
        if (!c.headers().isEmpty()) {
            // Every value: a header's name does not say whether its value is a credential (X-Api-Key, X-Token, ...).
            Map<String, String> headers = new TreeMap<>();
            c.headers().keySet().forEach(name -> headers.put(name, SECRET));
            out.put("headers", headers);
        }
        if (c.basicAuth() != null) {
            Map<String, Object> auth = new LinkedHashMap<>();
            auth.put("username", c.basicAuth().username());
            putIfNotNull(auth, "password", c.basicAuth().password() == null ? null : SECRET);
            putIfNotNull(auth, "password_file", c.basicAuth().passwordFile());
            out.put("basic_auth", auth);
        }
        putIfNotNull(out, "bearer_token", c.bearerToken() == null ? null : SECRET);
        putIfNotNull(out, "bearer_token_file", c.bearerTokenFile());
        if (c.tls() != null) {
            Map<String, Object> tls = new LinkedHashMap<>();
            putIfNotNull(tls, "ca_file", c.tls().caFile());
            putIfNotNull(tls, "cert_file", c.tls().certFile());
            putIfNotNull(tls, "key_file", c.tls().keyFile());
            putIfNotNull(tls, "server_name", c.tls().serverName());
            tls.put("insecure_skip_verify", c.tls().insecureSkipVerify());
            out.put("tls_config", tls);
        }
        out.put("drop_rate_limited_batches", c.dropRateLimitedBatches());
        return out;
    }

    private static Map<String, Object> scrape(ScrapeConfig s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_name", s.jobName());
        List<Object> stages = stages(s.pipelineStages());
        if (!stages.isEmpty()) {
            out.put("pipeline_stages", stages);
        }
        out.put("static_configs", s.staticConfigs().stream()
                .map(sc -> map("targets", sc.targets(), "labels", new TreeMap<>(sc.labels())))
                .toList());
        if (!s.kubernetesSdConfigs().isEmpty()) {
            out.put("kubernetes_sd_configs", s.kubernetesSdConfigs().stream().map(ConfigPrinter::kubernetesSd).toList());
        }
        if (!s.relabelConfigs().isEmpty()) {
            out.put("relabel_configs", s.relabelConfigs().stream().map(ConfigPrinter::relabel).toList());
        }
        for (SourceConfig source : s.sources()) {
            if (source instanceof LokiPushApiConfig push) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("server", server(push.server()));
                p.put("labels", new TreeMap<>(push.labels()));
                p.put("use_incoming_timestamp", push.useIncomingTimestamp());
                p.put("max_body_size", ByteSize.format(push.maxBodyBytes()));
                p.put("max_entries_per_request", push.maxEntriesPerRequest());
                p.put("max_held_bytes", ByteSize.format(push.maxHeldBytes()));
                out.put(push.kind(), p);
            } else if (source instanceof SyslogConfig syslog) {
                out.put(syslog.kind(), syslog(syslog));
            } else if (source instanceof GelfConfig gelf) {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("listen_address", gelf.listenAddress().toString());
                g.put("listen_protocol", gelf.protocol());
                g.put("labels", new TreeMap<>(gelf.labels()));
                g.put("use_incoming_timestamp", gelf.useIncomingTimestamp());
                out.put(gelf.kind(), g);
            } else if (source instanceof JournalConfig journal) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("json", journal.json());
                j.put("max_age", GoDuration.format(journal.maxAge()));
                j.put("path", journal.path());
                j.put("matches", String.join(" ", journal.matches()));
                j.put("labels", new TreeMap<>(journal.labels()));
                out.put(journal.kind(), j);
            }
        }
        return out;
    }

    /** Syslog's block; its TLS names files only (a key file's path is not a secret; its content is never read here). */
    private static Map<String, Object> syslog(SyslogConfig c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("listen_address", c.listenAddress().toString());
        out.put("listen_protocol", c.protocol());
        out.put("idle_timeout", GoDuration.format(c.idleTimeout()));
        out.put("label_structured_data", c.labelStructuredData());
        out.put("labels", new TreeMap<>(c.labels()));
        out.put("use_incoming_timestamp", c.useIncomingTimestamp());
        out.put("use_rfc5424_message", c.useRfc5424Message());
        out.put("syslog_format", c.format());
        out.put("max_message_length", c.maxMessageLength());
        if (c.tls() != null) {
            Map<String, Object> tls = new LinkedHashMap<>();
            tls.put("cert_file", c.tls().certFile());
            tls.put("key_file", c.tls().keyFile());
            putIfNotNull(tls, "ca_file", c.tls().caFile());
            out.put("tls_config", tls);
        }
        return out;
    }

    private static Map<String, Object> kubernetesSd(KubernetesSdConfig k) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", k.role());
        putIfNotNull(out, "api_server", ClientConfig.redactUrl(k.apiServer()));
        putIfNotNull(out, "kubeconfig_file", k.kubeconfigFile());
        if (!k.namespaces().isEmpty() || k.ownNamespace()) {
            out.put("namespaces", map("names", k.namespaces(), "own_namespace", k.ownNamespace()));
        }
        if (!k.selectors().isEmpty()) {
            out.put("selectors", k.selectors().stream().map(sel -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("role", sel.role());
                putIfNotNull(m, "label", sel.label());
                putIfNotNull(m, "field", sel.field());
                return m;
            }).toList());
        }
        return out;
    }

    /** Only the keys the user set: for some actions a key that is present counts as set even with the default. */
    private static Map<String, Object> relabel(RelabelConfig r) {
        Map<String, Object> out = new LinkedHashMap<>();
        putIfNotNull(out, "source_labels", r.sourceLabels());
        putIfNotNull(out, "separator", r.separator());
        putIfNotNull(out, "target_label", r.targetLabel());
        putIfNotNull(out, "regex", r.regex());
        putIfNotNull(out, "modulus", r.modulus());
        putIfNotNull(out, "replacement", r.replacement());
        putIfNotNull(out, "action", r.action());
        return out;
    }

    /**
     * A stage list in Promtail's syntax, {@code - name: body}, each body as its record prints it
     * ({@link StageConfig#printed}); a match stage prints its nested list with this same method.
     */
    public static List<Object> stages(List<StageConfig> stages) {
        List<Object> out = new ArrayList<>(stages.size());
        for (StageConfig stage : stages) {
            out.add(map(stage.name(), stage.printed()));
        }
        return out;
    }

    /** A map of the keys and values given in turn, in that order. */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static void putIfNotEmpty(Map<String, Object> out, String key, String value) {
        if (value != null && !value.isEmpty()) {
            out.put(key, value);
        }
    }

    /** Puts {@code value} unless it is null: a key the user left out prints as left out. */
    public static void putIfNotNull(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
