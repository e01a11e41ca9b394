package io.sleipnir.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of a job's {@code docker_sd_configs}, as Promtail 2.8 (Prometheus' Docker discovery) reads it.
 *
 * @param socket             the daemon's unix socket, from {@code host: unix:///var/run/docker.sock}
 * @param port               the port in {@code __address__} of a container that publishes none
 * @param hostNetworkingHost {@code __address__} of a container in host networking mode
 * @param filters            the Engine API's container list filters, name to values
 * @param refreshInterval    how often the container list is read again
 * @param matchFirstNetwork  of a container on several networks, label it with the first by name only
 */
public record DockerSdConfig(Path socket, int port, String hostNetworkingHost, Map<String, List<String>> filters,
        Duration refreshInterval, boolean matchFirstNetwork) implements SourceConfig {
    public static final String KIND = "docker_sd_configs";
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(60);
    public static final int DEFAULT_PORT = 80;
    public static final String DEFAULT_HOST_NETWORKING_HOST = "localhost";

    public DockerSdConfig {
        filters = Map.copyOf(filters);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
