package io.sleipnir.config;

import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.golang.GoRegex;
import io.sleipnir.relabel.RelabelRule;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Walks a {@link YamlNode} tree into {@link AgentConfig}, with Promtail's key names and defaults. Strict: every key
 * is either read, rejected as a Promtail key we do not support yet, or (a short, named list) accepted and ignored
 * because it only tunes something we do not have. Anything else is an unknown key. A key with a null value (e.g.
 * {@code batchwait:}) means "use the default".
 */
final class ConfigBinder {

    private static final Keys TOP_LEVEL = Keys.of("server", "client", "clients", "positions", "scrape_configs",
            "limits_config", "target_config", "global", "options", "tracing", "wal");

    /**
     * Promtail server keys that tune the gRPC server (which we do not run), Go's HTTP server timeouts and Go's own
     * instrumentation. Accepting them lets an existing Promtail config (and Promtail's own
     * {@code -print-config-stderr} output) start unchanged; they change nothing that is read or delivered.
     */
    static final Set<String> SERVER_KEYS_WITHOUT_EFFECT = Set.of("grpc_listen_port", "grpc_listen_address",
            "grpc_listen_network", "grpc_listen_conn_limit", "grpc_tls_config", "grpc_server_max_recv_msg_size",
            "grpc_server_max_send_msg_size", "grpc_server_max_concurrent_streams", "grpc_server_max_connection_idle",
            "grpc_server_max_connection_age", "grpc_server_max_connection_age_grace", "grpc_server_keepalive_time",
            "grpc_server_keepalive_timeout", "grpc_server_min_time_between_pings",
            "grpc_server_ping_without_stream_allowed", "http_server_read_timeout", "http_server_write_timeout",
            "http_server_idle_timeout", "register_instrumentation", "log_source_ips_header", "log_source_ips_regex");

    /** Server keys of features we do not have, accepted while they hold the value that means "off". */
    private static final Set<String> SERVER_OFF_ONLY = Set.of("http_listen_network", "http_listen_conn_limit",
            "http_tls_config", "log_source_ips_enabled", "log_request_at_info_level_enabled", "profiling_enabled",
            "enable_runtime_reload", "http_path_prefix", "external_url");

    private static final Keys SERVER = Keys.of("disable", "http_listen_address", "http_listen_port",
                    "graceful_shutdown_timeout", "log_level", "log_format", "health_check_target")
            .ignored(union(SERVER_KEYS_WITHOUT_EFFECT, SERVER_OFF_ONLY));

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    /** {@code http_tls_config} as Promtail prints it when off: every field empty. */
    private static final Keys HTTP_TLS = Keys.of("cert_file", "key_file", "client_auth_type", "client_ca_file");

    private static final Set<String> LOG_FORMATS = Set.of("logfmt", "json");

    private static final Set<String> LOG_LEVELS = Set.of("debug", "info", "warn", "error");

    private static final Keys CLIENT = Keys.of("url", "name", "tenant_id", "batchwait", "batchsize", "timeout",
                    "backoff_config", "external_labels", "headers", "basic_auth", "bearer_token", "bearer_token_file",
                    "tls_config", "drop_rate_limited_batches", "follow_redirects", "enable_http2")
            .notYetSupported("oauth2", "authorization", "proxy_url", "no_proxy", "proxy_from_environment",
                    "proxy_connect_header", "http_headers")
            // Promtail 2.8 prints it; it only labels Promtail's stream-lag metric, which we do not export.
            .ignored(Set.of("stream_lag_labels"));

    private static final Keys BACKOFF = Keys.of("min_period", "max_period", "max_retries");
    private static final Keys BASIC_AUTH = Keys.of("username", "password", "password_file")
            .notYetSupported("username_file", "username_ref", "password_ref");
    private static final Keys TLS = Keys.of("ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify")
            .notYetSupported("ca", "cert", "key", "ca_ref", "cert_ref", "key_ref", "min_version", "max_version");

    private static final Keys POSITIONS = Keys.of("filename", "sync_period", "ignore_invalid_yaml");

    private static final Keys SCRAPE = Keys.of("job_name", "static_configs", "pipeline_stages",
                    "kubernetes_sd_configs", "relabel_configs")
            .notYetSupported("journal", "syslog", "loki_push_api",
                    "file_sd_configs", "docker_sd_configs", "gelf", "kafka", "windows_events", "gcplog",
                    "cloudflare", "heroku_drain", "azure_event_hubs", "consul_sd_configs", "consulagent_sd_configs",
                    "dns_sd_configs", "digitalocean_sd_configs", "dockerswarm_sd_configs", "serverset_sd_configs",
                    "nerve_sd_configs", "marathon_sd_configs", "gce_sd_configs", "ec2_sd_configs",
                    "openstack_sd_configs", "azure_sd_configs", "triton_sd_configs", "encoding", "decompression");

    private static final Keys STATIC = Keys.of("targets", "labels");

    /** Prometheus' kubernetes_sd_configs keys; the HTTP client options are not wired to fabric8 yet. */
    private static final Keys KUBERNETES_SD = Keys.of("role", "api_server", "kubeconfig_file", "namespaces",
                    "selectors")
            .notYetSupported("basic_auth", "authorization", "oauth2", "bearer_token", "bearer_token_file",
                    "tls_config", "proxy_url", "no_proxy", "proxy_from_environment", "proxy_connect_header",
                    "follow_redirects", "enable_http2", "http_headers", "attach_metadata");
    private static final Keys KUBERNETES_NAMESPACES = Keys.of("names", "own_namespace");
    private static final Keys KUBERNETES_SELECTOR = Keys.of("role", "label", "field");
    /** Prometheus' roles; only pod is implemented. */
    private static final Set<String> KUBERNETES_ROLES = Set.of("pod", "service", "endpoints", "endpointslice",
            "node", "ingress");
    private static final Keys RELABEL = Keys.of("source_labels", "separator", "target_label", "regex", "modulus",
            "replacement", "action");


    /** Promtail's stage names (stage.go) that cannot work here, with the reason. */
    private static final Map<String, String> STAGES_NOT_SUPPORTED = Map.of(
            "geoip", "needs a MaxMind database",
            "eventlogmessage", "Windows only");

    private static final Keys TIMESTAMP = Keys.of("source", "format", "fallback_formats", "location",
            "action_on_failure");
    private static final Keys MATCH = Keys.of("selector", "pipeline_name", "action", "drop_counter_reason", "stages");
    private static final Keys DROP = Keys.of("source", "separator", "expression", "value", "older_than", "longer_than",
            "drop_counter_reason");
    private static final Keys LIMIT = Keys.of("rate", "burst", "drop", "by_label_name", "max_distinct_labels");
    private static final Keys SAMPLING = Keys.of("rate", "drop_counter_reason");
    private static final Keys MULTILINE = Keys.of("firstline", "max_wait_time", "max_lines");
    private static final Keys METRIC = Keys.of("type", "description", "source", "prefix", "max_idle_duration",
            "config");
    private static final Keys COUNTER_CONFIG = Keys.of("value", "action", "match_all", "count_entry_bytes");
    private static final Keys GAUGE_CONFIG = Keys.of("value", "action");
    /** Promtail decodes a histogram's config without its {@code action}, so one written there is ignored. */
    private static final Keys HISTOGRAM_CONFIG = Keys.of("value", "buckets").ignored(Set.of("action"));
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** Promtail's limit stage raises smaller values to this (with a warning); so do we. */
    static final int MIN_MAX_DISTINCT_LABELS = 10_000;

