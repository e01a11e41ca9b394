package io.sleipnir.config;

import io.sleipnir.config.NodeConverter.Keys;
import java.util.Set;

/** The {@code server} section: what the HTTP server and the agent's own log use, and Promtail's keys we accept. */
final class ServerBinder {
    private ServerBinder() {
    }

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
            "http_path_prefix", "external_url");

    static final Keys SERVER = Keys.of("disable", "http_listen_address", "http_listen_port",
                    "graceful_shutdown_timeout", "log_level", "log_format", "health_check_target",
                    "enable_runtime_reload")
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

    static ServerConfig server(MappingReader m) throws ConfigException {
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
        ConfigBinder.onlyOff(m, "http_listen_network", "tcp");
        ConfigBinder.onlyOff(m, "http_listen_conn_limit", 0L);
        ConfigBinder.onlyOff(m, "log_source_ips_enabled", false);
        ConfigBinder.onlyOff(m, "log_request_at_info_level_enabled", false);
        ConfigBinder.onlyOff(m, "profiling_enabled", false);
        ConfigBinder.onlyOff(m, "http_path_prefix", "");
        ConfigBinder.onlyOff(m, "external_url", "");
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
                logFormat,
                m.bool("enable_runtime_reload", d.enableRuntimeReload()));
    }
}
