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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status pages of a real agent, parsed with jsoup: while Loki answers 500 the file is read but not delivered,
 * so the targets page must mark it; one target's glob matches nothing, so its job shows 1 of 2 ready; label values
 * and a job name are markup, which must arrive as text. The last test lets Loki recover and checks that the
 * delivered offset, the gauge and the positions file agree.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class StatusPagesTest {
    private static final String MARKUP = "<script>alert('x')</script>";
    private static final String HOSTILE_JOB = "<img src=x onerror=alert(1)>";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static LokiReceiver loki;
    static Agent agent;
    static Path logFile;

    @BeforeAll
    static void startAgent() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        logFile = logs.resolve("app.log");
        Files.writeString(logFile, "first line\nsecond line\nthird line\n");
        loki = new LokiReceiver();
        loki.respondWith(500);
        agent = Agent.start(ConfigLoader.parse("""
                server:
                  http_listen_address: 127.0.0.1
                  http_listen_port: 0
                clients:
                  - url: %1$s
                    batchwait: 50ms
                    backoff_config:
                      min_period: 50ms
                      max_period: 200ms
                    basic_auth:
                      username: shipper
                      password: hunter2
                positions:
                  filename: %2$s
                  sync_period: 100ms
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
                          note: "%3$s"
                          __path__: %4$s/*.log
                      - targets: [localhost]
                        labels:
                          job: app
                          __path__: %4$s/nothing-here/*.log
                  - job_name: "%5$s"
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: hostile
                          __path__: %4$s/*.txt
                  - job_name: dropme
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: dropme
                          __path__: %4$s/*.log
                    relabel_configs:
                      - source_labels: [job]
                        regex: dropme
                        action: drop
                  - job_name: nopath
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: nopath
                """.formatted(loki.url(), dir.resolve("positions.yaml"), MARKUP, logs, HOSTILE_JOB), "pages.yaml",
                false, Map.of()), new Agent.Options(false, System.out, Clock.systemUTC()));
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

    static Document page(String path) throws Exception {
        return Jsoup.parse(get(path, "Accept", "text/html").body());
    }

    /** Waits until the file is read to its end while Loki keeps refusing it. */
    static JsonNode readButNotDelivered() {
        long size = size();
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> JSON.readTree(get("/targets?format=json").body()).at("/active/0/files/0"),
                file -> file.path("read_bytes").asLong() == size);
    }

    @Test
    @Order(1)
    void duringAnOutageTheJsonShowsDeliveredBehindReadAndTheGaugeAgrees() throws Exception {
        JsonNode file = readButNotDelivered();

        assertThat(file.path("path").asText()).isEqualTo(logFile.toString());
        assertThat(file.path("delivered_bytes").asLong()).isZero();
        assertThat(file.path("lag_bytes").asLong()).isEqualTo(size());
        assertThat(file.path("lagging").asBoolean()).isTrue();
        assertThat(agent.metrics().value("sleipnir_delivered_bytes", "path", logFile.toString())).isZero();
        assertThat(agent.metrics().value("promtail_read_bytes_total", "path", logFile.toString()))
                .isEqualTo(size());

        JsonNode client = await().atMost(Duration.ofSeconds(20)).until(
                () -> JSON.readTree(get("/targets?format=json").body()).at("/clients/0"),
                c -> c.at("/tenants/0/failed_tries").asInt() >= 2);
        assertThat(client.path("host").asText()).isEqualTo("127.0.0.1:" + loki.port());
        assertThat(client.path("state").asText()).isEqualTo("retrying");
        assertThat(client.path("held_bytes").asLong()).isPositive();
        assertThat(client.at("/tenants/0/tenant").asText()).isEmpty();
        assertThat(client.at("/tenants/0/state").asText()).isEqualTo("retrying");
        assertThat(client.at("/tenants/0/last_error").asText()).startsWith("HTTP 500");
        assertThat(client.at("/tenants/0/failing_since").asText()).isNotEmpty();
        assertThat(agent.metrics().value("sleipnir_client_retrying", "host", "127.0.0.1:" + loki.port(),
                "tenant", "")).isEqualTo(1);
        assertThat(agent.metrics().value("sleipnir_client_held_bytes", "host", "127.0.0.1:" + loki.port()))
                .isPositive();
    }

    @Test
    @Order(2)
    void targetsPageHasNavigationJobSectionsWithCountsTheFilterAndLagMarks() throws Exception {
        readButNotDelivered();
        Document doc = page("/targets");

        assertThat(doc.select("header.topbar nav a")).extracting(Element::text)
                .containsExactly("Targets", "Service Discovery", "Configuration", "Live", "Metrics");
        assertThat(doc.select("header.topbar nav a[aria-current=page]").attr("href")).isEqualTo("/targets");

        List<Element> jobs = doc.select("details.section.job");
        assertThat(jobs).extracting(j -> j.selectFirst("summary .job-name").text())
                .containsExactly("app", HOSTILE_JOB);
        Element app = jobs.get(0);
        assertThat(app.selectFirst("summary").text()).contains("1 / 2 ready").contains("1 file not yet delivered");
        assertThat(app.hasClass("all-ready")).isFalse();
        assertThat(app.select("tr.target.ready")).hasSize(1);
        assertThat(app.select("tr.target.unready")).hasSize(1);
        assertThat(app.selectFirst("tr.target.unready").text()).contains("no file yet");
        assertThat(jobs.get(1).selectFirst("summary").text()).contains("0 / 1 ready");

        Element filter = doc.selectFirst("input#unready-only[type=checkbox]");
        assertThat(filter).isNotNull();
        assertThat(doc.selectFirst("label[for=unready-only]").text()).isEqualTo("Unready only");
        assertThat(filter.nextElementSiblings().select("div.sections")).isNotEmpty();
        assertThat(doc.selectFirst("style").data())
                .contains("#unready-only:checked~.sections .target.ready{display:none}");

        Element file = app.selectFirst("tr.file");
        assertThat(file.hasClass("lagging")).isTrue();
        assertThat(file.attr("data-lag-bytes")).isEqualTo(Long.toString(size()));
        assertThat(file.selectFirst("td.read").text()).isEqualTo(Long.toString(size()));
        assertThat(file.selectFirst("td.delivered").text()).isEqualTo("0");
        assertThat(file.selectFirst("td.size").text()).isEqualTo(Long.toString(size()));
        assertThat(file.selectFirst("td.lag").text()).isEqualTo(size() + " B read, not delivered");

        assertThat(doc.select("td.reason")).extracting(Element::text)
                .containsExactlyInAnyOrder("dropped_by_relabel", "no_path");
        assertThat(doc.select("tr.client td")).extracting(Element::text).contains("127.0.0.1:" + loki.port());
        await().atMost(Duration.ofSeconds(20)).until(() -> page("/targets").selectFirst("tr.client.retrying") != null);
        Element client = page("/targets").selectFirst("tr.client.retrying");
        assertThat(client.selectFirst("td.state .badge").text()).matches("retrying for (\\d+m)?\\d+s, \\d+ tries");
        assertThat(client.selectFirst("td.state code.error").text()).startsWith("HTTP 500");
    }

    @Test
    @Order(3)
    void hostileLabelValuesAndJobNamesArriveAsTextNotMarkup() throws Exception {
        for (String path : List.of("/targets", "/service-discovery")) {
            Document doc = page(path);

            assertThat(doc.select("script")).as(path).isEmpty();
            assertThat(doc.select("main img")).as(path).isEmpty();
            assertThat(doc.select("code")).extracting(Element::wholeText).as(path)
                    .anyMatch(t -> t.contains("note=\"" + MARKUP + "\""));
            assertThat(doc.select(".job-name")).extracting(Element::text).as(path).contains(HOSTILE_JOB);
        }
    }

    @Test
    @Order(4)
    void serviceDiscoveryPageHasSectionsPerJobWithActiveCounts() throws Exception {
        Document doc = page("/service-discovery");

        assertThat(doc.select("header.topbar nav a[aria-current=page]").attr("href")).isEqualTo("/service-discovery");
        assertThat(doc.select("details.section.job summary")).extracting(Element::text).containsExactly(
                HOSTILE_JOB + " 1 / 1 active", "app 2 / 2 active", "dropme 0 / 1 active", "nopath 0 / 1 active");
        assertThat(doc.select("tr.target.dropped")).extracting(Element::text)
                .anyMatch(t -> t.contains("dropped: dropped_by_relabel"));
    }

    @Test
    @Order(5)
    void configIsAPageWithACopyButtonForBrowsersAndYamlOtherwise() throws Exception {
        HttpResponse<String> html = get("/config", "Accept", "text/html,application/xhtml+xml");
        Document doc = Jsoup.parse(html.body());

        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(doc.select("header.topbar nav a[aria-current=page]").attr("href")).isEqualTo("/config");
        assertThat(doc.selectFirst("button#copy").text()).isEqualTo("Copy");
        assertThat(doc.selectFirst("a[href=/config?format=yaml]")).isNotNull();
        String shown = doc.selectFirst("pre#config").wholeText();
        assertThat(shown).contains("password: <secret>").contains(loki.url()).doesNotContain("hunter2");
        String script = doc.selectFirst("script").data();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.getBytes(StandardCharsets.UTF_8)));
        assertThat(html.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'sha256-" + hash + "'");

        HttpResponse<String> yaml = get("/config?format=yaml", "Accept", "text/html");
        assertThat(yaml.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(yaml.body()).isEqualTo(shown);
        assertThat(get("/config").body()).isEqualTo(shown);

        JsonNode json = JSON.readTree(get("/config?format=json").body());
        assertThat(json.at("/clients/0/url").asText()).isEqualTo(loki.url());
        assertThat(json.at("/clients/0/basic_auth/password").asText()).isEqualTo("<secret>");
    }

    @Test
    @Order(6)
    void afterRecoveryDeliveredCatchesUpAndTheGaugeAgreesWithThePositionsFile() throws Exception {
        readButNotDelivered();
        loki.respondWith(204);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode file = JSON.readTree(get("/targets?format=json").body()).at("/active/0/files/0");
            assertThat(file.path("delivered_bytes").asLong()).isEqualTo(size());
            assertThat(file.path("lagging").asBoolean()).isFalse();
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                Files.readString(dir.resolve("positions.yaml"))).contains(logFile + ": \"" + size() + "\""));
        assertThat(agent.metrics().value("sleipnir_delivered_bytes", "path", logFile.toString()))
                .isEqualTo(size());
        assertThat(page("/targets").selectFirst("tr.file td.lag").text()).isEqualTo("delivered");
        JsonNode client = JSON.readTree(get("/targets?format=json").body()).at("/clients/0");
        assertThat(client.path("state").asText()).isEqualTo("sending");
        assertThat(client.at("/tenants/0/failed_tries").asInt()).isZero();
        assertThat(agent.metrics().value("sleipnir_client_retrying", "host", "127.0.0.1:" + loki.port(),
                "tenant", "")).isZero();
        assertThat(loki.lines()).containsExactly("first line", "second line", "third line");
    }

    private static long size() {
        try {
            return Files.size(logFile);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
