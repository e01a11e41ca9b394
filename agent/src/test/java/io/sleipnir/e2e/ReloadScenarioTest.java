package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.cli.ReloadOutcome;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.positions.SavedPosition;
import io.sleipnir.testing.FreePorts;
import io.sleipnir.testing.LogCapture;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config reload against the real agent, files and test receiver: issue 10's reload scenarios (a) to (d, in-process
 * part). The config file is rewritten and the agent reads it again, as SIGHUP and {@code /reload} make it do.
 */
class ReloadScenarioTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private Path configFile;
    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
    }

    /** One job per entry of {@code jobs} (name to its extra labels), each tailing {@code <dir>/<name>/*.log}. */
    private String config(String lokiUrl, boolean httpReload, Map<String, String> jobs) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                server: {http_listen_address: 127.0.0.1, http_listen_port: 0, graceful_shutdown_timeout: 20s,
                         enable_runtime_reload: %s}
                clients:
                  - url: %s
                    batchwait: 20ms
                    backoff_config: {min_period: 20ms, max_period: 100ms, max_retries: 100000}
                positions: {filename: %s, sync_period: 1h}
                scrape_configs:
                """.formatted(httpReload, lokiUrl, dir.resolve("positions.yaml")));
        for (Map.Entry<String, String> job : jobs.entrySet()) {
            Path logs = Files.createDirectories(dir.resolve(job.getKey()));
            yaml.append("""
                      - job_name: %s
                        static_configs:
                          - targets: [localhost]
                            labels: {job: %s, %s __path__: "%s/*.log"}
                    """.formatted(job.getKey(), job.getKey(), job.getValue(), logs));
        }
        return yaml.toString();
    }

    private void startAgent(String yaml) throws Exception {
        configFile = dir.resolve("promtail.yaml");
        Files.writeString(configFile, yaml);
        AgentConfig config = ConfigLoader.load(configFile, false, Map.of());
        agent = Agent.start(config, new Agent.Options(false, new PrintStream(OutputStream.nullOutputStream()),
                Clock.systemUTC()), () -> ConfigLoader.load(configFile, false, Map.of()));
    }

    private void append(String job, List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l).append('\n'));
        Files.writeString(Files.createDirectories(dir.resolve(job)).resolve(job + ".log"), text, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> numbered(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "%s-%05d".formatted(prefix, i)).toList();
    }

    private static List<String> lines(List<ReceivedEntry> entries) {
        return entries.stream().map(ReceivedEntry::line).toList();
    }

    @Test
    @Timeout(240)
    void changedLabelsAndAnAddedJobWhileLinesFlowShipEveryLineOnceOldLinesWithOldLabelsNewWithNew() throws Exception {
        try (LokiReceiver loki = new LokiReceiver()) {
            startAgent(config(loki.url(), false, Map.of("app", "env: old,")));
            append("app", numbered("app", 0, 1000));
            await().atMost(WAIT).until(() -> loki.entryCount() == 1000);
            // The added job's file is there before the reload: it is read from its start once the job exists.
            append("added", numbered("added", 0, 100));

            Files.writeString(configFile, config(loki.url(), false, Map.of("app", "env: new,", "added", "")));
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int chunk = 1000; chunk < 3000; chunk += 50) {
                    try {
                        append("app", numbered("app", chunk, chunk + 50));
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                    Thread.yield();
                }
            });
            ReloadOutcome outcome = agent.reload(); // while the writer appends
            writer.join();
            append("app", numbered("app", 3000, 3100)); // written after the reload: new labels only

            await().atMost(WAIT).until(() -> loki.entryCount() >= 3200);
            List<ReceivedEntry> app = loki.entriesFor(Map.of("job", "app"));
            assertThat(outcome.result()).as(outcome.toString()).isEqualTo(ReloadOutcome.Result.APPLIED);
            assertThat(lines(app)).as("every line once, in order").containsExactlyElementsOf(numbered("app", 0, 3100));
            int firstNew = IntStream.range(0, app.size()).filter(i -> "new".equals(app.get(i).labels().get("env")))
                    .findFirst().orElseThrow();
            assertThat(firstNew).as("lines delivered before the reload kept their labels").isGreaterThanOrEqualTo(1000)
                    .as("lines written after the reload have the new labels").isLessThanOrEqualTo(3000);
            assertThat(app.subList(0, firstNew)).allSatisfy(e -> assertThat(e.labels()).containsEntry("env", "old"));
            assertThat(app.subList(firstNew, app.size()))
                    .allSatisfy(e -> assertThat(e.labels()).containsEntry("env", "new"));
            assertThat(lines(loki.entriesFor(Map.of("job", "added")))).containsExactlyElementsOf(
                    numbered("added", 0, 100));
            assertThat(loki.entryCount()).as("nothing twice").isEqualTo(3200);
            assertThat(agent.metrics().registry().getSampleValue("promtail_config_reload_success_total"))
                    .isEqualTo(1.0);
        }
    }

    @Test
    @Timeout(240)
    void aRemovedJobDeliversWhatItReadAndItsPositionIsCommitted() throws Exception {
        try (LokiReceiver loki = new LokiReceiver()) {
            startAgent(config(loki.url(), false, Map.of("app", "", "gone", "")));
            append("app", numbered("app", 0, 10));
            append("gone", numbered("gone", 0, 10));
            await().atMost(WAIT).until(() -> loki.entryCount() == 20);
            Path goneLog = dir.resolve("gone").resolve("gone.log").toRealPath();

            loki.respondWith(500); // what the removed job reads next is held, unacknowledged, when the reload comes
            append("gone", numbered("gone", 10, 60));
            await().atMost(WAIT).until(() -> readBytes(goneLog) == Files.size(goneLog));
            int pushes = loki.pushCount();
            await().atMost(WAIT).until(() -> loki.pushCount() > pushes);
            Files.writeString(configFile, config(loki.url(), false, Map.of("app", "")));
            CompletableFuture<ReloadOutcome> reload = agent.requestReload("the test");
            loki.respondWith(204);
            ReloadOutcome outcome = reload.get();

            assertThat(outcome.result()).as(outcome.toString()).isEqualTo(ReloadOutcome.Result.APPLIED);
            assertThat(lines(loki.entriesFor(Map.of("job", "gone")))).as("what the removed job read, once")
                    .containsExactlyElementsOf(numbered("gone", 0, 60));
            SavedPosition committed = agent.positions().get(goneLog.toString());
            assertThat(committed).as("the positions file written at the reload").isNotNull();
            assertThat(committed.offset()).isEqualTo(Files.size(goneLog));
            append("app", numbered("app", 10, 20));
            await().atMost(WAIT).until(() -> loki.entriesFor(Map.of("job", "app")).size() >= 20);
            assertThat(lines(loki.entriesFor(Map.of("job", "app")))).containsExactlyElementsOf(numbered("app", 0, 20));
        }
    }

    private double readBytes(Path file) {
        Double v = agent.metrics().registry().getSampleValue("promtail_read_bytes_total", new String[] {"path"},
                new String[] {file.toString()});
        return v == null ? -1 : v;
    }

    @Test
    @Timeout(240)
    void anInvalidConfigIsRefusedWithItsLocationLoggedAndShippingGoesOn() throws Exception {
        try (LokiReceiver loki = new LokiReceiver(); LogCapture log = LogCapture.start(Level.INFO)) {
            startAgent(config(loki.url(), true, Map.of("app", "env: old,")));
            append("app", numbered("app", 0, 10));
            await().atMost(WAIT).until(() -> loki.entryCount() == 10);

            Files.writeString(configFile, config(loki.url(), true, Map.of("app", "env: new,"))
                    + "    pipeline_stages:\n      - regex: {expression: \"(unclosed\"}\n");
            ReloadOutcome outcome = agent.reload();
            HttpResponse<String> overHttp = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + agent.httpPort() + "/reload")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            append("app", numbered("app", 10, 20));

            String where = configFile + ":14:29: scrape_configs[0].pipeline_stages[0].regex.expression: ";
            assertThat(outcome.result()).isEqualTo(ReloadOutcome.Result.REFUSED);
            assertThat(outcome.error()).startsWith(where).contains("missing closing )");
            assertThat(overHttp.statusCode()).isEqualTo(500);
            assertThat(overHttp.body()).isEqualTo("failed to reload config: " + outcome.error() + "\n");
            assertThat(log.lines(Level.SEVERE, "reload refused, the running config goes on: " + where)).hasSize(2);
            await().atMost(WAIT).until(() -> loki.entryCount() == 20);
            assertThat(lines(loki.entries())).containsExactlyElementsOf(numbered("app", 0, 20));
            assertThat(loki.entries()).allSatisfy(e -> assertThat(e.labels()).containsEntry("env", "old"));
            assertThat(agent.metrics().registry().getSampleValue("promtail_config_reload_fail_total")).isEqualTo(2.0);
            assertThat(agent.metrics().registry().getSampleValue("sleipnir_config_last_reload_successful"))
                    .isEqualTo(0.0);
        }
    }

    @Test
    @Timeout(240)
    void postAndGetReloadApplyTheFileWhenEnabled() throws Exception {
        try (LokiReceiver loki = new LokiReceiver()) {
            startAgent(config(loki.url(), true, Map.of("app", "env: one,")));
            append("app", numbered("app", 0, 5));
            await().atMost(WAIT).until(() -> loki.entryCount() == 5);
            int port = agent.httpPort();

            Files.writeString(configFile, config(loki.url(), true, Map.of("app", "env: two,")));
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/reload")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            append("app", numbered("app", 5, 10));
            await().atMost(WAIT).until(() -> loki.entryCount() == 10);
            HttpResponse<String> unchanged = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/reload")).GET().build(), HttpResponse.BodyHandlers.ofString());
            Files.writeString(configFile, config(loki.url(), true, Map.of("app", "env: three,")));
            HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/reload")).GET().build(), HttpResponse.BodyHandlers.ofString());
            append("app", numbered("app", 10, 15));
            await().atMost(WAIT).until(() -> loki.entryCount() == 15);

            assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
            assertThat(unchanged.statusCode()).isEqualTo(200);
            assertThat(unchanged.body()).isEqualTo("config has not changed\n");
            assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
            assertThat(lines(loki.entries())).containsExactlyElementsOf(numbered("app", 0, 15));
            assertThat(loki.entries().stream().map(e -> e.labels().get("env")).toList()).containsExactlyElementsOf(
                    List.of("one", "one", "one", "one", "one", "two", "two", "two", "two", "two",
                            "three", "three", "three", "three", "three"));
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("promtail_config_reload_success_total 3\n",
                    "promtail_config_reload_fail_total 0\n", "sleipnir_config_last_reload_success_timestamp_seconds ");
            HttpResponse<String> configPage = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/config?format=yaml")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(configPage.body()).as("/config shows the running config").contains("env: three")
                    .doesNotContain("env: one");
        }
    }

    @Test
    @Timeout(180)
    void aPushApiJobRebindsItsPortWithTheNewLabels() throws Exception {
        int pushPort = FreePorts.pick();
        try (LokiReceiver loki = new LokiReceiver()) {
            String push = """
                      - job_name: relay
                        loki_push_api:
                          server: {http_listen_address: 127.0.0.1, http_listen_port: %d}
                          labels: {via: %s}
                    """;
            startAgent(config(loki.url(), false, Map.of()) + push.formatted(pushPort, "one"));
            assertThat(pushJson(pushPort, "p1").statusCode()).isEqualTo(204);

            Files.writeString(configFile, config(loki.url(), false, Map.of()) + push.formatted(pushPort, "two"));
            ReloadOutcome outcome = agent.reload();
            HttpResponse<String> after = pushJson(pushPort, "p2");

            assertThat(outcome.result()).as(outcome.toString()).isEqualTo(ReloadOutcome.Result.APPLIED);
            assertThat(after.statusCode()).as(after.body()).isEqualTo(204);
            assertThat(lines(loki.entries())).containsExactly("p1", "p2");
            assertThat(loki.entries().stream().map(e -> e.labels().get("via")).toList()).containsExactly("one", "two");
        }
    }

    @Test
    @Timeout(120)
    void theHttpServerOutlivesRuntimesSoABusyPortStillFailsTheStart() throws Exception {
        try (LokiReceiver loki = new LokiReceiver();
                java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path file = dir.resolve("busy.yaml");
            Files.writeString(file, config(loki.url(), true, Map.of("app", ""))
                    .replace("http_listen_port: 0", "http_listen_port: " + busy.getLocalPort()));
            AgentConfig config = ConfigLoader.load(file, false, Map.of());

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Agent.start(config, new Agent.Options(false,
                    new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC())))
                    .isInstanceOf(Agent.StartException.class)
                    .hasMessage("cannot start: cannot listen on 127.0.0.1:" + busy.getLocalPort()
                            + ": address already in use");
        }
    }

    @Test
    @Timeout(180)
    void aNewConfigThatCannotStartIsRefusedAndThePreviousOneResumesWithoutLossOrRepeat() throws Exception {
        try (LokiReceiver loki = new LokiReceiver();
                java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            startAgent(config(loki.url(), false, Map.of("app", "env: old,")));
            append("app", numbered("app", 0, 100));
            await().atMost(WAIT).until(() -> loki.entryCount() == 100);

            Files.writeString(configFile, config(loki.url(), false, Map.of("app", "env: new,")) + """
                      - job_name: relay
                        loki_push_api:
                          server: {http_listen_address: 127.0.0.1, http_listen_port: %d}
                    """.formatted(taken.getLocalPort()));
            append("app", numbered("app", 100, 200)); // possibly read, not yet delivered, when the reload drains
            ReloadOutcome outcome = agent.reload();
            append("app", numbered("app", 200, 300));
            await().atMost(WAIT).until(() -> loki.entryCount() >= 300);

            assertThat(outcome.result()).isEqualTo(ReloadOutcome.Result.REFUSED);
            assertThat(outcome.error()).contains("address already in use");
            assertThat(lines(loki.entries())).as("every line once").containsExactlyElementsOf(numbered("app", 0, 300));
            assertThat(loki.entries()).allSatisfy(e -> assertThat(e.labels()).containsEntry("env", "old"));
            assertThat(agent.config().scrapeConfigs()).hasSize(1);
        }
    }

    @Test
    @Timeout(180)
    void aJobWithAMetricsStageReloadsAndItsSeriesStartAgain() throws Exception {
        String stages = """
                    pipeline_stages:
                      - metrics:
                          lines_total:
                            type: Counter
                            description: lines seen
                            config: {match_all: true, action: inc}
                """;
        try (LokiReceiver loki = new LokiReceiver()) {
            startAgent(config(loki.url(), false, Map.of("app", "env: old,")) + stages);
            append("app", numbered("app", 0, 3));
            await().atMost(WAIT).until(() -> loki.entryCount() == 3);
            assertThat(linesTotal("old")).isEqualTo(3.0);

            Files.writeString(configFile, config(loki.url(), false, Map.of("app", "env: new,")) + stages);
            ReloadOutcome outcome = agent.reload();
            append("app", numbered("app", 3, 5));
            await().atMost(WAIT).until(() -> loki.entryCount() == 5);

            assertThat(outcome.result()).as(outcome.toString()).isEqualTo(ReloadOutcome.Result.APPLIED);
            assertThat(linesTotal("new")).isEqualTo(2.0);
            assertThat(linesTotal("old")).as("the replaced pipeline's series are gone, as Promtail deletes them")
                    .isNull();
        }
    }

    private Double linesTotal(String env) {
        return agent.metrics().registry().getSampleValue("promtail_custom_lines_total",
                new String[] {"env", "filename", "job"}, new String[] {env,
                        dir.resolve("app").resolve("app.log").toString(), "app"});
    }

    /** One JSON push of {@code line}; answered once the relay's Loki acknowledged it. */
    private static HttpResponse<String> pushJson(int port, String line) throws Exception {
        String body = "{\"streams\":[{\"stream\":{\"app\":\"pusher\"},\"values\":[[\""
                + System.currentTimeMillis() * 1_000_000L + "\",\"" + line + "\"]]}]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/loki/api/v1/push"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Timeout(120)
    void reloadOverHttpIsRefusedWhenNotEnabledAndNothingChanges() throws Exception {
        try (LokiReceiver loki = new LokiReceiver()) {
            startAgent(config(loki.url(), false, Map.of("app", "env: one,")));
            Files.writeString(configFile, config(loki.url(), false, Map.of("app", "env: two,")));
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (HttpRequest.Builder r : List.of(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()),
                    HttpRequest.newBuilder().GET())) {
                answers.add(HTTP.send(r.uri(URI.create("http://127.0.0.1:" + agent.httpPort() + "/reload")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            append("app", numbered("app", 0, 3));
            await().atMost(WAIT).until(() -> loki.entryCount() == 3);

            assertThat(answers).allSatisfy(a -> {
                assertThat(a.statusCode()).isEqualTo(404);
                assertThat(a.body()).contains("-server.enable-runtime-reload", "server.enable_runtime_reload: true");
            });
            assertThat(loki.entries()).allSatisfy(e -> assertThat(e.labels()).containsEntry("env", "one"));
            assertThat(agent.metrics().registry().getSampleValue("promtail_config_reload_success_total")).isZero();
        }
    }
}
