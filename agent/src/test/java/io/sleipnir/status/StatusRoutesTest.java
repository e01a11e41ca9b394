package io.sleipnir.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sleipnir.cli.Agent;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LokiReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status endpoints of a real agent over a real socket: a static job tailing one file (with a label value that
 * is markup) and a static job without {@code __path__}, which is dropped.
 */
class StatusRoutesTest {
    private static final String MARKUP = "<script>alert('x')</script>";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path dir;
    static LokiReceiver loki;
    static Agent agent;
    static Path logFile;

    @BeforeAll
    static void startAgent() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        logFile = logs.resolve("app.log");
        Files.writeString(logFile, "first line\nsecond line\n");
        loki = new LokiReceiver();
        agent = Agent.start(ConfigLoader.parse("""
                server:
                  http_listen_address: 127.0.0.1
                  http_listen_port: 0
                clients:
                  - url: %s
                    batchwait: 50ms
                    basic_auth:
                      username: shipper
                      password: hunter2
                positions:
                  filename: %s
                global:
                  file_watch_config:
                    min_poll_frequency: 10ms
                    max_poll_frequency: 50ms
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: app
                          note: "%s"
                          __path__: %s/*.log
                  - job_name: nopath
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: nopath
                """.formatted(loki.url(), dir.resolve("positions.yaml"), MARKUP, logs), "status.yaml", false, Map.of()),
                new Agent.Options(false, System.out, Clock.systemUTC()));
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.stop();
        }
        if (loki != null) {
            loki.close();
        }
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path))
                .timeout(Duration.ofSeconds(5)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rootRedirectsToTargets() throws Exception {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/targets");
    }

    @Test
    void targetsAsJsonListTheActiveTargetWithItsFileAndTheDroppedTargetWithItsReason() throws Exception {
        long size = Files.size(logFile);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode file = JSON.readTree(get("/targets?format=json").body()).at("/active/0/files/0");
            assertThat(file.path("path").asText()).isEqualTo(logFile.toString());
            assertThat(file.path("read_bytes").asLong()).isEqualTo(size);
            assertThat(file.path("file_bytes").asLong()).isEqualTo(size);
        });

        HttpResponse<String> response = get("/targets", "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("active")).hasSize(1);
        JsonNode active = body.path("active").get(0);
        assertThat(active.path("job").asText()).isEqualTo("app");
        assertThat(fields(active.path("labels"))).isEqualTo(Map.of("job", "app", "note", MARKUP));
        assertThat(active.path("path").asText()).isEqualTo(logFile.getParent() + "/*.log");
        assertThat(active.path("files")).hasSize(1);
        assertThat(active.at("/files/0/path").asText()).isEqualTo(logFile.toString());

        assertThat(body.path("dropped")).hasSize(1);
        JsonNode dropped = body.path("dropped").get(0);
        assertThat(dropped.path("job").asText()).isEqualTo("nopath");
        assertThat(dropped.path("reason").asText()).isEqualTo("no_path");
        assertThat(dropped.at("/discovered_labels/job").asText()).isEqualTo("nopath");
    }

    @Test
    void targetsAsHtmlEscapeLabelValuesAndCarryNoScript() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/targets").body().contains(logFile.toString()));

        HttpResponse<String> response = get("/targets");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body())
                .contains("note=&quot;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;")
                .doesNotContainIgnoringCase("<script")
                .contains(">no_path<")
                .contains(">nopath<");
    }

    @Test
    void serviceDiscoveryShowsDiscoveredLabelsPerJob() throws Exception {
        JsonNode jobs = JSON.readTree(get("/service-discovery?format=json").body()).path("jobs");

        assertThat(jobs).hasSize(2);
        JsonNode app = jobs.get(0);
        assertThat(app.path("job").asText()).isEqualTo("app");
        assertThat(app.at("/targets/0/state").asText()).isEqualTo("active");
        assertThat(app.at("/targets/0/discovered_labels/__path__").asText())
                .isEqualTo(logFile.getParent() + "/*.log");
        assertThat(app.at("/targets/0/labels/note").asText()).isEqualTo(MARKUP);
        JsonNode nopath = jobs.get(1);
        assertThat(nopath.path("job").asText()).isEqualTo("nopath");
        assertThat(nopath.at("/targets/0/state").asText()).isEqualTo("dropped");
        assertThat(nopath.at("/targets/0/reason").asText()).isEqualTo("no_path");

        String html = get("/service-discovery").body();
        assertThat(html).contains("dropped: no_path").contains("&lt;script&gt;").doesNotContainIgnoringCase("<script");
    }

    @Test
    void configShowsTheClientUrlAndHidesThePassword() throws Exception {
        HttpResponse<String> response = get("/config");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains(loki.url())
                .contains("username: shipper")
                .contains("password: <secret>")
                .doesNotContain("hunter2");
    }

    private static Map<String, String> fields(JsonNode object) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        object.fields().forEachRemaining(entries::add);
        return entries.stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().asText()));
    }
}
