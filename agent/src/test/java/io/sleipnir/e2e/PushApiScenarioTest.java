package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.FreePorts;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loki_push_api} end to end: a second agent (Sleipnir's own Netty push client, tailing a file) and plain
 * {@code java.net.http} posts push into a relay agent, which ships to the test receiver. Checks what a user of a
 * relay checks: labels, timestamps, every line exactly once, nothing a pusher saw acknowledged is lost when the
 * relay's Loki is down and the relay restarts, and 429 with memory bounded under overload.
 */
class PushApiScenarioTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The relay: one loki_push_api job on {@code pushPort}, shipping to {@code lokiUrl} as tenant "relay". */
    private Agent relay(int pushPort, String lokiUrl, String pushExtra) throws Exception {
        return relay(pushPort, lokiUrl, pushExtra, "20ms");
    }

    private Agent relay(int pushPort, String lokiUrl, String pushExtra, String batchWait) throws Exception {
        String yaml = """
                server:
                  http_listen_port: 0
                clients:
                  - url: %s
                    tenant_id: relay
                    batchwait: %s
                    batchsize: 32768
                    backoff_config:
                      min_period: 50ms
                      max_period: 200ms
                positions:
                  filename: %s
                scrape_configs:
                  - job_name: push1
                    loki_push_api:
                      server:
                        http_listen_address: 127.0.0.1
                        http_listen_port: %d
                        grpc_listen_port: 0
                      labels:
                        pushserver: push1
                      use_incoming_timestamp: true
                %s
                    relabel_configs:
                      - source_labels: [__team]
                        target_label: team
                      - source_labels: [app]
                        regex: noise
                        action: drop
                    pipeline_stages:
                      - static_labels:
                          relayed: "yes"
                """.formatted(lokiUrl, batchWait, dir.resolve("relay-positions.yaml"), pushPort, pushExtra);
        return Agent.start(ConfigLoader.parse(yaml, "relay.yaml", false, Map.of()),
                new Agent.Options(false, System.out, Clock.systemUTC()));
    }

    /** The pusher: a second agent tailing {@code log}, parsing each line's own time, pushing to the relay. */
    private Agent pusher(Path log, int pushPort) throws Exception {
        String yaml = """
                server:
                  http_listen_port: 0
                clients:
                  - url: http://127.0.0.1:%d/loki/api/v1/push
                    batchwait: 20ms
                    batchsize: 4096
                    timeout: 60s
                    backoff_config:
                      min_period: 50ms
                      max_period: 200ms
                positions:
                  filename: %s
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: app
                          __path__: %s
                    pipeline_stages:
                      - regex:
                          expression: '^(?P<ts>\\S+) '
                      - timestamp:
                          source: ts
                          format: RFC3339Nano
                """.formatted(pushPort, dir.resolve("pusher-positions.yaml"), log);
        return Agent.start(ConfigLoader.parse(yaml, "pusher.yaml", false, Map.of()),
                new Agent.Options(false, System.out, Clock.systemUTC()));
    }

    private static Path writeLines(Path file, int n) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            b.append(T0.plusNanos(i * 1_000_001L)).append(" line-").append(String.format("%04d", i)).append('\n');
        }
        Files.writeString(file, b.toString());
        return file;
    }

    private static Double delivered(Agent agent, Path file) {
        return agent.metrics().registry().getSampleValue("sleipnir_delivered_bytes", new String[] {"path"},
                new String[] {file.toString()});
    }

    @Test
    @Timeout(120)
    void linesPushedByAnotherAgentArriveOnceWithTheirLabelsAndTimestamps() throws Exception {
        Path log = writeLines(dir.resolve("app.log"), 300);
        int pushPort = FreePorts.pick();
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent relay = relay(pushPort, loki.url(), "");
            Agent pusher = pusher(log, pushPort);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 300);
                await().atMost(Duration.ofSeconds(30)).until(() -> delivered(pusher, log) != null
                        && delivered(pusher, log) == Files.size(log));
            } finally {
                pusher.stop();
                relay.stop();
            }
            List<ReceivedEntry> got = loki.entries();
            assertThat(got).hasSize(300);
            assertThat(got.stream().map(ReceivedEntry::line).distinct()).hasSize(300);
            ReceivedEntry first = got.stream().filter(e -> e.line().endsWith("line-0001")).findFirst().orElseThrow();
            assertThat(first.labels()).isEqualTo(Map.of("job", "app", "filename", log.toString(),
                    "pushserver", "push1", "relayed", "yes"));
            assertThat(first.tenant()).isEqualTo("relay");
            for (ReceivedEntry e : got) {
                int i = Integer.parseInt(e.line().substring(e.line().length() - 4));
                long expected = T0.getEpochSecond() * 1_000_000_000L + i * 1_000_001L;
                assertThat(e.timestampNanos()).as(e.line()).isEqualTo(expected);
            }
        }
    }

    @Test
    @Timeout(120)
    void plainJsonGzipAndRawPostsWithLokisStatusCodes() throws Exception {
        int pushPort = FreePorts.pick();
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent relay = relay(pushPort, loki.url(), """
                      max_body_size: 64KiB
                      max_entries_per_request: 3
                """.stripTrailing(), "300ms");
            String base = "http://127.0.0.1:" + pushPort;
            try {
                String json = """
                        {"streams":[
                          {"stream":{"app":"shop","__team":"payments"},
                           "values":[["1764583200000000001","order placed",{"trace_id":"abc"}],
                                     ["1764583200000000002","order paid"]]},
                          {"stream":{"app":"noise"},"values":[["1764583200000000003","dropped by relabel"]]}]}
                        """;
                HttpResponse<String> r = post(base + "/loki/api/v1/push", "application/json", null,
                        json.getBytes(StandardCharsets.UTF_8), Map.of("X-Scope-OrgID", "someone-else"));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
                // The 204 came after the receiver stored them (batchwait 300ms): ack-through.
                assertThat(loki.entryCount()).isEqualTo(2);

                String gz = """
                        {"streams":[{"stream":{"app":"gz"},"values":[["1764583200000000004","zipped"]]}]}""";
                r = post(base + "/loki/api/v1/push", "application/json; charset=utf-8", "gzip",
                        gzip(gz.getBytes(StandardCharsets.UTF_8)), Map.of());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(204);

                r = post(base + "/promtail/api/v1/raw", "text/plain", null,
                        "first raw\r\n\nsecond raw\n".getBytes(StandardCharsets.UTF_8), Map.of());
                assertThat(r.statusCode()).isEqualTo(204);

                r = post(base + "/loki/api/v1/push", "application/json", null, new byte[100 * 1024], Map.of());
                assertThat(r.statusCode()).as("a body over max_body_size").isEqualTo(413);

                StringBuilder four = new StringBuilder("{\"streams\":[{\"stream\":{\"app\":\"x\"},\"values\":[");
                for (int i = 0; i < 4; i++) {
                    four.append(i == 0 ? "" : ",").append("[\"1764583200000000010\",\"l").append(i).append("\"]");
                }
                r = post(base + "/loki/api/v1/push", "application/json", null,
                        four.append("]}]}").toString().getBytes(StandardCharsets.UTF_8), Map.of());
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.body()).contains("more than 3 entries in one request");

                r = post(base + "/loki/api/v1/push", "application/x-protobuf", null,
                        "not snappy".getBytes(StandardCharsets.UTF_8), Map.of());
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.body()).startsWith("invalid snappy body");

                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).isEqualTo("ready\n");
                HttpResponse<String> agentReady = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + relay.httpPort() + "/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(agentReady.statusCode()).as("a push-only agent is ready, as Promtail's").isEqualTo(200);
            } finally {
                relay.stop();
            }
            List<ReceivedEntry> got = loki.entries();
            assertThat(got).extracting(ReceivedEntry::line)
                    .containsExactly("order placed", "order paid", "zipped", "first raw", "second raw");
            ReceivedEntry placed = got.get(0);
            assertThat(placed.labels()).as("__team relabeled to team, then internal labels dropped")
                    .isEqualTo(Map.of("app", "shop", "team", "payments", "pushserver", "push1", "relayed", "yes"));
            assertThat(placed.timestampNanos()).isEqualTo(1764583200000000001L);
            assertThat(placed.structuredMetadata()).isEqualTo(Map.of("trace_id", "abc"));
            assertThat(placed.tenant()).as("X-Scope-OrgID is not used, as in Promtail").isEqualTo("relay");
            assertThat(got.get(3).labels()).as("raw lines get the configured labels only")
                    .isEqualTo(Map.of("pushserver", "push1", "relayed", "yes"));
        }
    }

    @Test
    @Timeout(180)
    void nothingAPusherSawAcknowledgedIsLostWhenLokiIsDownAndTheRelayRestarts() throws Exception {
        Path log = writeLines(dir.resolve("app.log"), 80);
        int pushPort = FreePorts.pick();
        try (LokiReceiver loki = new LokiReceiver()) {
            loki.respondWith(500);
            Agent relay = relay(pushPort, loki.url(), "");
            Agent pusher = pusher(log, pushPort);
            try {
                // The relay took entries in and keeps retrying its Loki; the pusher has no 2xx, so its file's
                // delivered offset stays at 0.
                await().atMost(Duration.ofSeconds(30)).until(() -> loki.pushCount() >= 3);
                assertThat(relay.metrics().registry().getSampleValue("sleipnir_push_held_bytes",
                        new String[] {"job"}, new String[] {"push1"})).isPositive();
                Double before = delivered(pusher, log);
                assertThat(before == null ? 0 : before).isZero();

                relay.stop(Duration.ZERO); // the relay goes away with what it held, never acknowledged
                loki.respondWith(204);
                relay = relay(pushPort, loki.url(), "");

                await().atMost(Duration.ofSeconds(60)).until(() -> delivered(pusher, log) != null
                        && delivered(pusher, log) == Files.size(log));
            } finally {
                pusher.stop();
                relay.stop();
            }
            List<String> lines = loki.lines();
            assertThat(lines).hasSize(80);
            assertThat(new HashSet<>(lines)).hasSize(80);
        }
    }

    @Test
    @Timeout(180)
    void overloadIsAnswered429AndTheHeldBytesStayWithinTheBudget() throws Exception {
        int pushPort = FreePorts.pick();
        int requests = 24;
        int linesPerRequest = 200;
        long budget = 192 * 1024;
        try (LokiReceiver loki = new LokiReceiver()) {
            loki.slow(Duration.ofMillis(100)); // downstream: one 32 KiB batch per 100 ms
            Agent relay = relay(pushPort, loki.url(), """
                      max_body_size: 64KiB
                      max_held_bytes: 192KiB
                """.stripTrailing());
            ExecutorService pushers = Executors.newFixedThreadPool(6);
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger retryAfter = new AtomicInteger();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int r = 0; r < requests; r++) {
                    byte[] body = jsonRequest(r, linesPerRequest);
                    done.add(pushers.submit(() -> {
                        // As fast as the relay answers, ignoring Retry-After: far more than 10x what Loki takes.
                        while (true) {
                            HttpResponse<String> resp = post("http://127.0.0.1:" + pushPort + "/loki/api/v1/push",
                                    "application/json", null, body, Map.of());
                            if (resp.statusCode() == 204) {
                                return null;
                            }
                            assertThat(resp.statusCode()).as(resp.body()).isEqualTo(429);
                            refused.incrementAndGet();
                            if ("1".equals(resp.headers().firstValue("Retry-After").orElse(null))) {
                                retryAfter.incrementAndGet();
                            }
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pushers.shutdownNow();
                relay.stop();
            }
            Double peak = relay.metrics().registry().getSampleValue("sleipnir_push_held_bytes_peak",
                    new String[] {"job"}, new String[] {"push1"});
            assertThat(refused.get()).isPositive();
            assertThat(retryAfter.get()).isEqualTo(refused.get());
            assertThat(peak).isLessThanOrEqualTo((double) budget).isGreaterThan(budget / 2.0);
            assertThat(loki.entryCount()).isEqualTo(requests * linesPerRequest);
            assertThat(new HashSet<>(loki.lines())).hasSize(requests * linesPerRequest);
        }
    }

    private static byte[] jsonRequest(int request, int lines) {
        StringBuilder b = new StringBuilder("{\"streams\":[{\"stream\":{\"app\":\"load\"},\"values\":[");
        for (int i = 0; i < lines; i++) {
            b.append(i == 0 ? "" : ",").append("[\"").append(1764583200000000000L + request * 1000L + i)
                    .append("\",\"request ").append(request).append(" line ").append(i)
                    .append(" ").append("x".repeat(80)).append("\"]");
        }
        return b.append("]}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String url, String contentType, String encoding, byte[] body,
            Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            b.header("Content-Encoding", encoding);
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
