package io.sleipnir.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
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
        root.put("limits_config", map("max_line_size", ByteSize.format(config.limits().maxLineSize()),
                "max_line_size_truncate", config.limits().maxLineSizeTruncate()));
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
                "log_level", s.logLevel(), "health_check_target", s.healthCheckTarget());
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
        List<Object> stages = new ArrayList<>();
        for (StageConfig stage : s.pipelineStages()) {
            if (stage instanceof StageConfig.Cri cri) {
                stages.add(map("cri", map("max_partial_lines", cri.maxPartialLines(),
                        "max_partial_line_size", ByteSize.format(cri.maxPartialLineSize()),
                        "max_partial_line_size_truncate", cri.maxPartialLineSizeTruncate())));
            } else if (stage instanceof StageConfig.Docker) {
                stages.add(map("docker", Map.of()));
            } else {
                stages.add(parsingStage(stage));
            }
        }
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
            }
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

    /** The stages after cri and docker, in Promtail's syntax; an absent source is left out. */
    private static Map<String, Object> parsingStage(StageConfig stage) {
        if (stage instanceof StageConfig.Regex r) {
            return map("regex", withSource(map("expression", r.expression().source()), r.source()));
        }
        if (stage instanceof StageConfig.Json j) {
            Map<String, Object> body = map("expressions", new TreeMap<>(j.expressions()));
            withSource(body, j.source()).put("drop_malformed", j.dropMalformed());
            return map("json", body);
        }
        if (stage instanceof StageConfig.Logfmt l) {
            return map("logfmt", withSource(map("mapping", new TreeMap<>(l.mapping())), l.source()));
        }
        if (stage instanceof StageConfig.Replace r) {
            Map<String, Object> body = withSource(map("expression", r.expression().source()), r.source());
            body.put("replace", r.replace().source());
            return map("replace", body);
        }
        if (stage instanceof StageConfig.Template t) {
            return map("template", map("source", t.source(), "template", t.template().source()));
        }
        if (stage instanceof StageConfig.Output o) {
            return map("output", map("source", o.source()));
        }
        if (stage instanceof StageConfig.ExtractedLabels l) {
            return map("labels", new TreeMap<>(l.labels()));
        }
        if (stage instanceof StageConfig.StructuredMetadata l) {
            return map("structured_metadata", new TreeMap<>(l.labels()));
        }
        if (stage instanceof StageConfig.StaticLabels l) {
            return map("static_labels", new TreeMap<>(l.labels()));
        }
        if (stage instanceof StageConfig.LabelDrop l) {
            return map("labeldrop", l.names());
        }
        if (stage instanceof StageConfig.LabelAllow l) {
            return map("labelallow", l.names());
        }
        if (stage instanceof StageConfig.Tenant t) {
            Map<String, Object> body = new LinkedHashMap<>();
            putIfNotNull(body, "source", t.source());
            putIfNotNull(body, "value", t.value());
            putIfNotNull(body, "label", t.label());
            return map("tenant", body);
        }
        if (stage instanceof StageConfig.Decolorize) {
            return map("decolorize", Map.of());
        }
        if (stage instanceof StageConfig.Pack p) {
            return map("pack", map("labels", p.labels(), "ingest_timestamp", p.ingestTimestamp()));
        }
        Map<String, Object> control = controlStage(stage);
        if (control != null) {
            return control;
        }
        throw new IllegalStateException("no printer for stage " + stage); // a new stage kind needs a case here
    }

    /** timestamp, match, drop, limit, sampling, multiline and metrics in Promtail's syntax. */
    private static Map<String, Object> controlStage(StageConfig stage) {
        if (stage instanceof StageConfig.Timestamp t) {
            Map<String, Object> body = map("source", t.source(), "format", t.format().source());
            if (!t.fallbackFormats().isEmpty()) {
                body.put("fallback_formats", t.fallbackFormats().stream().map(GoTimeLayout::source).toList());
            }
            putIfNotNull(body, "location", t.location() == null ? null : t.location().getId());
            body.put("action_on_failure", t.actionOnFailure().name().toLowerCase(java.util.Locale.ROOT));
            return map("timestamp", body);
        }
        if (stage instanceof StageConfig.Match m) {
            Map<String, Object> body = map("selector", m.selector().source());
            putIfNotNull(body, "pipeline_name", m.pipelineName());
            body.put("action", m.drop() ? "drop" : "keep");
            if (m.drop()) {
                body.put("drop_counter_reason", m.dropCounterReason());
            } else {
                List<Object> nested = new ArrayList<>();
                for (StageConfig s : m.stages()) {
                    nested.add(stageMap(s));
                }
                body.put("stages", nested);
            }
            return map("match", body);
        }
        if (stage instanceof StageConfig.Drop d) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (d.source() != null) {
                body.put("source", d.sourceIsList() ? d.source() : d.source().get(0));
                body.put("separator", d.separator());
            }
            putIfNotNull(body, "expression", d.expression() == null ? null : d.expression().source());
            putIfNotNull(body, "value", d.value());
            putIfNotNull(body, "older_than", d.olderThan() == null ? null : GoDuration.format(d.olderThan()));
            putIfNotNull(body, "longer_than", d.longerThan() == null ? null : ByteSize.format(d.longerThan()));
            body.put("drop_counter_reason", d.dropCounterReason());
            return map("drop", body);
        }
        if (stage instanceof StageConfig.Limit l) {
            Map<String, Object> body = map("rate", l.rate(), "burst", l.burst(), "drop", l.drop());
            putIfNotNull(body, "by_label_name", l.byLabelName());
            body.put("max_distinct_labels", l.maxDistinctLabels());
            return map("limit", body);
        }
        if (stage instanceof StageConfig.Sampling s) {
            return map("sampling", map("rate", s.rate(), "drop_counter_reason", s.dropCounterReason()));
        }
        if (stage instanceof StageConfig.Multiline ml) {
            return map("multiline", map("firstline", ml.firstline().source(), "max_wait_time",
                    GoDuration.format(ml.maxWaitTime()), "max_lines", ml.maxLines()));
        }
        if (stage instanceof StageConfig.Metrics ms) {
            Map<String, Object> body = new LinkedHashMap<>();
            for (StageConfig.Metric m : ms.metrics()) {
                Map<String, Object> config = new LinkedHashMap<>();
                putIfNotNull(config, "value", m.value());
                putIfNotNull(config, "action", m.action());
                if (m.type() == StageConfig.MetricType.COUNTER) {
                    config.put("match_all", m.matchAll());
                    config.put("count_entry_bytes", m.countEntryBytes());
                }
                if (!m.buckets().isEmpty()) {
                    config.put("buckets", m.buckets());
                }
                String type = m.type().name().charAt(0) + m.type().name().substring(1).toLowerCase(java.util.Locale.ROOT);
                body.put(m.name(), map("type", type, "description", m.description(), "prefix", m.prefix(),
                        "source", m.source(), "max_idle_duration", GoDuration.format(m.maxIdleDuration()),
                        "config", config));
            }
            return map("metrics", body);
        }
        return null;
    }

    /** One stage inside a match stage's stages. */
    private static Map<String, Object> stageMap(StageConfig stage) {
        if (stage instanceof StageConfig.Cri cri) {
            return map("cri", map("max_partial_lines", cri.maxPartialLines(),
                    "max_partial_line_size", ByteSize.format(cri.maxPartialLineSize()),
                    "max_partial_line_size_truncate", cri.maxPartialLineSizeTruncate()));
        }
        if (stage instanceof StageConfig.Docker) {
            return map("docker", Map.of());
        }
        return parsingStage(stage);
    }

    private static Map<String, Object> withSource(Map<String, Object> body, String source) {
        putIfNotNull(body, "source", source);
        return body;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
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

    private static void putIfNotNull(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
