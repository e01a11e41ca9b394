package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LogCapture;
import io.sleipnir.testing.LokiReceiver;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent at debug level with a secret in every place a client config can hold one (url password, url query,
 * custom header, basic_auth password, bearer token), against a Loki answering 500, one answering 401 and a port
 * that refuses connections. No log line, at any level, may contain any of them.
 */
class SecretsInLogsScenarioTest {
    private static final String URL_PASSWORD = "urlpw-S3CRET-1";
    private static final String QUERY_TOKEN = "qtok-S3CRET-2";
    private static final String HEADER_VALUE = "hdr-S3CRET-3";
    private static final String BASIC_PASSWORD = "basic-S3CRET-4";
    private static final String BEARER_TOKEN = "bearer-S3CRET-5";
    private static final String QUERY_TOKEN_2 = "qtok-S3CRET-6";

    @TempDir
    Path dir;

    @Test
    @Timeout(90)
    void noSecretInAnyLogLineAtDebug() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        int refusedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusedPort = s.getLocalPort();
        }
        try (LokiReceiver failing = new LokiReceiver(); LokiReceiver unauthorized = new LokiReceiver();
                CriLogWriter w = new CriLogWriter(logs.resolve("a.log"), "a");
                LogCapture captured = LogCapture.start(Level.FINE)) {
            failing.respondWith(500);
            unauthorized.respondWith(401);
            String yaml = """
                    server:
                      http_listen_port: 0
                    clients:
                      - url: http://scrape-user:%s@127.0.0.1:%d/loki/api/v1/push?api_key=%s
                        name: five-hundred
                        batchwait: 50ms
                        bearer_token: %s
                        headers:
                          X-Api-Token: %s
                          Authorization: Bearer %s
                        backoff_config: {min_period: 100ms, max_period: 200ms, max_retries: 2}
                      - url: http://127.0.0.1:%d/loki/api/v1/push
                        name: unauthorized
                        batchwait: 50ms
                        basic_auth: {username: alice, password: %s}
                        headers:
                          X-Api-Token: %s
                      - url: http://127.0.0.1:%d/loki/api/v1/push?token=%s
                        name: refused
                        batchwait: 50ms
                        bearer_token: %s
                        backoff_config: {min_period: 100ms, max_period: 200ms, max_retries: 2}
                    positions:
                      filename: %s
                    scrape_configs:
                      - job_name: app
                        static_configs:
                          - targets: [localhost]
                            labels: {job: app, __path__: "%s/*.log"}
                        pipeline_stages:
                          - cri: {}
                    """.formatted(URL_PASSWORD, failing.port(), QUERY_TOKEN, BEARER_TOKEN, HEADER_VALUE, HEADER_VALUE,
                    unauthorized.port(), BASIC_PASSWORD, HEADER_VALUE, refusedPort, QUERY_TOKEN_2, BEARER_TOKEN,
                    dir.resolve("positions.yaml"), logs);
            AgentConfig config = ConfigLoader.parse(yaml, "secrets.yaml", false, Map.of());
            Agent agent = Agent.start(config, new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                w.writeLine(1);
                w.writeLine(1);
                // Past max_retries, so the "still failing after 2 retries" error is logged too.
                await().atMost(Duration.ofSeconds(30)).until(() -> failing.pushCount() >= 4
                        && unauthorized.pushCount() >= 1
                        && agent.metrics().value("promtail_batch_retries_total", "host", "127.0.0.1:" + refusedPort,
                                "tenant", "") >= 4);
            } finally {
                agent.stop(Duration.ofMillis(500));
            }

            List<LogCapture.Line> lines = captured.lines();
            List<String> secrets = new ArrayList<>(List.of(URL_PASSWORD, QUERY_TOKEN, HEADER_VALUE, BASIC_PASSWORD,
                    BEARER_TOKEN, QUERY_TOKEN_2));
            secrets.add(Base64.getEncoder().encodeToString(("scrape-user:" + URL_PASSWORD).getBytes(StandardCharsets.UTF_8)));
            secrets.add(Base64.getEncoder().encodeToString(("alice:" + BASIC_PASSWORD).getBytes(StandardCharsets.UTF_8)));
            assertThat(lines).hasSizeGreaterThan(5);
            for (LogCapture.Line line : lines) {
                for (String secret : secrets) {
                    assertThat(line.text()).as("a %s line", line.level()).doesNotContain(secret);
                }
            }
            // The lines are there, with the urls redacted, so the test looked where the secrets could have been.
            String failingUrl = "http://scrape-user:xxxxx@127.0.0.1:" + failing.port()
                    + "/loki/api/v1/push?api_key=xxxxx";
            assertThat(captured.lines(Level.WARNING, "push to " + failingUrl + " failed: HTTP 500")).isNotEmpty();
            // its headers' Authorization wins over the url's credentials and bearer_token, as in Promtail
            assertThat(captured.lines(Level.WARNING, "client " + failingUrl + ": headers sets Authorization and the"
                    + " url's user info (user:password@host) is configured too; the header is sent")).hasSize(1);
            assertThat(captured.lines(Level.SEVERE, "push to " + failingUrl + " still failing after 2 retries"))
                    .isNotEmpty();
            assertThat(captured.lines(Level.SEVERE, "refused the credentials (401 Unauthorized); credentials from:"
                    + " basic_auth (password)")).hasSize(1);
            assertThat(captured.lines(Level.WARNING, "push to http://127.0.0.1:" + refusedPort
                    + "/loki/api/v1/push?token=xxxxx failed: connection refused")).hasSize(1);
            // and the secrets did travel where they belong
            assertThat(failing.requests().get(0).header("X-Api-Token")).isEqualTo(HEADER_VALUE);
            assertThat(failing.requests().get(0).header("Authorization")).isEqualTo("Bearer " + HEADER_VALUE);
        }
    }
}
