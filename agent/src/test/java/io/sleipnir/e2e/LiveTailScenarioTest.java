package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.live.TailMessage;
import io.sleipnir.live.TailedEntry;
import io.sleipnir.testing.LokiReceiver;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /api/v1/tail: a WebSocket shows, as they leave the pipeline, exactly the entries that match its LogQL query,
 * with the labels the stages gave them; a reader that stops reading is skipped (and the skipped entries counted)
 * while every line still reaches Loki.
 */
class LiveTailScenarioTest {
    @TempDir
    Path dir;

    private Agent start(LokiReceiver loki, Path log) throws Exception {
        AgentConfig config = ConfigLoader.parse(
                ScenarioConfig.staticJob("shop", log.toString(), loki.url(), dir.resolve("positions.yaml"))
                        .listenOn("127.0.0.1", 0)
                        .batchWait("20ms")
                        .pollFrequency("10ms", "50ms")
                        .stages("""
                                - logfmt: {mapping: {level: ""}}
                                - labels: {level: ""}
                                """)
                        .yaml(),
                "tail.yaml", false, Map.of());
        return Agent.start(config, new Agent.Options(false, System.out, Clock.systemUTC()));
    }

    private static URI tailUri(Agent agent, String query) {
        return URI.create("ws://127.0.0.1:" + agent.httpPort() + "/api/v1/tail?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(60)
    void aTailWithASelectorAndALineFilterGetsExactlyTheMatchingEntries() throws Exception {
        Path log = dir.resolve("order.log");
        Files.createFile(log);
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent agent = start(loki, log);
            List<TailedEntry> tailed = Collections.synchronizedList(new ArrayList<>());
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(tailUri(agent, "{job=\"shop\", level=\"error\"} |= \"payment\""), new Collector(tailed))
                    .get();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.liveTail().open().size() == 1);
                List<String> expected = new ArrayList<>();
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 2000; i++) {
                    String level = i % 3 == 0 ? "error" : "info";
                    String what = i % 2 == 0 ? "payment" : "stock";
                    String line = "level=" + level + " msg=\"" + what + " " + i + "\"";
                    lines.append(line).append('\n');
                    if (level.equals("error") && what.equals("payment")) {
                        expected.add(line);
                    }
                    if (i % 500 == 499) { // written while the agent reads
                        Files.writeString(log, lines, StandardOpenOption.APPEND);
                        lines.setLength(0);
                    }
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() >= 2000);
                await().atMost(Duration.ofSeconds(10)).until(() -> tailed.size() >= expected.size());
                assertThat(tailed).extracting(TailedEntry::line).containsExactlyElementsOf(expected);
                assertThat(tailed).allSatisfy(e -> assertThat(e.labels().toMap()).containsEntry("job", "shop")
                        .containsEntry("level", "error").containsEntry("filename", log.toString()).hasSize(3));
                assertThat(agent.liveTail().open().get(0).skipped()).isZero();
                assertThat(loki.entryCount()).isEqualTo(2000);
            } finally {
                ws.abort();
                agent.stop();
            }
        }
    }

    @Test
    @Timeout(120)
    void aStalledTailReaderIsSkippedAndDoesNotHoldBackShipping() throws Exception {
        Path log = dir.resolve("order.log");
        Files.createFile(log);
        int count = 100_000;
        try (LokiReceiver loki = new LokiReceiver(); Socket stalled = new Socket()) {
            Agent agent = start(loki, log);
            try {
                // A WebSocket client that completes the handshake and then never reads.
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new InetSocketAddress("127.0.0.1", agent.httpPort()));
                OutputStream o = stalled.getOutputStream();
                String key = Base64.getEncoder().encodeToString("sleipnir-test-key".getBytes(StandardCharsets.UTF_8));
                o.write(("GET /api/v1/tail?query=" + URLEncoder.encode("{job=\"shop\"}", StandardCharsets.UTF_8)
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                o.flush();
                assertThat(readStatusLine(stalled.getInputStream())).startsWith("HTTP/1.1 101");
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.liveTail().open().size() == 1);

                String padding = "x".repeat(150);
                try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
                    for (int i = 0; i < count; i++) {
                        w.write("level=info n=" + i + " " + padding + "\n");
                    }
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> loki.entryCount() >= count);
                assertThat(loki.entryCount()).as("every line reached Loki").isEqualTo(count);
                assertThat(loki.lines().get(count - 1)).startsWith("level=info n=" + (count - 1) + " ");
                long skipped = agent.liveTail().open().get(0).skipped();
                assertThat(skipped).as("the stalled reader was skipped").isPositive();
                assertThat(skipped + agent.liveTail().open().get(0).sent()).isLessThanOrEqualTo(count);
                assertThat(agent.metrics().value("sleipnir_live_tail_skipped_entries_total")).isEqualTo(skipped);
            } finally {
                agent.stop();
            }
        }
    }

    @Test
    @Timeout(60)
    void theLivePageRunsOnlyItsOwnScriptWhichTailsThroughTheWebSocket() throws Exception {
        Path log = dir.resolve("order.log");
        Files.createFile(log);
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent agent = start(loki, log);
            try {
                java.net.http.HttpResponse<String> page = HttpClient.newHttpClient().send(java.net.http.HttpRequest
                        .newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + "/live")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                org.jsoup.nodes.Document html = org.jsoup.Jsoup.parse(page.body());
                assertThat(html.select("nav a[aria-current=page]").text()).isEqualTo("Live");
                assertThat(html.select("form#tail input#q").attr("value")).isEqualTo("{job=~\".+\"}");
                String script = html.select("script").get(0).data();
                assertThat(script).contains("'/api/v1/tail?query='");
                String hash = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(script.getBytes(StandardCharsets.UTF_8)));
                assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                        assertThat(csp).contains("script-src 'sha256-" + hash + "'").contains("connect-src 'self'"));
            } finally {
                agent.stop();
            }
        }
    }

    private static String readStatusLine(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            s.append((char) c);
        }
        return s.toString();
    }

    private static final class Collector implements WebSocket.Listener {
        private final List<TailedEntry> into;
        private final StringBuilder partial = new StringBuilder();

        Collector(List<TailedEntry> into) {
            this.into = into;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                into.addAll(TailMessage.decode(partial.toString()).entries());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
