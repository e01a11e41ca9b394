package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.testing.FreePorts;
import io.sleipnir.testing.LokiReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as its own JVM ({@code java -cp ... Main}), as a user runs it: a clean SIGTERM stop, and every place
 * it prints its configuration or logs, with a secret in every place a client config can hold one.
 */
class MainProcessTest {
    private static final String URL_PASSWORD = "urlpw-S3CRET-1";
    private static final String QUERY_TOKEN = "qtok-S3CRET-2";
    private static final String AUTH_HEADER = "authhdr-S3CRET-3";
    private static final String CUSTOM_HEADER = "custom-S3CRET-4";
    private static final String BASIC_PASSWORD = "basic-S3CRET-5";
    private static final String BEARER_TOKEN = "bearer-S3CRET-6";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void sigtermStopsCleanlyWithExitZeroAndWritesPositions() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path logFile = logs.resolve("app.log");
        Files.writeString(logFile, "one\ntwo\nthree\n");
        Path positions = dir.resolve("positions.yaml");
        int port = FreePorts.pick();
        try (LokiReceiver loki = new LokiReceiver()) {
            Path config = write("""
                    server: {http_listen_address: 127.0.0.1, http_listen_port: %d}
                    clients:
                      - url: %s
                        batchwait: 50ms
                    positions: {filename: %s, sync_period: 1h}
                    scrape_configs:
                      - job_name: app
                        static_configs:
                          - targets: [localhost]
                            labels: {job: app, __path__: "%s/*.log"}
                    """.formatted(port, loki.url(), positions, logs));
            Process agent = start("-config.file=" + config);
            await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() == 3);

            agent.destroy(); // SIGTERM

            assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
            assertThat(agent.exitValue()).as("exit code; log:%n%s", log()).isZero();
            // sync_period is an hour: only the stop path can have written this
            assertThat(Files.readString(positions)).contains(logFile + ": \"14\"");
            assertThat(log()).contains("msg=\"stopped\"");
        }
    }

    @Test
    @Timeout(120)
    void noSecretOnConfigPageInPrintConfigStderrOrInTheDebugLog() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "one\ntwo\n");
        int port = FreePorts.pick();
        try (LokiReceiver loki = new LokiReceiver()) {
            String base = "http://127.0.0.1:" + loki.port() + "/loki/api/v1/push";
            Path config = write("""
                    server: {http_listen_address: 127.0.0.1, http_listen_port: %d}
                    clients:
                      - url: http://scrape-user:%s@127.0.0.1:%d/loki/api/v1/push?api_key=%s
                        batchwait: 50ms
                        headers:
                          Authorization: Bearer %s
                          X-Scope-Token: %s
                          X-Scope-OrgID: %s
                      - url: %s?client=2
                        batchwait: 50ms
                        basic_auth: {username: alice, password: %s}
                      - url: %s?client=3
                        batchwait: 50ms
                        bearer_token: %s
                    positions: {filename: %s}
                    scrape_configs:
                      - job_name: app
                        static_configs:
                          - targets: [localhost]
                            labels: {job: app, __path__: "%s/*.log"}
                    """.formatted(port, URL_PASSWORD, loki.port(), QUERY_TOKEN, AUTH_HEADER, CUSTOM_HEADER,
                    CUSTOM_HEADER, base, BASIC_PASSWORD, base, BEARER_TOKEN, dir.resolve("positions.yaml"),
                    logs));
            Process agent = start("-config.file=" + config, "-print-config-stderr", "-log.level=debug");
            List<String> pages = new ArrayList<>();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !agent.isAlive() || loki.entryCount() >= 6);
                assertThat(agent.isAlive()).as("running; log:%n%s", log()).isTrue();
                for (String path : List.of("/config", "/config?format=json", "/config?format=yaml")) {
                    for (String accept : List.of("text/html", "application/json", "*/*")) {
                        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + path)).header("Accept", accept).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertThat(page.statusCode()).isEqualTo(200);
                        pages.add(page.body());
                    }
                }
            } finally {
                agent.destroy();
                assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }

            String stderr = log();
            List<String> secrets = new ArrayList<>(List.of(URL_PASSWORD, QUERY_TOKEN, AUTH_HEADER, CUSTOM_HEADER,
                    BASIC_PASSWORD, BEARER_TOKEN));
            secrets.add(Base64.getEncoder().encodeToString(("scrape-user:" + URL_PASSWORD).getBytes(StandardCharsets.UTF_8)));
            secrets.add(Base64.getEncoder().encodeToString(("alice:" + BASIC_PASSWORD).getBytes(StandardCharsets.UTF_8)));
            for (String secret : secrets) {
                assertThat(stderr).as("-print-config-stderr and the debug log").doesNotContain(secret);
                assertThat(pages).allSatisfy(page -> assertThat(page).as("/config").doesNotContain(secret));
            }
            // The printout is there, masked, so the test looked where the secrets would have been.
            String maskedUrl = "url: http://scrape-user:xxxxx@127.0.0.1:" + loki.port()
                    + "/loki/api/v1/push?api_key=xxxxx";
            // pages.get(0) is /config for a browser: the YAML inside an HTML page, so its < and > are escaped.
            String configPageText = pages.get(0).replace("&lt;", "<").replace("&gt;", ">");
            for (String printed : List.of(stderr, configPageText)) {
                assertThat(printed).contains(maskedUrl, "Authorization: <secret>", "X-Scope-Token: <secret>",
                        "password: <secret>", "bearer_token: <secret>");
            }
            assertThat(stderr).contains("level=debug");
            // and the secrets did travel where they belong
            assertThat(loki.requests()).anySatisfy(r -> assertThat(r.header("X-Scope-Token")).isEqualTo(CUSTOM_HEADER));
        }
    }

    private Path write(String yaml) throws IOException {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("agent.log"));
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.sleipnir.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
    }
}
