package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sleipnir.cli.Agent;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.positions.SavedPosition;
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
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One file covered by several targets (two scrape configs, or two {@code static_configs} of one job, whose globs
 * match it). Promtail ships it under each target, each copy with that target's labels and through that target's
 * pipeline (its file target manager runs a tailer per target): 100 lines under two jobs are 200 entries. Sleipnir
 * reads the file once and hands each line to every covering target; the line's position completes only when every
 * copy is acknowledged or dropped, so the positions file never passes a line one target has not delivered.
 */
class OneFileSeveralTargetsScenarioTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private LokiReceiver loki;
    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        if (loki != null) {
            loki.close();
        }
    }

    @Test
    @Timeout(120)
    void twoJobsOnOneFileShipEveryLineUnderEachJobsLabelsInOrderAndTargetsShowsTheFileUnderBoth() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path file = logs.resolve("app.log");
        append(file, 0, 100);
        loki = new LokiReceiver();
        agent = start("""
                scrape_configs:
                  - job_name: first
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: first
                          __path__: %1$s/*.log
                  - job_name: second
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: second
                          __path__: %1$s/app.log
                    pipeline_stages:
                      - static_labels:
                          stage: second
                """.formatted(logs));

        await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() >= 200 && agent.caughtUp());
        append(file, 100, 150);
        await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() >= 300 && agent.caughtUp());

        assertThat(loki.entryCount()).as("150 lines under two jobs").isEqualTo(300);
        assertThat(lines(Map.of("job", "first"))).containsExactlyElementsOf(expected(0, 150));
        assertThat(lines(Map.of("job", "second", "stage", "second"))).containsExactlyElementsOf(expected(0, 150));
        assertThat(loki.entries().stream().map(ReceivedEntry::labels).distinct()).containsExactlyInAnyOrder(
                Map.of("job", "first", "filename", file.toString()),
                Map.of("job", "second", "stage", "second", "filename", file.toString()));
        assertThat(agent.positions().snapshot().get(file.toString()).offset()).isEqualTo(Files.size(file));

        JsonNode active = JSON.readTree(get("/targets?format=json")).at("/active");
        assertThat(active.size()).isEqualTo(2);
        for (JsonNode target : active) {
            assertThat(target.path("ready").asBoolean()).as("%s", target).isTrue();
            assertThat(target.at("/files/0/path").asText()).as("%s", target).isEqualTo(file.toString());
            assertThat(target.at("/files/0/delivered_bytes").asLong()).as("%s", target).isEqualTo(Files.size(file));
        }
        Document page = Jsoup.parse(get("/targets"));
        assertThat(page.select("tr.target.unready")).isEmpty();
        assertThat(page.text()).doesNotContain("no file matches yet").contains("2 of 2 targets ready");
        for (Element row : page.select("tr.target")) {
            assertThat(row.select("tr.file code").text()).isEqualTo(file.toString());
        }
    }

    /** Issue 8 item 16: two static_configs of one job with different labels, on the same file. */
    @Test
    @Timeout(120)
    void twoStaticConfigsOfOneJobOnOneFileShipEachLineUnderEachLabelSet() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path file = logs.resolve("app.log");
        append(file, 0, 100);
        loki = new LokiReceiver();
        agent = start("""
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: app
                          env: blue
                          __path__: %1$s/*.log
                      - targets: [localhost]
                        labels:
                          job: app
                          env: green
                          __path__: %1$s/*.log
                """.formatted(logs));

        await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() >= 200 && agent.caughtUp());

        assertThat(loki.entryCount()).isEqualTo(200);
        assertThat(lines(Map.of("env", "blue"))).containsExactlyElementsOf(expected(0, 100));
        assertThat(lines(Map.of("env", "green"))).containsExactlyElementsOf(expected(0, 100));
        JsonNode active = JSON.readTree(get("/targets?format=json")).at("/active");
        assertThat(active.findValuesAsText("ready")).containsExactly("true", "true");
    }

    /**
     * A target whose pipeline drops a line while the other ships it: the dropped copy completes with its counted
     * reason, the shipped one when Loki answers, and only then does the position pass the line.
     */
    @Test
    @Timeout(120)
    void aLineOneTargetDropsIsStillShippedByTheOtherAndThePositionReachesTheEnd() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path file = logs.resolve("app.log");
        append(file, 0, 100);
        loki = new LokiReceiver();
        agent = start("""
                scrape_configs:
                  - job_name: all
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: all
                          __path__: %1$s/*.log
                  - job_name: some
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: some
                          __path__: %1$s/*.log
                    pipeline_stages:
                      - drop:
                          expression: 'seq=\\d*7$'
                          drop_counter_reason: sevens
                """.formatted(logs));

        await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() >= 190 && agent.caughtUp());

        assertThat(lines(Map.of("job", "all"))).containsExactlyElementsOf(expected(0, 100));
        List<String> withoutSevens = expected(0, 100).stream().filter(l -> !l.endsWith("7")).toList();
        assertThat(withoutSevens).hasSize(90);
        assertThat(lines(Map.of("job", "some"))).containsExactlyElementsOf(withoutSevens);
        assertThat(loki.entryCount()).isEqualTo(190);
        assertThat(agent.metrics().value("logentry_dropped_lines_total", "reason", "sevens")).isEqualTo(10.0);
        SavedPosition saved = agent.positions().snapshot().get(file.toString());
        assertThat(saved.offset()).isEqualTo(Files.size(file));
    }

    /**
     * One target's copies are acknowledged while the other's are refused (its pipeline sends them to a tenant Loki
     * answers 500): the position stays before the first line the refused target has not delivered, although the other
     * target has every line.
     */
    @Test
    @Timeout(120)
    void thePositionWaitsForTheTargetWhoseCopiesAreNotAcknowledged() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path file = logs.resolve("app.log");
        append(file, 0, 50);
        loki = new LokiReceiver();
        agent = start(twoTenantJobs(logs));
        await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() >= 100 && agent.caughtUp());
        long afterFifty = Files.size(file);

        loki.respondWith("b", 500);
        append(file, 50, 100);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(Map.of("job", "a")).size() >= 100);
        // The refused copies are retried; meanwhile the positions file is written several times over.
        await().atMost(Duration.ofSeconds(30)).until(() -> loki.requests().stream()
                .filter(r -> r.status() == 500).count() >= 3);
        agent.positions().sync();
        assertThat(agent.positions().snapshot().get(file.toString()).offset())
                .as("not past line 50, which tenant b has not acknowledged").isEqualTo(afterFifty);
        assertThat(savedOffsets(dir.resolve("positions.yaml"))).containsEntry(file.toString(), afterFifty);
        assertThat(lines(Map.of("job", "b"))).containsExactlyElementsOf(expected(0, 50));

        loki.respondWith("b", 204);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(Map.of("job", "b")).size() >= 100 && agent.caughtUp());
        assertThat(lines(Map.of("job", "a"))).containsExactlyElementsOf(expected(0, 100));
        assertThat(lines(Map.of("job", "b"))).containsExactlyElementsOf(expected(0, 100));
    }

    /**
     * kill -9 while one target's copies of lines 50-99 are acknowledged and the other's are not: the positions file
     * stays before line 50, so after the restart nothing is lost. The lines after the saved position are read again
     * and shipped under both targets: the refused target gets each line exactly once, the acknowledged one gets lines
     * 50-99 a second time, with the same timestamps as the first time (the read stamps), so Loki keeps one copy.
     */
    @Test
    @Timeout(180)
    void killedWhileOneTargetsCopiesAreUnacknowledgedLosesNothingAndDuplicatesOnlyTheAcknowledgedCopies()
            throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path file = logs.resolve("app.log");
        Path positions = dir.resolve("positions.yaml");
        append(file, 0, 50);
        loki = new LokiReceiver();
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, header(loki.url(), positions) + twoTenantJobs(logs));

        Process first = startProcess(config);
        Process second = null;
        try {
            long afterFifty = Files.size(file);
            await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 100
                    && savedOffsets(positions).getOrDefault(file.toString(), 0L) == afterFifty);
            loki.respondWith("b", 500);
            append(file, 50, 100);
            await().atMost(Duration.ofSeconds(60)).until(() -> lines(Map.of("job", "a")).size() >= 100
                    && loki.requests().stream().filter(r -> r.status() == 500).count() >= 3);
            // An unchanged state is not rewritten; a file that is not the last write's is, at the next sync_period.
            // Marked twice, so that the second rewrite shows the writer's state as it is after every copy of job a
            // was acknowledged (a write already under way at the first mark may hold an older one). The file's time
            // is not compared with the clock: the kernel stamps files with a coarser clock than Instant.now().
            for (int mark = 0; mark < 2; mark++) {
                Files.setLastModifiedTime(positions, FileTime.fromMillis(0));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> Files.getLastModifiedTime(positions).toMillis() != 0);
            }
            assertThat(savedOffsets(positions)).as("written after every copy under job a was acknowledged")
                    .containsEntry(file.toString(), afterFifty);
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(lines(Map.of("job", "b"))).containsExactlyElementsOf(expected(0, 50));

            loki.respondWith("b", 204);
            second = startProcess(config);
            await().atMost(Duration.ofSeconds(60)).until(() -> lines(Map.of("job", "b")).size() >= 100
                    && savedOffsets(positions).getOrDefault(file.toString(), 0L) == Files.size(file));
        } finally {
            first.destroyForcibly();
            if (second != null) {
                second.destroy();
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }

        assertThat(lines(Map.of("job", "b"))).as("the unacknowledged copies: each line once, in order")
                .containsExactlyElementsOf(expected(0, 100));
        List<String> twice = new ArrayList<>(expected(0, 100));
        twice.addAll(expected(50, 100));
        assertThat(lines(Map.of("job", "a"))).as("the acknowledged copies past the saved position come again")
                .containsExactlyElementsOf(twice);
        Map<String, List<Long>> stampsOfA = new HashMap<>();
        for (ReceivedEntry e : loki.entriesFor(Map.of("job", "a"))) {
            stampsOfA.computeIfAbsent(e.line(), l -> new ArrayList<>()).add(e.timestampNanos());
        }
        for (int seq = 50; seq < 100; seq++) {
            assertThat(stampsOfA.get(line(seq))).as("both copies of %s carry one timestamp", line(seq)).hasSize(2)
                    .containsOnly(stampsOfA.get(line(seq)).get(0));
        }
    }

    private Process startProcess(Path config) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.sleipnir.cli.Main", "-config.file=" + config, "-log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()))
                .start();
    }

    static String twoTenantJobs(Path logs) {
        return """
                scrape_configs:
                  - job_name: a
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: a
                          __path__: %1$s/*.log
                  - job_name: b
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: b
                          __path__: %1$s/*.log
                    pipeline_stages:
                      - tenant:
                          value: b
                """.formatted(logs);
    }

    private Agent start(String scrapeConfigs) throws Exception {
        return Agent.start(ConfigLoader.parse(header(loki.url(), dir.resolve("positions.yaml")) + scrapeConfigs,
                "targets.yaml", false, Map.of()), new Agent.Options(false, System.out, Clock.systemUTC()));
    }

    static String header(String lokiUrl, Path positions) {
        return """
                server:
                  http_listen_address: 127.0.0.1
                  http_listen_port: 0
                clients:
                  - url: %1$s
                    batchwait: 20ms
                    backoff_config:
                      min_period: 20ms
                      max_period: 100ms
                      max_retries: 1000000
                positions:
                  filename: %2$s
                  sync_period: 50ms
                global:
                  file_watch_config:
                    min_poll_frequency: 10ms
                    max_poll_frequency: 50ms
                """.formatted(lokiUrl, positions);
    }

    private String get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path))
                .header("Accept", path.contains("format=json") ? "application/json" : "text/html")
                .timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private List<String> lines(Map<String, String> labels) {
        return loki.entriesFor(labels).stream().map(ReceivedEntry::line).toList();
    }

    static List<String> expected(int from, int to) {
        return IntStream.range(from, to).mapToObj(OneFileSeveralTargetsScenarioTest::line).toList();
    }

    static String line(int seq) {
        return "line seq=" + seq;
    }

    static void append(Path file, int from, int to) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            text.append(line(i)).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static final Pattern POSITION = Pattern.compile("^\\s+(\\S+\\.log): \"(\\d+)\"$", Pattern.MULTILINE);

    /** The offsets the positions file on disk holds, by path. */
    static Map<String, Long> savedOffsets(Path positionsFile) throws IOException {
        Map<String, Long> out = new HashMap<>();
        if (Files.exists(positionsFile)) {
            Matcher m = POSITION.matcher(Files.readString(positionsFile));
            while (m.find()) {
                out.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return out;
    }

    static List<Integer> seqs(List<String> lines) {
        List<Integer> out = new ArrayList<>();
        for (String l : lines) {
            out.add(Integer.parseInt(l.substring(l.indexOf('=') + 1)));
        }
        return out;
    }
}
