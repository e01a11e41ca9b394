package io.sleipnir.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.server.StandardRoutes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DaemonSet's probes against a real agent: /healthz (liveness) stays 200 in the two outages a restart cannot
 * cure, an unreachable API server and an unreachable Loki, while /ready (readiness, Promtail's) reports the first.
 * Issue 12, item 1: with the liveness probe on /ready, an agent started during an API server outage was restarted
 * every ~150 s.
 */
@Timeout(120)
class LivenessProbeTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void anUnreachableApiServerMakesTheAgentUnreadyButNotDead() throws Exception {
        String shipped = Repository.read("config/daemonset.yaml");
        String config = shipped
                .replace("/var/lib/sleipnir/positions.yaml", dir.resolve("positions.yaml").toString())
                .replace("http_listen_port: 9080", "http_listen_port: 0")
                .replace("      - role: pod\n", "      - role: pod\n        api_server: http://127.0.0.1:"
                        + closedPort() + "\n");
        assertThat(config).as("the rebasing found what it rewrites").doesNotContain("/var/lib/sleipnir")
                .contains("api_server: ");
        Agent agent = Agent.start(ConfigLoader.parse(config, "daemonset.yaml", true,
                Map.of("LOKI_URL", "http://127.0.0.1:" + closedPort() + "/loki/api/v1/push")),
                new Agent.Options(false, System.out, Clock.systemUTC(), Map.of("NODE_NAME", "node-a")));
        try {
            HttpResponse<String> ready = get(agent, "/ready");
            assertThat(ready.statusCode()).isEqualTo(500);
            assertThat(ready.body()).isEqualTo(StandardRoutes.NOT_READY);

            HttpResponse<String> healthz = get(agent, "/healthz?stall_timeout=1ms");
            assertThat(healthz.statusCode()).isEqualTo(200);
            assertThat(healthz.body()).isEqualTo("ok\n");
        } finally {
            agent.stop();
        }
    }

    @Test
    void readingPausedByAnUnreachableLokiIsAlive() throws Exception {
        Path log = dir.resolve("app.log");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            lines.append("ts=2026-12-02T08:00:00Z level=info msg=\"order placed\" order_id=").append(i).append('\n');
        }
        Files.writeString(log, lines);
        // A 64 KiB batch makes a 256 KiB budget: the 1.4 MiB file fills its tenant's share and waits for Loki.
        AgentConfig config = ConfigLoader.parse("""
                server:
                  http_listen_port: 0
                clients:
                  - url: http://127.0.0.1:%d/loki/api/v1/push
                    batchsize: 65536
                positions:
                  filename: %s
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: app
                          __path__: %s
                """.formatted(closedPort(), dir.resolve("positions.yaml"), log), "app.yaml", false, Map.of());
        Agent agent = Agent.start(config, new Agent.Options(false, System.out, Clock.systemUTC(), Map.of()));
        try {
            // The file's tenant holds its share of the budget, so the file is paused (not the reader: issue 14
            // item 4) and the reader goes on finishing rounds: alive, however long Loki stays away.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> agent.metrics().value("promtail_read_bytes_total", "path", log.toString()) > 0);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> healthz = get(agent, "/healthz?stall_timeout=1s");
                assertThat(healthz.statusCode()).isEqualTo(200);
                assertThat(healthz.body()).startsWith("ok");
                assertThat(agent.metrics().value("promtail_read_bytes_total", "path", log.toString()))
                        .as("reading paused, not the whole file read into memory").isLessThan(Files.size(log));
            });
            assertThat(get(agent, "/ready").statusCode()).isEqualTo(200);
        } finally {
            agent.stop(Duration.ZERO);
        }
    }

    private HttpResponse<String> get(Agent agent, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A port nothing listens on: connections are refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
