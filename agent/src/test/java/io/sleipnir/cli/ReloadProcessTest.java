package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.testing.FreePorts;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as its own JVM, started with the Promtail Helm chart's container args (charts/promtail
 * templates/_pod.tpl with the config-reloader sidecar on: {@code -config.file=/etc/promtail/promtail.yaml},
 * {@code -server.enable-runtime-reload}; {@code -config.expand-env=true} as the chart's users add through
 * {@code extraArgs}): {@code kill -HUP} and {@code POST /reload} both apply a rewritten config file.
 */
class ReloadProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void helmChartArgsStartAndSighupAndPostReloadApplyTheRewrittenConfig() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path config = Files.createDirectories(dir.resolve("etc/promtail")).resolve("promtail.yaml");
        int port = FreePorts.pick();
        try (LokiReceiver loki = new LokiReceiver()) {
            Files.writeString(config, config(port, logs, "one"));
            ProcessBuilder command = command("-config.file=" + config, "-server.enable-runtime-reload",
                    "-config.expand-env=true");
            command.environment().put("LOKI_URL", loki.url());
            Process agent = command.start();
            try {
                append(logs, "a1", "a2");
                await().atMost(WAIT).until(() -> !agent.isAlive() || loki.entryCount() == 2);
                assertThat(agent.isAlive()).as("running; log:%n%s", log()).isTrue();

                Files.writeString(config, config(port, logs, "two"));
                Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).start();
                assertThat(hup.waitFor(30, TimeUnit.SECONDS) && hup.exitValue() == 0).as("kill -HUP").isTrue();
                await().atMost(WAIT).until(() -> !agent.isAlive() || log().contains("msg=\"config reloaded: "));
                assertThat(agent.isAlive()).as("SIGHUP reloads, it does not stop; log:%n%s", log()).isTrue();
                append(logs, "b1", "b2");
                await().atMost(WAIT).until(() -> loki.entryCount() == 4);

                Files.writeString(config, config(port, logs, "three"));
                HttpResponse<String> reload = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/reload")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                append(logs, "c1");
                await().atMost(WAIT).until(() -> loki.entryCount() == 5);
                HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
                assertThat(loki.entries().stream().map(ReceivedEntry::line).toList())
                        .containsExactly("a1", "a2", "b1", "b2", "c1");
                assertThat(loki.entries().stream().map(e -> e.labels().get("env")).toList())
                        .containsExactly("one", "one", "two", "two", "three");
                assertThat(metrics.body()).contains("promtail_config_reload_success_total 2\n",
                        "promtail_config_reload_fail_total 0\n");
                assertThat(log()).as("-server.enable-runtime-reload is acted on, not warned about")
                        .doesNotContain("level=warn");
            } finally {
                agent.destroy();
                assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(agent.exitValue()).as("exit code; log:%n%s", log()).isZero();
        }
    }

    private String config(int port, Path logs, String env) {
        return """
                server: {http_listen_address: 127.0.0.1, http_listen_port: %d}
                clients:
                  - url: ${LOKI_URL}
                    batchwait: 20ms
                positions: {filename: %s}
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: [localhost]
                        labels: {job: app, env: %s, __path__: "%s/*.log"}
                """.formatted(port, dir.resolve("positions.yaml"), env, logs);
    }

    private static void append(Path logs, String... lines) throws IOException {
        Files.writeString(logs.resolve("app.log"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("agent.log"));
    }

    private ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.sleipnir.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
    }
}
