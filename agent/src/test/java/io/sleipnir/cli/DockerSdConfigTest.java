package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.config.DockerSdConfig;
import io.sleipnir.config.SourceConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code docker_sd_configs} block: Promtail's documented example passes -check-syntax as it is; keys, defaults. */
class DockerSdConfigTest {
    /** Promtail's docs, configuration.md "docker_sd_configs", unchanged. */
    private static final String PROMTAIL_DOCKER_SD_EXAMPLE = """
            scrape_configs:
              - job_name: flog_scrape
                docker_sd_configs:
                  - host: unix:///var/run/docker.sock
                    refresh_interval: 5s
                    filters:
                      - name: name
                        values: [flog]
                relabel_configs:
                  - source_labels: ['__meta_docker_container_name']
                    regex: '/(.*)'
                    target_label: 'container'
            """;

    private static final String CLIENTS = "clients:\n  - url: http://loki:3100/loki/api/v1/push\n";

    @TempDir
    Path dir;

    @Test
    void promtailsDocumentedDockerExamplePassesCheckSyntax() throws Exception {
        Path file = dir.resolve("promtail.yaml");
        Files.writeString(file, CLIENTS + PROMTAIL_DOCKER_SD_EXAMPLE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"-config.file=" + file, "-check-syntax"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("Valid config file! No syntax issues found");
    }

    @Test
    void keysBindWithPrometheusDefaults() throws Exception {
        assertThat(docker(CLIENTS + PROMTAIL_DOCKER_SD_EXAMPLE)).containsExactly(new DockerSdConfig(
                Path.of("/var/run/docker.sock"), 80, "localhost", Map.of("name", List.of("flog")), Duration.ofSeconds(5),
                true));
        assertThat(docker(CLIENTS + """
                scrape_configs:
                  - job_name: d
                    docker_sd_configs:
                      - host: unix:///run/podman/podman.sock
                        port: 8080
                        host_networking_host: node-1
                        match_first_network: false
                        follow_redirects: true
                        filters:
                          - {name: label, values: [logging=promtail]}
                          - {name: label, values: [tier=web]}
                      - host: unix:///var/run/docker.sock
                """)).containsExactly(
                new DockerSdConfig(Path.of("/run/podman/podman.sock"), 8080, "node-1",
                        Map.of("label", List.of("logging=promtail", "tier=web")), Duration.ofSeconds(60), false),
                new DockerSdConfig(Path.of("/var/run/docker.sock"), 80, "localhost", Map.of(), Duration.ofSeconds(60),
                        true));
    }

    @Test
    void badValuesNameTheirPlace() {
        assertThatThrownBy(() -> docker(CLIENTS + "scrape_configs:\n  - job_name: d\n    docker_sd_configs:\n"
                + "      - host: tcp://10.0.0.1:2375\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("p.yaml:6:15: scrape_configs[0].docker_sd_configs[0].host: only a unix socket "
                        + "(unix:///var/run/docker.sock) is supported yet, got \"tcp://10.0.0.1:2375\"");
        assertThatThrownBy(() -> docker(CLIENTS + "scrape_configs:\n  - job_name: d\n    docker_sd_configs:\n"
                + "      - refresh_interval: 5s\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scrape_configs[0].docker_sd_configs[0]").hasMessageContaining("host");
        assertThatThrownBy(() -> docker(CLIENTS + "scrape_configs:\n  - job_name: d\n    docker_sd_configs:\n"
                + "      - host: unix:///var/run/docker.sock\n        basic_auth: {username: u, password: p}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("p.yaml:7:9: scrape_configs[0].docker_sd_configs[0].basic_auth: \"basic_auth\" is not "
                        + "supported yet");
        assertThatThrownBy(() -> docker(CLIENTS + "scrape_configs:\n  - job_name: d\n    docker_sd_configs:\n"
                + "      - host: unix:///var/run/docker.sock\n        refresh_intervl: 5s\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("p.yaml:7:9: scrape_configs[0].docker_sd_configs[0].refresh_intervl: unknown "
                        + "key \"refresh_intervl\" (did you mean \"refresh_interval\"?)");
    }

    private static List<SourceConfig> docker(String yaml) throws ConfigException {
        AgentConfig config = ConfigLoader.parse(yaml, "p.yaml", false, Map.of());
        return config.scrapeConfigs().get(0).sources();
    }
}