    private static final Keys CRI = Keys.of("max_partial_lines", "max_partial_line_size",
            "max_partial_line_size_truncate");
    private static final Keys DOCKER = Keys.of();
    private static final Keys REGEX = Keys.of("expression", "source");
    private static final Keys JSON = Keys.of("expressions", "source", "drop_malformed");
    private static final Keys LOGFMT = Keys.of("mapping", "source");
    private static final Keys REPLACE = Keys.of("expression", "source", "replace");
    private static final Keys TEMPLATE = Keys.of("source", "template");
    private static final Keys OUTPUT = Keys.of("source");
    private static final Keys TENANT = Keys.of("source", "value", "label");
    private static final Keys DECOLORIZE = Keys.of();
    private static final Keys PACK = Keys.of("labels", "ingest_timestamp");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private static final Keys LIMITS = Keys.of("max_line_size", "max_line_size_truncate", "readline_rate_enabled",
            "readline_rate", "readline_burst", "readline_rate_drop", "max_streams", "max_label_values",
            "max_label_values_per_label", "label_values_window", "label_overflow_value");
    private static final Keys TARGET = Keys.of("sync_period", "stdin");
    private static final Keys GLOBAL = Keys.of("file_watch_config");
    private static final Keys FILE_WATCH = Keys.of("min_poll_frequency", "max_poll_frequency");
    /** Promtail 2.8 prints {@code options.stream_lag_labels}; like the client's, it labels a metric we do not export. */
    private static final Keys OPTIONS = Keys.of().ignored(Set.of("stream_lag_labels"));
    private static final Keys TRACING = Keys.of("enabled");
    private static final Keys WAL = Keys.of("enabled", "dir", "cleanSegmentsOlderThan", "watchConfig");

    private final NodeConverter convert;

    private ConfigBinder(String sourceName) {
        this.convert = new NodeConverter(sourceName);
    }

    /**
     * Binds the whole tree; every problem found is reported together ({@link ConfigException#of}): unknown keys,
     * and each section, client, scrape config and stage that fails, so one run shows what to fix.
     */
    static AgentConfig bind(YamlNode root, String sourceName, boolean requireClients) throws ConfigException {
        ConfigBinder binder = new ConfigBinder(sourceName);
        AgentConfig config;
        try {
            config = binder.collect(() -> binder.agent(root, requireClients), null);
        } catch (NodeConverter.TooManyProblems e) {
            throw ConfigException.of(binder.convert.problems(), true);
        }
        if (!binder.convert.problems().isEmpty()) {
            throw ConfigException.of(binder.convert.problems());
        }
        return config;
    }

    /** One part of the binding that may fail on its own. */
    private interface Part<T> {
        T bind() throws ConfigException;
    }

    /** Binds {@code part}; on a problem, records it and returns {@code fallback} so that binding goes on. */
    private <T> T collect(Part<T> part, T fallback) {
        try {
            return part.bind();
        } catch (ConfigException e) {
            convert.report(e);
            return fallback;
        }
    }

    private AgentConfig agent(YamlNode root, boolean requireClients) throws ConfigException {
        if (!(root instanceof YamlNode.Mapping) && !(root instanceof YamlNode.Scalar scalar && scalar.isNull())) {
            throw convert.error(root, "", "expected a map at the top level, got " + root.describe());
        }
        MappingReader top = convert.mapping(root, "", TOP_LEVEL);
        ServerConfig server = collect(() -> server(top.mapping("server", SERVER)), ServerConfig.defaults());
        List<ClientConfig> clients = collect(() -> clients(top, requireClients), List.of());
        PositionsConfig positions = collect(() -> positions(top.mapping("positions", POSITIONS)),
                PositionsConfig.defaults());
        List<ScrapeConfig> scrapeConfigs = collect(() -> scrapeConfigs(top), List.of());
        LimitsConfig limits = collect(() -> limits(top.mapping("limits_config", LIMITS)), LimitsConfig.defaults());
        TargetConfig targetConfig = collect(() -> targetConfig(top.mapping("target_config", TARGET)),
                TargetConfig.defaults());
        GlobalConfig global = collect(() -> global(top.mapping("global", GLOBAL)), GlobalConfig.defaults());
        collect(() -> top.mapping("options", OPTIONS), null);
        collect(() -> {
            onlyWhenDisabled(top, "tracing", TRACING, true);
            return null;
        }, null);
        collect(() -> {
            onlyWhenDisabled(top, "wal", WAL, false);
            return null;
        }, null);
        return new AgentConfig(server, clients, positions, scrapeConfigs, limits, targetConfig, global);
    }

    private ServerConfig server(MappingReader m) throws ConfigException {
        ServerConfig d = ServerConfig.defaults();
        if (m == null) {
            return d;
        }
        String logLevel = m.string("log_level", d.logLevel());
        if (!LOG_LEVELS.contains(logLevel)) {
            throw m.error("log_level", "invalid log level \"" + logLevel + "\" (use debug, info, warn or error)");
        }
        String logFormat = m.string("log_format", d.logFormat());
        if (!LOG_FORMATS.contains(logFormat)) {
            throw m.error("log_format", "invalid log format \"" + logFormat + "\" (use logfmt or json)");
        }
        onlyOff(m, "http_listen_network", "tcp");
        onlyOff(m, "http_listen_conn_limit", 0L);
        onlyOff(m, "log_source_ips_enabled", false);
        onlyOff(m, "log_request_at_info_level_enabled", false);
        onlyOff(m, "profiling_enabled", false);
        onlyOff(m, "enable_runtime_reload", false);
        onlyOff(m, "http_path_prefix", "");
        onlyOff(m, "external_url", "");
        MappingReader httpTls = m.mapping("http_tls_config", HTTP_TLS);
        if (httpTls != null) {
            for (String key : HTTP_TLS.known()) {
                if (!httpTls.string(key, "").isEmpty()) {
                    throw m.error("http_tls_config", "\"http_tls_config\" is not supported yet"
                            + " (only empty values are accepted)");
                }
            }
        }
        return new ServerConfig(
                m.bool("disable", d.disable()),
                m.string("http_listen_address", d.httpListenAddress()),
                (int) m.integer("http_listen_port", d.httpListenPort(), 0, 65535),
                m.duration("graceful_shutdown_timeout", d.gracefulShutdownTimeout()),
                logLevel,
                m.bool("health_check_target", d.healthCheckTarget()),
                logFormat);
    }

