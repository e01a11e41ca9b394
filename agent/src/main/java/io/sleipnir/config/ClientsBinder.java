package io.sleipnir.config;

import io.sleipnir.config.NodeConverter.Keys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code clients} (and the deprecated {@code client}): where and how to push, with auth and TLS. */
final class ClientsBinder {
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

    private final NodeConverter convert;

    ClientsBinder(NodeConverter convert) {
        this.convert = convert;
    }

    List<ClientConfig> clients(MappingReader top, boolean requireClients) throws ConfigException {
        List<ClientConfig> clients = new ArrayList<>();
        Map<String, Integer> nameLines = new HashMap<>();
        List<YamlNode> items = top.list("clients");
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            ClientConfig client = convert.collect(() -> client(convert.mapping(items.get(index),
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
        if (HttpUrl.parse(url).isEmpty()) {
            throw m.error("url", "must be an http or https URL, got \"" + ClientConfig.redactUrl(url) + "\"");
        }
        String name = m.string("name", "");
        if (!name.isEmpty()) {
            Integer firstLine = nameLines.putIfAbsent(name, m.value("name").line());
            if (firstLine != null) {
                throw m.error("name", "duplicate client name \"" + name + "\" (first at line " + firstLine + ")");
            }
        }
        ConfigBinder.onlyOff(m, "follow_redirects", false);
        ConfigBinder.onlyOff(m, "enable_http2", false);
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
}
