package io.sleipnir.config;

import io.sleipnir.config.NodeConverter.Keys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binds a job's {@code docker_sd_configs} into {@link DockerSdConfig} records, with Prometheus' defaults. */
final class DockerSdBinder {
    /**
     * Prometheus' HTTP client options: its Docker client does not use them for a unix socket, the only kind of host
     * Sleipnir reads, so they are refused rather than silently doing nothing; the two booleans whose default is on
     * are accepted (they change nothing on a unix socket either).
     */
    private static final Keys DOCKER = Keys.of("host", "port", "host_networking_host", "filters", "refresh_interval",
                    "match_first_network")
            .notYetSupported("proxy_url", "no_proxy", "proxy_from_environment", "proxy_connect_header", "tls_config",
                    "basic_auth", "authorization", "oauth2", "bearer_token", "bearer_token_file", "http_headers")
            .ignored(Set.of("follow_redirects", "enable_http2"));
    private static final Keys FILTER = Keys.of("name", "values");

    private DockerSdBinder() {
    }

    /** Adds one source per entry of the job's {@code docker_sd_configs}, if any, to {@code out}. */
    static void bind(MappingReader scrape, List<SourceConfig> out) throws ConfigException {
        List<YamlNode> items = scrape.list(DockerSdConfig.KIND);
        for (int i = 0; i < items.size(); i++) {
            String path = ConfigPaths.index(scrape.path(DockerSdConfig.KIND), i);
            out.add(entry(scrape.converter().mapping(items.get(i), path, DOCKER)));
        }
    }

    private static DockerSdConfig entry(MappingReader m) throws ConfigException {
        String host = m.string("host", "");
        if (host.isEmpty()) {
            throw m.entry("host") == null ? m.missing("host") : m.error("host", "host missing");
        }
        if (!host.startsWith("unix://")) {
            throw m.error("host", "only a unix socket (unix:///var/run/docker.sock) is supported yet, got \"" + host
                    + "\"");
        }
        String socket = host.substring("unix://".length());
        if (!socket.startsWith("/")) {
            throw m.error("host", "the socket must be an absolute path (unix:///var/run/docker.sock), got \"" + host
                    + "\"");
        }
        Map<String, List<String>> filters = new LinkedHashMap<>();
        List<YamlNode> items = m.list("filters");
        for (int i = 0; i < items.size(); i++) {
            MappingReader f = m.converter().mapping(items.get(i), ConfigPaths.index(m.path("filters"), i), FILTER);
            String name = f.string("name", "");
            if (name.isEmpty()) {
                throw f.entry("name") == null ? f.missing("name") : f.error("name", "must not be empty");
            }
            filters.computeIfAbsent(name, k -> new ArrayList<>()).addAll(f.stringList("values"));
        }
        return new DockerSdConfig(Path.of(socket), (int) m.integer("port", DockerSdConfig.DEFAULT_PORT, 0, 65535),
                m.string("host_networking_host", DockerSdConfig.DEFAULT_HOST_NETWORKING_HOST), filters,
                m.positiveDuration("refresh_interval", DockerSdConfig.DEFAULT_REFRESH_INTERVAL),
                m.bool("match_first_network", true));
    }
}
