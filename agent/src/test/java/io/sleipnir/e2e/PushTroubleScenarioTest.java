package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LogCapture;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loki in trouble, end to end through the agent: credentials in the url, an outage noticed within seconds although
 * the backoff is long, and what the log says while Loki is away and when it is back.
 */
class PushTroubleScenarioTest {
    /** A Java class name (java.net.ConnectException, io.netty.channel.AbstractChannel$Annotated...). */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(java|javax|sun|jdk|io\\.netty|io\\.sleipnir)\\.[\\w$.]+|\\b[a-z]+(\\.\\w+)+\\.[A-Z]\\w*(Exception|Error)");
    /** A java.time.Duration's toString (PT15S, PT0.5S, PT1M30S). */
    private static final Pattern ISO_DURATION = Pattern.compile("\\bPT[\\d.]+[HMS]");

    @TempDir
    Path dir;

    private AgentConfig config(ScenarioConfig scenario) throws Exception {
        return ConfigLoader.parse(scenario.yaml(), "scenario.yaml", false, Map.of());
    }

    @Test
    @Timeout(60)
    void urlCredentialsReachLokiAsBasicAuth() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        try (LokiReceiver loki = new LokiReceiver(); CriLogWriter w = new CriLogWriter(logs.resolve("a.log"), "a")) {
            // Grafana Cloud's snippet: https://<user id>:<token>@logs-....grafana.net/loki/api/v1/push
            String url = "http://123456:glc_tok%2Ben@127.0.0.1:" + loki.port() + LokiReceiver.PUSH_PATH;
            Agent agent = Agent.start(config(ScenarioConfig.staticJob("app", logs + "/*.log", url,
                    dir.resolve("positions.yaml")).batchWait("50ms")), new Agent.Options(false, System.out,
                    Clock.systemUTC()));
            try {
                w.writeLine(1);
                await().atMost(Duration.ofSeconds(20)).until(() -> loki.entryCount() == 1);
            } finally {
                agent.stop();
            }
            ReceivedRequest push = loki.requests().get(0);
            assertThat(push.header("Authorization")).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("123456:glc_tok+en".getBytes(StandardCharsets.UTF_8)));
            assertThat(push.status()).isEqualTo(204);
            assertThat(push.header("User-Agent")).isEqualTo("sleipnir/" + io.sleipnir.model.Version.get())
                    .isNotEqualTo("sleipnir/dev");
        }
    }

    /**
     * min_period 1m: after the first failure the next full retry is 30 to 60 s away, as late in an outage with the
     * default max_period of 5m. The probes must find Loki's return within seconds anyway, and while Loki is down
     * they must be small and at most about one a second.
     */
    @Test
    @Timeout(120)
    void backlogFlowsWithinSecondsOfLokisReturnWhileTheBackoffIsLong() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        try (LokiReceiver loki = new LokiReceiver(); CriLogWriter w = new CriLogWriter(logs.resolve("a.log"), "a")) {
            loki.respondWith(500);
            Agent agent = Agent.start(config(ScenarioConfig.staticJob("app", logs + "/*.log", loki.url(),
                    dir.resolve("positions.yaml")).batchWait("100ms").backoff("1m", "5m")),
                    new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                long outageStart = System.nanoTime();
                // Lines keep flowing during the outage: at least 5 probes (5 to 10 s) before Loki comes back.
                while (loki.pushCount() < 6) {
                    w.writeLine(1);
                    await().pollDelay(Duration.ofMillis(100)).until(() -> true);
                }
                long written = w.written();
                List<ReceivedRequest> duringOutage = loki.requests();
                double outageSeconds = (System.nanoTime() - outageStart) / 1e9;

                loki.respondWith(204);
                long back = System.nanoTime();
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                        .until(() -> loki.entryCount() >= written);
                double recoverySeconds = (System.nanoTime() - back) / 1e9;
                System.out.printf("outage %.1fs, %d requests during it, backlog of %d lines delivered %.2fs after"
                        + " Loki's return%n", outageSeconds, duringOutage.size(), written, recoverySeconds);

                // The first push was the whole batch; every later one while Loki was down was a one-entry probe.
                assertThat(duringOutage.subList(1, duringOutage.size()))
                        .allSatisfy(r -> assertThat(r.bodyBytes()).isLessThan(300));
                // Probes are 1 to 2 s apart: never more than one a second on average, plus the first push.
                assertThat(duringOutage.size() - 1).isLessThanOrEqualTo((int) Math.ceil(outageSeconds));
                assertThat(loki.lines()).hasSize((int) written).doesNotHaveDuplicates();
            } finally {
                agent.stop();
            }
        }
    }

    @Test
    @Timeout(90)
    void aStoppedLokiIsReportedAtOnceAndItsReturnWithTheOutageLength() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        LokiReceiver loki = new LokiReceiver();
        LokiReceiver[] back = {null};
        int port = loki.port();
        try (CriLogWriter w = new CriLogWriter(logs.resolve("a.log"), "a");
                LogCapture captured = LogCapture.start(Level.FINE)) {
            Agent agent = Agent.start(config(ScenarioConfig.staticJob("app", logs + "/*.log", loki.url(),
                    dir.resolve("positions.yaml")).batchWait("100ms")), new Agent.Options(false, System.out,
                    Clock.systemUTC()));
            try {
                w.writeLine(1);
                await().atMost(Duration.ofSeconds(20)).until(() -> loki.entryCount() == 1);
                loki.close();
                long stopped = System.nanoTime();
                w.writeLine(1);

                // The pooled connection is closed by the stop, so the cause is a refused new connection or, when the
                // push raced the close, the closed one.
                await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                        .until(() -> !captured.lines(Level.WARNING, " failed: ").isEmpty());
                System.out.printf("warn line %.2fs after Loki stopped%n", (System.nanoTime() - stopped) / 1e9);
                String warn = captured.lines(Level.WARNING, " failed: ").get(0).message();
                assertThat(warn).matches("push to http://127\\.0\\.0\\.1:" + port + "/loki/api/v1/push failed:"
                        + " (connection refused|connection closed before the answer); 1 entry waiting; next try in .*");
                assertThat(warn).matches(".*next try in \\d+(\\.\\d+)?m?s$");

                // A few more seconds down: retries go on, and no summary line yet (at most one per 30 s).
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.metrics().value(
                        "promtail_batch_retries_total", "host", "127.0.0.1:" + port, "tenant", "") >= 4);
                assertThat(captured.lines(Level.WARNING, "still failing")).isEmpty();

                back[0] = LokiReceiver.onPort(port);
                await().atMost(Duration.ofSeconds(10)).until(() -> back[0].entryCount() == 1);
                await().atMost(Duration.ofSeconds(5)).until(() -> !captured.lines(Level.INFO, "works again").isEmpty());
                assertThat(captured.lines(Level.INFO, "works again")).singleElement()
                        .extracting(LogCapture.Line::message).asString()
                        .matches("push to http://127\\.0\\.0\\.1:" + port
                                + "/loki/api/v1/push works again after (\\d+m)?\\d+(\\.\\d+)?s \\(\\d+ failed tr(y|ies)\\)");
            } finally {
                agent.stop();
                loki.close();
                if (back[0] != null) {
                    back[0].close();
                }
            }
            assertThat(captured.lines()).isNotEmpty().allSatisfy(line -> {
                assertThat(CLASS_NAME.matcher(line.message()).find()).as("class name in: %s", line.message()).isFalse();
                assertThat(ISO_DURATION.matcher(line.message()).find()).as("PT duration in: %s", line.message())
                        .isFalse();
            });
        }
    }
}