    private List<ClientConfig> clients(MappingReader top, boolean requireClients) throws ConfigException {
        List<ClientConfig> clients = new ArrayList<>();
        Map<String, Integer> nameLines = new HashMap<>();
        List<YamlNode> items = top.list("clients");
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            ClientConfig client = collect(() -> client(convert.mapping(items.get(index),
                    ConfigPaths.index("clients", index), CLIENT), nameLines), null);
            if (client != null) {
                clients.add(client);
            }
        }
        // Promtail appends the deprecated single "client" after "clients".
        MappingReader single = top.mapping("client", CLIENT);
        // Promtail uses it only when it has a url; its -print-config-stderr writes it with url "" and defaults.
        if (single != null && !single.string("url", "").isEmpty()) {
            clients.add(client(single, nameLines));
        }
        if (requireClients && clients.isEmpty() && items.isEmpty()) {
            YamlNode.Entry entry = top.has("clients") ? top.node().entries().stream()
                    .filter(e -> e.key().equals("clients")).findFirst().orElseThrow() : null;
            String problem = "at least one client with a url is required";
            throw entry == null ? convert.error(top.node(), "clients", problem)
                    : convert.error(entry.line(), entry.column(), "clients", problem);
        }
        return clients;
    }

    private ClientConfig client(MappingReader m, Map<String, Integer> nameLines) throws ConfigException {
        YamlNode.Entry urlEntry = m.entry("url");
        if (urlEntry == null) {
            throw m.missing("url");
        }
        String url = convert.string(urlEntry.value(), m.path("url"));
        if (!isHttpUrl(url)) {
            throw m.error("url", "must be an http or https URL, got \"" + ClientConfig.redactUrl(url) + "\"");
        }
        String name = m.string("name", "");
        if (!name.isEmpty()) {
            Integer firstLine = nameLines.putIfAbsent(name, m.value("name").line());
            if (firstLine != null) {
                throw m.error("name", "duplicate client name \"" + name + "\" (first at line " + firstLine + ")");
            }
        }
        onlyOff(m, "follow_redirects", false);
        onlyOff(m, "enable_http2", false);
        long batchSize = m.byteSize("batchsize", ClientConfig.DEFAULT_BATCH_SIZE);
        if (batchSize <= 0) {
            throw m.error("batchsize", "must be greater than 0");
        }
        BackoffConfig backoff = backoff(m.mapping("backoff_config", BACKOFF));
        ClientConfig.BasicAuth basicAuth = basicAuth(m.mapping("basic_auth", BASIC_AUTH));
        String bearerToken = m.string("bearer_token", null);
        String bearerTokenFile = m.string("bearer_token_file", null);
        if (bearerToken != null && bearerTokenFile != null) {
            throw m.error("bearer_token_file", "\"bearer_token\" and \"bearer_token_file\" are mutually exclusive");
        }
        if (basicAuth != null && (bearerToken != null || bearerTokenFile != null)) {
            String key = bearerToken != null ? "bearer_token" : "bearer_token_file";
            throw m.error(key, "\"basic_auth\" and \"" + key + "\" are mutually exclusive");
        }
        return new ClientConfig(
                url,
                name,
                m.string("tenant_id", ""),
                m.duration("batchwait", ClientConfig.DEFAULT_BATCH_WAIT),
                batchSize,
                m.duration("timeout", ClientConfig.DEFAULT_TIMEOUT),
                backoff,
                m.stringMap("external_labels", true),
                m.stringMap("headers", false),
                basicAuth,
                bearerToken,
                bearerTokenFile,
                tls(m.mapping("tls_config", TLS)),
                m.bool("drop_rate_limited_batches", false));
    }

    private static boolean isHttpUrl(String url) {
        return HttpUrl.parse(url).isPresent();
    }

    private static final String BACKOFF_ZERO =
            "must be greater than 0s (a zero backoff retries a failing Loki in a tight loop)";

    private BackoffConfig backoff(MappingReader m) throws ConfigException {
        BackoffConfig d = BackoffConfig.defaults();
        if (m == null) {
            return d;
        }
        Duration minPeriod = m.duration("min_period", d.minPeriod());
        Duration maxPeriod = m.duration("max_period", d.maxPeriod());
        // Promtail accepts 0s and then retries a failing Loki in a tight loop (65,349 pushes in 11 s, measured).
        if (minPeriod.isNegative() || minPeriod.isZero()) {
            throw m.error("min_period", BACKOFF_ZERO);
        }
        if (maxPeriod.isNegative() || maxPeriod.isZero()) {
            throw m.error("max_period", BACKOFF_ZERO);
        }
        return new BackoffConfig(minPeriod, maxPeriod,
                (int) m.integer("max_retries", d.maxRetries(), 0, Integer.MAX_VALUE));
    }

    private ClientConfig.BasicAuth basicAuth(MappingReader m) throws ConfigException {
        if (m == null) {
            return null;
        }
        String password = m.string("password", null);
        String passwordFile = m.string("password_file", null);
        if (password != null && passwordFile != null) {
            throw m.error("password_file", "\"password\" and \"password_file\" are mutually exclusive");
        }
        return new ClientConfig.BasicAuth(m.string("username", ""), password, passwordFile);
    }

    private ClientConfig.TlsConfig tls(MappingReader m) throws ConfigException {
        if (m == null) {
            return null;
        }
        String certFile = m.string("cert_file", null);
        String keyFile = m.string("key_file", null);
        if (certFile != null && keyFile == null) {
            throw m.error("cert_file", "\"cert_file\" needs \"key_file\" too");
        }
        if (keyFile != null && certFile == null) {
            throw m.error("key_file", "\"key_file\" needs \"cert_file\" too");
        }
        return new ClientConfig.TlsConfig(m.string("ca_file", null), certFile, keyFile,
                m.string("server_name", null), m.bool("insecure_skip_verify", false));
    }

    private PositionsConfig positions(MappingReader m) throws ConfigException {
        PositionsConfig d = PositionsConfig.defaults();
        if (m == null) {
            return d;
        }
        Path filename = d.filename();
        String text = m.string("filename", null);
        if (text != null) {
            try {
                if (text.isEmpty()) {
                    throw m.error("filename", "must not be empty");
                }
                filename = Path.of(text);
            } catch (InvalidPathException e) {
                throw m.error("filename", "invalid path \"" + text + "\": " + e.getReason());
            }
        }
        return new PositionsConfig(filename, positive(m, "sync_period", d.syncPeriod()),
                m.bool("ignore_invalid_yaml", d.ignoreInvalidYaml()));
    }

    private List<ScrapeConfig> scrapeConfigs(MappingReader top) throws ConfigException {
        List<ScrapeConfig> out = new ArrayList<>();
        Map<String, Integer> jobLines = new HashMap<>();
        List<YamlNode> items = top.list("scrape_configs");
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            ScrapeConfig scrape = collect(() -> scrapeConfig(items.get(index), index, jobLines), null);
            if (scrape != null) {
                out.add(scrape);
            }
        }
        return out;
    }

    private ScrapeConfig scrapeConfig(YamlNode item, int i, Map<String, Integer> jobLines) throws ConfigException {
        MappingReader m = convert.mapping(item, ConfigPaths.index("scrape_configs", i), SCRAPE);
        YamlNode.Entry jobEntry = m.entry("job_name");
        if (jobEntry == null) {
            throw m.missing("job_name");
        }
        String jobName = convert.string(jobEntry.value(), m.path("job_name"));
        if (jobName.isEmpty()) {
            throw m.error("job_name", "must not be empty");
        }
        Integer firstLine = jobLines.putIfAbsent(jobName, jobEntry.value().line());
        if (firstLine != null) {
            throw m.error("job_name", "duplicate job name \"" + jobName + "\" (first at line " + firstLine + ")");
        }
        List<StageConfig> stages = stages(m);
        boolean otherTargets = m.node().entries().stream()
                .anyMatch(e -> SCRAPE.notYetSupported().contains(e.key()));
        if (!m.has("static_configs") && !m.has("kubernetes_sd_configs") && !otherTargets) {
            throw m.missing("static_configs");
        }
        return new ScrapeConfig(jobName, staticConfigs(m), stages, kubernetesSdConfigs(m), relabelConfigs(m));
    }

    private List<StaticConfig> staticConfigs(MappingReader scrape) throws ConfigException {
        List<StaticConfig> out = new ArrayList<>();
        List<YamlNode> items = scrape.list("static_configs");
        for (int i = 0; i < items.size(); i++) {
            MappingReader m = convert.mapping(items.get(i), ConfigPaths.index(scrape.path("static_configs"), i), STATIC);
            out.add(new StaticConfig(m.stringList("targets"), m.stringMap("labels", true)));
        }
        return out;
    }

    private List<KubernetesSdConfig> kubernetesSdConfigs(MappingReader scrape) throws ConfigException {
        List<KubernetesSdConfig> out = new ArrayList<>();
        List<YamlNode> items = scrape.list("kubernetes_sd_configs");
        for (int i = 0; i < items.size(); i++) {
            MappingReader m = convert.mapping(items.get(i),
                    ConfigPaths.index(scrape.path("kubernetes_sd_configs"), i), KUBERNETES_SD);
            String role = kubernetesRole(m, "role");
            if (!role.equals("pod")) {
                throw m.error("role", "role \"" + role + "\" is not supported yet");
            }
            String apiServer = m.string("api_server", null);
            String kubeconfigFile = m.string("kubeconfig_file", null);
            if (apiServer != null && kubeconfigFile != null) {
                throw m.error("kubeconfig_file", "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
            }
            if (apiServer != null && !isHttpUrl(apiServer)) {
                throw m.error("api_server", "must be an http or https URL, got \"" + ClientConfig.redactUrl(apiServer)
                        + "\"");
            }
            MappingReader ns = m.mapping("namespaces", KUBERNETES_NAMESPACES);
            List<String> names = ns == null ? List.of() : ns.stringList("names");
            boolean own = ns != null && ns.bool("own_namespace", false);
            out.add(new KubernetesSdConfig(role, apiServer, kubeconfigFile, names, own, selectors(m, role)));
        }
        return out;
    }

    private String kubernetesRole(MappingReader m, String key) throws ConfigException {
        if (m.entry(key) == null) {
            throw m.missing(key);
        }
        String role = m.string(key, "");
        if (!KUBERNETES_ROLES.contains(role)) {
            throw m.error(key, "unknown Kubernetes SD role \"" + role
                    + "\" (use pod, service, endpoints, endpointslice, node or ingress)");
        }
        return role;
    }

    /** Prometheus' checks: a pod role takes only pod selectors, each role once. */
    private List<KubernetesSdConfig.Selector> selectors(MappingReader sd, String sdRole) throws ConfigException {
        List<KubernetesSdConfig.Selector> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        List<YamlNode> items = sd.list("selectors");
        for (int i = 0; i < items.size(); i++) {
            MappingReader m = convert.mapping(items.get(i), ConfigPaths.index(sd.path("selectors"), i),
                    KUBERNETES_SELECTOR);
            String role = kubernetesRole(m, "role");
            if (!role.equals(sdRole)) {
                throw m.error("role", sdRole + " role supports only " + sdRole + " selectors");
            }
            if (!seen.add(role)) {
                throw m.error("role", "duplicated selector role: " + role);
            }
            out.add(new KubernetesSdConfig.Selector(role, m.string("label", null), m.string("field", null)));
        }
        return out;
    }

    /**
     * Binds each rule and compiles it once with {@link RelabelRule#fromYamlValues} so that a bad rule fails the
     * load with its location, as every other configuration error does ({@code relabel} depends only on
     * {@code model}, so this keeps the layering). The compiled rule is rebuilt from the record where it runs.
     */
    private List<RelabelConfig> relabelConfigs(MappingReader scrape) throws ConfigException {
        List<RelabelConfig> out = new ArrayList<>();
        List<YamlNode> items = scrape.list("relabel_configs");
        for (int i = 0; i < items.size(); i++) {
            String path = ConfigPaths.index(scrape.path("relabel_configs"), i);
            MappingReader m = convert.mapping(items.get(i), path, RELABEL);
            RelabelConfig rule = new RelabelConfig(
                    m.value("source_labels") == null ? null : m.stringList("source_labels"),
                    m.string("separator", null),
                    m.string("target_label", null),
                    m.string("regex", null),
                    m.value("modulus") == null ? null : m.integer("modulus", 0, 0, Long.MAX_VALUE),
                    m.string("replacement", null),
                    m.string("action", null));
            try {
                RelabelRule.fromYamlValues(rule.sourceLabels(), rule.separator(), rule.targetLabel(), rule.regex(),
                        rule.modulus(), rule.replacement(), rule.action());
            } catch (IllegalArgumentException e) {
                throw convert.error(items.get(i), path, e.getMessage());
            }
            out.add(rule);
        }
        return out;
    }

    private List<StageConfig> stages(MappingReader scrape) throws ConfigException {
        return stageList(scrape.list("pipeline_stages"), scrape.path("pipeline_stages"));
    }

    /** A list of stages: a scrape config's pipeline_stages, or a match stage's stages. */
    private List<StageConfig> stageList(List<YamlNode> items, String listPath) throws ConfigException {
        List<StageConfig> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            StageConfig stage = collect(() -> stage(items.get(index), ConfigPaths.index(listPath, index)), null);
            if (stage != null) {
                out.add(stage);
            }
        }
        return out;
    }

    private StageConfig stage(YamlNode item, String path) throws ConfigException {
        if (!(item instanceof YamlNode.Mapping mapping)) {
            throw convert.error(item, path, "expected a map with one stage name, got " + item.describe());
        }
        if (mapping.entries().size() != 1) {
            throw convert.error(item, path, "a stage must have exactly one key (the stage name), got "
                    + mapping.entries().size());
        }
        YamlNode.Entry entry = mapping.entries().get(0);
        String stagePath = ConfigPaths.child(path, entry.key());
        return switch (entry.key()) {
            case "cri" -> cri(convert.mapping(entry.value(), stagePath, CRI));
            case "docker" -> {
                convert.mapping(entry.value(), stagePath, DOCKER);
                yield new StageConfig.Docker();
            }
            case "regex" -> regex(convert.mapping(entry.value(), stagePath, REGEX));
            case "json" -> json(convert.mapping(entry.value(), stagePath, JSON));
            case "logfmt" -> logfmt(convert.mapping(entry.value(), stagePath, LOGFMT));
            case "replace" -> replace(convert.mapping(entry.value(), stagePath, REPLACE));
            case "template" -> template(convert.mapping(entry.value(), stagePath, TEMPLATE));
            case "output" -> new StageConfig.Output(requiredSource(convert.mapping(entry.value(), stagePath,
                    OUTPUT)));
            case "labels" -> new StageConfig.ExtractedLabels(labelSources(entry, stagePath));
            case "structured_metadata", "non_indexed_labels" ->
                    new StageConfig.StructuredMetadata(labelSources(entry, stagePath));
            case "static_labels" -> new StageConfig.StaticLabels(nullableStringMap(entry, stagePath, true));
            case "labeldrop" -> new StageConfig.LabelDrop(convert.stringList(entry.value(), stagePath));
            case "labelallow" -> new StageConfig.LabelAllow(convert.stringList(entry.value(), stagePath));
            case "tenant" -> tenant(convert.mapping(entry.value(), stagePath, TENANT));
            case "decolorize" -> {
                convert.mapping(entry.value(), stagePath, DECOLORIZE);
                yield new StageConfig.Decolorize();
            }
            case "pack" -> pack(convert.mapping(entry.value(), stagePath, PACK));
            case "timestamp" -> timestamp(convert.mapping(entry.value(), stagePath, TIMESTAMP));
            case "match" -> match(convert.mapping(entry.value(), stagePath, MATCH));
            case "drop" -> drop(convert.mapping(entry.value(), stagePath, DROP));
            case "limit" -> limit(convert.mapping(entry.value(), stagePath, LIMIT));
            case "sampling" -> sampling(convert.mapping(entry.value(), stagePath, SAMPLING));
            case "multiline" -> multiline(convert.mapping(entry.value(), stagePath, MULTILINE));
            case "metrics" -> metrics(entry, stagePath);
            case "pipeline" -> throw convert.error(entry.line(), entry.column(), stagePath,
                    "stage \"pipeline\" does not exist in Promtail either (the name is reserved but no stage"
                            + " implements it); use a match stage with stages");
            default -> throw convert.error(entry.line(), entry.column(), stagePath,
                    STAGES_NOT_SUPPORTED.containsKey(entry.key())
                            ? "stage \"" + entry.key() + "\" is not supported (" + STAGES_NOT_SUPPORTED.get(entry.key())
                            + ")"
                            : "unknown stage \"" + entry.key() + "\"" + stageSuggestion(entry.key()));
        };
    }

    /** Promtail's stage names, for "did you mean" on a misspelled one. */
    private static final Keys STAGE_NAMES = Keys.of("cri", "docker", "regex", "json", "logfmt", "replace", "template",
            "output", "labels", "structured_metadata", "non_indexed_labels", "static_labels", "labeldrop",
            "labelallow", "tenant", "decolorize", "pack", "timestamp", "match", "drop", "limit", "sampling",
            "multiline", "metrics", "geoip", "eventlogmessage");

    private static String stageSuggestion(String name) {
        return NodeConverter.suggestion(name, STAGE_NAMES);
    }

    private StageConfig.Cri cri(MappingReader m) throws ConfigException {
        StageConfig.Cri d = StageConfig.Cri.defaults();
        // Promtail's cri stage treats 0 as "use the default" (100).
        int maxPartialLines = (int) m.integer("max_partial_lines", d.maxPartialLines(), 0, Integer.MAX_VALUE);
        return new StageConfig.Cri(maxPartialLines == 0 ? d.maxPartialLines() : maxPartialLines,
                m.byteSize("max_partial_line_size", d.maxPartialLineSize()),
                m.bool("max_partial_line_size_truncate", d.maxPartialLineSizeTruncate()));
    }

    /** An optional {@code source}: absent or null means the log line; an empty string is an error, as in Promtail. */
    private static String optionalSource(MappingReader m) throws ConfigException {
        String source = m.string("source", null);
        if (source != null && source.isEmpty()) {
            throw m.error("source", "must not be empty (leave it out to use the log line)");
        }
        return source;
    }

    private static String requiredSource(MappingReader m) throws ConfigException {
        String source = m.string("source", null);
        if (source == null) {
            throw m.missing("source");
        }
        if (source.isEmpty()) {
            throw m.error("source", "must not be empty");
        }
        return source;
    }

    private static GoRegex requiredRegex(MappingReader m, String key) throws ConfigException {
        String expression = m.string(key, null);
        if (expression == null || expression.isEmpty()) {
            throw expression == null ? m.missing(key) : m.error(key, "must not be empty");
        }
        try {
            return GoRegex.compile(expression);
        } catch (IllegalArgumentException e) {
            throw m.error(key, "could not compile regular expression \"" + expression + "\": " + e.getMessage());
        }
    }

    private static GoTemplate template(MappingReader m, String key) throws ConfigException {
        String text = m.string(key, "");
        try {
            return GoTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            throw m.error(key, "invalid template: " + e.getMessage());
        }
    }

    private StageConfig.Regex regex(MappingReader m) throws ConfigException {
        return new StageConfig.Regex(requiredRegex(m, "expression"), optionalSource(m));
    }

    private StageConfig.Json json(MappingReader m) throws ConfigException {
        YamlNode.Entry expressions = m.entry("expressions");
        if (expressions == null) {
            throw m.missing("expressions");
        }
        Map<String, String> byName = nullableStringMap(expressions, m.path("expressions"), false);
        if (byName.isEmpty()) {
            throw m.error("expressions", "at least one expression is required");
        }
        io.burt.jmespath.jackson.JacksonRuntime jmespath = new io.burt.jmespath.jackson.JacksonRuntime();
        Map<String, String> resolved = new LinkedHashMap<>();
        YamlNode.Mapping mapping = (YamlNode.Mapping) expressions.value();
        for (YamlNode.Entry e : mapping.entries()) {
            String expression = byName.get(e.key()).isEmpty() ? e.key() : byName.get(e.key());
            try {
                jmespath.compile(expression);
            } catch (RuntimeException ex) {
                throw convert.error(e.line(), e.column(), ConfigPaths.child(m.path("expressions"), e.key()),
                        "could not compile JMESPath expression \"" + expression + "\": " + ex.getMessage());
            }
            resolved.put(e.key(), expression);
        }
        return new StageConfig.Json(resolved, optionalSource(m), m.bool("drop_malformed", false));
    }

    private StageConfig.Logfmt logfmt(MappingReader m) throws ConfigException {
        YamlNode.Entry mapping = m.entry("mapping");
        if (mapping == null) {
            throw m.missing("mapping");
        }
        Map<String, String> byName = nullableStringMap(mapping, m.path("mapping"), false);
        if (byName.isEmpty()) {
            throw m.error("mapping", "at least one mapping is required");
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        byName.forEach((name, key) -> resolved.put(name, key.isEmpty() ? name : key));
        return new StageConfig.Logfmt(resolved, optionalSource(m));
    }

    private StageConfig.Replace replace(MappingReader m) throws ConfigException {
        return new StageConfig.Replace(requiredRegex(m, "expression"), optionalSource(m), template(m, "replace"));
    }

    private StageConfig.Template template(MappingReader m) throws ConfigException {
        return new StageConfig.Template(requiredSource(m), template(m, "template"));
    }

    private StageConfig.Tenant tenant(MappingReader m) throws ConfigException {
        String found = null;
        for (String key : List.of("source", "value", "label")) {
            String v = m.string(key, "");
            if (v.isEmpty()) {
                continue;
            }
            if (found != null) {
                throw m.error(key, "\"" + found + "\" and \"" + key + "\" are mutually exclusive: set exactly one of"
                        + " source, value or label");
            }
            found = key;
        }
        if (found == null) {
            throw convert.error(m.node(), m.path(), "one of source, value or label is required");
        }
        String source = m.string("source", "");
        String value = m.string("value", "");
        String label = m.string("label", "");
        return new StageConfig.Tenant(source.isEmpty() ? null : source, value.isEmpty() ? null : value,
                label.isEmpty() ? null : label);
    }

    private StageConfig.Pack pack(MappingReader m) throws ConfigException {
        return new StageConfig.Pack(m.stringList("labels"), m.bool("ingest_timestamp", true));
    }

    /** {@code labels} / {@code structured_metadata}: label name to extracted name; an empty source is the name. */
    private Map<String, String> labelSources(YamlNode.Entry stage, String path) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        nullableStringMap(stage, path, true).forEach((name, source) -> out.put(name, source.isEmpty() ? name : source));
        return out;
    }

    /**
     * The map under {@code entry}, whose values may be left empty ({@code user:}); empty values read as "". With
     * {@code labelNames} each key must be a valid label name.
     */
    private Map<String, String> nullableStringMap(YamlNode.Entry entry, String path, boolean labelNames)
            throws ConfigException {
        YamlNode node = entry.value();
        if (!(node instanceof YamlNode.Mapping mapping)) {
            if (node instanceof YamlNode.Scalar scalar && scalar.isNull()) {
                throw convert.error(entry.line(), entry.column(), path, "must not be empty");
            }
            throw convert.error(node, path, "expected a map, got " + node.describe());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (YamlNode.Entry e : mapping.entries()) {
            String entryPath = ConfigPaths.child(path, e.key());
            if (labelNames && !LABEL_NAME.matcher(e.key()).matches()) {
                throw convert.error(e.line(), e.column(), entryPath,
                        "invalid label name \"" + e.key() + "\" (must match [a-zA-Z_][a-zA-Z0-9_]*)");
            }
            YamlNode value = e.value();
            out.put(e.key(), value instanceof YamlNode.Scalar scalar && scalar.isNull() ? ""
                    : convert.string(value, entryPath));
        }
        return out;
    }

    // ---- timestamp, match, drop, limit, sampling, multiline, metrics ----

    private StageConfig.Timestamp timestamp(MappingReader m) throws ConfigException {
        String source = requiredSource(m);
        String format = m.string("format", null);
        if (format == null || format.isEmpty()) {
            throw format == null ? m.missing("format") : m.error("format", "must not be empty");
        }
        List<String> fallbacks = m.stringList("fallback_formats");
        List<GoTimeLayout> fallbackLayouts = new ArrayList<>();
        for (String f : fallbacks) {
            if (f.isEmpty()) {
                throw m.error("fallback_formats", "a fallback format must not be empty");
            }
            fallbackLayouts.add(GoTimeLayout.compile(f));
        }
        java.time.ZoneId location = null;
        String loc = m.string("location", null);
        if (loc != null) {
            try {
                location = loc.equals("Local") ? java.time.ZoneId.systemDefault()
                        : loc.isEmpty() ? java.time.ZoneOffset.UTC : java.time.ZoneId.of(loc);
            } catch (java.time.DateTimeException e) {
                throw m.error("location", "invalid location \"" + loc + "\" (use an IANA zone such as Europe/Paris)");
            }
        }
        String action = m.string("action_on_failure", "fudge");
        StageConfig.TimestampFailure failure = switch (action) {
            case "fudge" -> StageConfig.TimestampFailure.FUDGE;
            case "skip" -> StageConfig.TimestampFailure.SKIP;
            default -> throw m.error("action_on_failure", "invalid action on failure \"" + action
                    + "\" (use fudge or skip)");
        };
        return new StageConfig.Timestamp(source, GoTimeLayout.compile(format), fallbackLayouts, location, failure);
    }

    private StageConfig.Match match(MappingReader m) throws ConfigException {
        String selectorText = m.string("selector", null);
        if (selectorText == null || selectorText.isEmpty()) {
            throw selectorText == null ? m.missing("selector") : m.error("selector", "must not be empty");
        }
        LogSelector selector;
        try {
            selector = LogSelector.parse(selectorText);
        } catch (IllegalArgumentException e) {
            throw m.error("selector", "invalid selector \"" + selectorText + "\": " + e.getMessage());
        }
        String pipelineName = m.string("pipeline_name", null);
        if (pipelineName != null && pipelineName.isEmpty()) {
            throw m.error("pipeline_name", "may be left out but must not be empty");
        }
        String action = m.string("action", "keep");
        boolean drop = switch (action) {
            case "keep", "" -> false;
            case "drop" -> true;
            default -> throw m.error("action", "invalid action \"" + action + "\" (use keep or drop)");
        };
        List<StageConfig> stages = stageList(m.list("stages"), m.path("stages"));
        if (!drop && stages.isEmpty()) {
            throw m.has("stages") ? m.error("stages", "a match stage with action keep needs at least one stage")
                    : m.missing("stages");
        }
        if (drop && !stages.isEmpty()) {
            throw m.error("stages", "a match stage with action drop cannot have stages");
        }
        String reason = m.string("drop_counter_reason", "");
        return new StageConfig.Match(selector, pipelineName, drop, reason.isEmpty() ? "match_stage" : reason, stages);
    }

    private StageConfig.Drop drop(MappingReader m) throws ConfigException {
        List<String> source = null;
        boolean sourceIsList = false;
        YamlNode sourceNode = m.value("source");
        if (sourceNode instanceof YamlNode.Sequence) {
            source = m.stringList("source");
            sourceIsList = true;
            if (source.isEmpty()) {
                throw m.error("source", "must not be an empty list");
            }
        } else if (sourceNode != null) {
            String s = m.string("source", null);
            if (s.isEmpty()) {
                throw m.error("source", "must not be empty");
            }
            source = List.of(s);
        }
        String expressionText = m.string("expression", null);
        // Promtail decodes the drop stage with mapstructure.WeakDecode: "value: yes" is the string "1".
        String value = m.weakString("value", null);
        Duration olderThan = m.duration("older_than", null);
        Long longerThan = m.value("longer_than") == null ? null : m.byteSize("longer_than", 0);
        if (source == null && expressionText == null && olderThan == null && longerThan == null) {
            throw convert.error(m.node(), m.path(), "a drop stage needs at least one of source, expression,"
                    + " older_than or longer_than");
        }
        if (value != null && source == null) {
            throw m.error("value", "value needs a source");
        }
        if (value != null && expressionText != null) {
            throw m.error("value", "value and expression cannot both be set");
        }
        GoRegex expression = expressionText == null ? null : requiredRegex(m, "expression");
        String reason = m.string("drop_counter_reason", "");
        return new StageConfig.Drop(source, sourceIsList, m.string("separator", ";"), expression, value, olderThan,
                longerThan, reason.isEmpty() ? "drop_stage" : reason);
    }

    private StageConfig.Limit limit(MappingReader m) throws ConfigException {
        double rate = number(m, "rate", 0);
        long burst = m.integer("burst", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (rate <= 0) {
            throw m.has("rate") ? m.error("rate", "must be greater than 0") : m.missing("rate");
        }
        if (burst <= 0) {
            throw m.has("burst") ? m.error("burst", "must be greater than 0") : m.missing("burst");
        }
        boolean drop = m.bool("drop", false);
        String byLabel = m.string("by_label_name", "");
        if (!byLabel.isEmpty() && !drop) {
            throw m.error("by_label_name", "by_label_name requires drop: true (a per-label limit cannot hold lines"
                    + " back)");
        }
        long maxDistinct = m.integer("max_distinct_labels", MIN_MAX_DISTINCT_LABELS, 0, Integer.MAX_VALUE);
        return new StageConfig.Limit(rate, (int) burst, drop, byLabel.isEmpty() ? null : byLabel,
                (int) Math.max(maxDistinct, MIN_MAX_DISTINCT_LABELS));
    }

    private StageConfig.Sampling sampling(MappingReader m) throws ConfigException {
        if (m.value("rate") == null) {
            throw m.missing("rate");
        }
        double rate = number(m, "rate", 0);
        if (rate < 0 || rate > 1) {
            throw m.error("rate", "must be between 0.0 and 1.0");
        }
        String reason = m.string("drop_counter_reason", "");
        return new StageConfig.Sampling(rate, reason.isEmpty() ? "sampling_stage" : reason);
    }

    private StageConfig.Multiline multiline(MappingReader m) throws ConfigException {
        GoRegex firstline = requiredRegex(m, "firstline");
        Duration maxWait = positive(m, "max_wait_time", Duration.ofSeconds(3));
        // Promtail decodes the multiline stage with mapstructure.WeakDecode: max_lines: "2" is 2.
        long maxLines = m.weakInteger("max_lines", 128, 0, Integer.MAX_VALUE);
        if (maxLines == 0) {
            throw m.error("max_lines", "must be greater than 0");
        }
        return new StageConfig.Multiline(firstline, maxWait, (int) maxLines);
    }

    private StageConfig.Metrics metrics(YamlNode.Entry stage, String path) throws ConfigException {
        YamlNode node = stage.value();
        if (!(node instanceof YamlNode.Mapping mapping) || mapping.entries().isEmpty()) {
            throw convert.error(stage.line(), stage.column(), path, "a metrics stage needs at least one metric");
        }
        List<StageConfig.Metric> out = new ArrayList<>();
        for (YamlNode.Entry e : mapping.entries()) {
            out.add(metric(e.key(), convert.mapping(e.value(), ConfigPaths.child(path, e.key()), METRIC)));
        }
        return new StageConfig.Metrics(out);
    }

    private StageConfig.Metric metric(String name, MappingReader m) throws ConfigException {
        String typeText = m.string("type", null);
        if (typeText == null) {
            throw m.missing("type");
        }
        StageConfig.MetricType type = switch (typeText.toLowerCase(Locale.ROOT)) {
            case "counter" -> StageConfig.MetricType.COUNTER;
            case "gauge" -> StageConfig.MetricType.GAUGE;
            case "histogram" -> StageConfig.MetricType.HISTOGRAM;
            default -> throw m.error("type", "invalid metric type \"" + typeText
                    + "\" (use Counter, Gauge or Histogram)");
        };
        String prefix = m.string("prefix", "");
        if (prefix.isEmpty()) {
            prefix = "promtail_custom_";
        }
        if (!METRIC_NAME.matcher(prefix + name).matches()) {
            throw convert.error(m.node(), m.path(), "invalid metric name \"" + prefix + name + "\"");
        }
        String source = m.string("source", name);
        Duration maxIdle = m.duration("max_idle_duration", Duration.ofMinutes(5));
        if (maxIdle.compareTo(Duration.ofSeconds(1)) < 0) {
            throw m.error("max_idle_duration", "must be at least 1s");
        }
        Keys keys = switch (type) {
            case COUNTER -> COUNTER_CONFIG;
            case GAUGE -> GAUGE_CONFIG;
            case HISTOGRAM -> HISTOGRAM_CONFIG;
        };
        MappingReader c = m.mapping("config", keys);
        if (c == null) {
            if (type != StageConfig.MetricType.HISTOGRAM) {
                throw m.missing("config");
            }
            c = convert.mapping(new YamlNode.Scalar("", YamlNode.Scalar.Kind.NULL, m.node().line(), m.node().column()),
                    m.path("config"), keys);
        }
        String value = c.string("value", null);
        String action = null;
        boolean matchAll = false;
        boolean countBytes = false;
        List<Double> buckets = new ArrayList<>();
        switch (type) {
            case COUNTER -> {
                action = c.string("action", null);
                if (action == null || action.isEmpty()) {
                    throw c.has("action") ? c.error("action", "must be inc or add") : c.missing("action");
                }
                action = action.toLowerCase(Locale.ROOT);
                if (!action.equals("inc") && !action.equals("add")) {
                    throw c.error("action", "invalid counter action \"" + action + "\" (use inc or add)");
                }
                matchAll = c.bool("match_all", false);
                countBytes = c.bool("count_entry_bytes", false);
                if (matchAll && value != null) {
                    throw c.error("match_all", "match_all: true cannot be combined with value");
                }
                if (countBytes && !matchAll) {
                    throw c.error("count_entry_bytes", "count_entry_bytes: true needs match_all: true");
                }
                if (countBytes && !action.equals("add")) {
                    throw c.error("count_entry_bytes", "count_entry_bytes: true needs action: add");
                }
            }
            case GAUGE -> {
                action = c.string("action", null);
                if (action == null || action.isEmpty()) {
                    throw c.has("action") ? c.error("action", "must be set, inc, dec, add or sub")
                            : c.missing("action");
                }
                action = action.toLowerCase(Locale.ROOT);
                if (!Set.of("set", "inc", "dec", "add", "sub").contains(action)) {
                    throw c.error("action", "invalid gauge action \"" + action + "\" (use set, inc, dec, add or sub)");
                }
            }
            case HISTOGRAM -> {
                List<YamlNode> items = c.list("buckets");
                for (int i = 0; i < items.size(); i++) {
                    YamlNode item = items.get(i);
                    double b = number(item, ConfigPaths.index(c.path("buckets"), i));
                    if (!buckets.isEmpty() && b <= buckets.get(buckets.size() - 1)) {
                        throw convert.error(item, ConfigPaths.index(c.path("buckets"), i),
                                "buckets must be in increasing order");
                    }
                    buckets.add(b);
                }
            }
            default -> throw new IllegalStateException();
        }
        return new StageConfig.Metric(name, type, m.string("description", ""), prefix, source, maxIdle, value, action,
                matchAll, countBytes, buckets);
    }

    private double number(MappingReader m, String key, double defaultValue) throws ConfigException {
        YamlNode v = m.value(key);
        return v == null ? defaultValue : number(v, m.path(key));
    }

    private double number(YamlNode v, String path) throws ConfigException {
        if (v instanceof YamlNode.Scalar scalar
                && (scalar.kind() == YamlNode.Scalar.Kind.INT || scalar.kind() == YamlNode.Scalar.Kind.FLOAT
                || scalar.kind() == YamlNode.Scalar.Kind.STRING)) {
            try {
                return Double.parseDouble(scalar.text().replace("_", ""));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw convert.error(v, path, "expected a number, got " + v.describe());
    }

    private LimitsConfig limits(MappingReader m) throws ConfigException {
        LimitsConfig d = LimitsConfig.defaults();
        if (m == null) {
            return d;
        }
        onlyOff(m, "readline_rate_enabled", false);
        onlyOff(m, "max_streams", 0L);
        // Only read while readline_rate_enabled is on, which is refused above: checked for type, then unused.
        String rate = m.string("readline_rate", "0");
        try {
            Double.parseDouble(rate);
        } catch (NumberFormatException e) {
            throw m.error("readline_rate", "invalid number \"" + rate + "\"");
        }
        m.integer("readline_burst", 0, 0, Integer.MAX_VALUE);
        m.bool("readline_rate_drop", true);
        return new LimitsConfig(m.byteSize("max_line_size", d.maxLineSize()),
                m.bool("max_line_size_truncate", d.maxLineSizeTruncate()), labelGuards(m));
    }

    /** Sleipnir's cardinality guards ({@link LabelGuardConfig}); off unless a limit is set. */
    private static LabelGuardConfig labelGuards(MappingReader m) throws ConfigException {
        LabelGuardConfig d = LabelGuardConfig.off();
        Map<String, Long> perLabel = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : m.stringMap("max_label_values_per_label", true).entrySet()) {
            try {
                long limit = Long.parseLong(e.getValue());
                if (limit < 0) {
                    throw new NumberFormatException();
                }
                perLabel.put(e.getKey(), limit);
            } catch (NumberFormatException bad) {
                throw m.error("max_label_values_per_label", "label " + e.getKey() + ": expected a count of 0 or more,"
                        + " got \"" + e.getValue() + "\"");
            }
        }
        Duration window = m.duration("label_values_window", d.window());
        if (window.compareTo(Duration.ofSeconds(2)) < 0) {
            throw m.error("label_values_window", "must be at least 2s, got " + GoDuration.format(window));
        }
        return new LabelGuardConfig(m.integer("max_label_values", 0, 0, Integer.MAX_VALUE), perLabel, window,
                m.string("label_overflow_value", d.overflowValue()));
    }

    private TargetConfig targetConfig(MappingReader m) throws ConfigException {
        TargetConfig d = TargetConfig.defaults();
        if (m == null) {
            return d;
        }
        onlyOff(m, "stdin", false);
        return new TargetConfig(positive(m, "sync_period", d.syncPeriod()));
    }

    private GlobalConfig global(MappingReader m) throws ConfigException {
        GlobalConfig d = GlobalConfig.defaults();
        MappingReader watch = m == null ? null : m.mapping("file_watch_config", FILE_WATCH);
        if (watch == null) {
            return d;
        }
        Duration min = positive(watch, "min_poll_frequency", d.minPollFrequency());
        Duration max = positive(watch, "max_poll_frequency", d.maxPollFrequency());
        if (min.compareTo(max) > 0) {
            throw watch.error(watch.has("min_poll_frequency") ? "min_poll_frequency" : "max_poll_frequency",
                    "min_poll_frequency (" + GoDuration.format(min) + ") must not be greater than max_poll_frequency ("
                            + GoDuration.format(max) + ")");
        }
        return new GlobalConfig(min, max);
    }

    /**
     * A Promtail key of a feature we do not have (yet), accepted while it holds {@code off}, the value that means
     * the feature is off (Promtail's default, as its {@code -print-config-stderr} writes it); any other value is
     * refused. {@code off} is a Boolean, a Long or a String, which also sets how the value is read.
     */
    private static void onlyOff(MappingReader m, String key, Object off) throws ConfigException {
        if (m.value(key) == null) {
            return;
        }
        Object value = off instanceof Boolean ? (Object) m.bool(key, false)
                : off instanceof Long ? (Object) m.integer(key, 0, Long.MIN_VALUE, Long.MAX_VALUE)
                : m.string(key, "");
        if (!value.equals(off)) {
            String shown = off instanceof String text ? "\"" + text + "\"" : String.valueOf(off);
            throw m.error(key, "\"" + key + "\" is not supported yet (only " + shown + " is accepted)");
        }
    }

    /** A period that drives a ticker: zero would spin (Go's ticker panics on it), so it must be positive. */
    private static Duration positive(MappingReader m, String key, Duration defaultValue) throws ConfigException {
        Duration value = m.duration(key, defaultValue);
        if (value.isZero()) {
            throw m.error(key, "must be greater than 0");
        }
        return value;
    }

    /** {@code tracing} and {@code wal}: accepted only when switched off. Tracing's code default is on, as in Promtail. */
    private void onlyWhenDisabled(MappingReader top, String key, Keys keys, boolean enabledByDefault)
            throws ConfigException {
        MappingReader m = top.mapping(key, keys);
        if (m == null) {
            return;
        }
        String problem = "\"" + key + "\" is not supported yet (only enabled: false is accepted)";
        if (m.value("enabled") == null) {
            if (enabledByDefault) {
                throw convert.error(m.node(), key, problem);
            }
            return;
        }
        if (m.bool("enabled", enabledByDefault)) {
            throw m.error("enabled", problem);
        }
    }
}
