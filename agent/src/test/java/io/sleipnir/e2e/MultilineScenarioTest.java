package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java stack traces in a CRI file, through {@code cri} then {@code multiline}: one entry per trace, the last one
 * flushed by max_wait_time although no further line arrives, and while Loki refuses pushes the positions file
 * never moves past a trace that was not delivered.
 */
class MultilineScenarioTest {
    private static final Instant BASE = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private static String trace(int n) {
        return String.join("\n",
                "2026-03-01 10:00:0" + n + " ERROR request " + n + " failed",
                "java.lang.IllegalStateException: boom " + n,
                "\tat com.example.Service.handle(Service.java:4" + n + ")",
                "\tat com.example.Controller.get(Controller.java:17)",
                "\tat java.base/java.lang.Thread.run(Thread.java:833)");
    }

    private static void writeTrace(Path file, int n) throws IOException {
        StringBuilder cri = new StringBuilder();
        int i = 0;
        for (String line : trace(n).split("\n")) {
            cri.append(BASE.plusSeconds(n).plusMillis(i++)).append(" stdout F ").append(line).append('\n');
        }
        Files.writeString(file, cri, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static long savedOffset(Path positionsFile, Path log) throws IOException {
        if (!Files.exists(positionsFile)) {
            return 0;
        }
        Matcher m = Pattern.compile(Pattern.quote(log.toString()) + ": \"(\\d+)\"").matcher(Files.readString(positionsFile));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void oneEntryPerTraceTheLastByTimeoutAndPositionsNeverPassAnUndeliveredTrace() throws Exception {
        Path log = dir.resolve("app.log");
        Path positionsFile = dir.resolve("positions.yaml");
        try (LokiReceiver loki = new LokiReceiver()) {
            AgentConfig config = ConfigLoader.parse(
                    ScenarioConfig.staticJob("java", log.toString(), loki.url(), positionsFile)
                            .batchWait("20ms")
                            .backoff("10ms", "50ms", 100000)
                            .positionsSyncPeriod("50ms")
                            .pollFrequency("10ms", "50ms")
                            .stages("""
                                    - cri: {}
                                    - multiline:
                                        firstline: '^\\d{4}-\\d{2}-\\d{2}'
                                        max_wait_time: 500ms
                                    """)
                            .yaml(),
                    "multiline.yaml", false, Map.of());
            for (int n = 1; n <= 3; n++) {
                writeTrace(log, n);
            }
            Agent agent = Agent.start(config, new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                // Traces 1 and 2 end when the next first line arrives; trace 3 only by max_wait_time.
                await().atMost(Duration.ofSeconds(10)).until(() -> loki.entryCount() >= 3);
                assertThat(loki.lines()).containsExactly(trace(1), trace(2), trace(3));
                List<ReceivedEntry> entries = loki.entries();
                assertThat(entries.get(0).timestampNanos()).as("the first line's CRI time")
                        .isEqualTo(BASE.plusSeconds(1).getEpochSecond() * 1_000_000_000L);
                assertThat(entries).allSatisfy(e -> assertThat(e.labels()).containsEntry("job", "java")
                        .containsEntry("stream", "stdout"));
                long delivered = Files.size(log);
                await().atMost(Duration.ofSeconds(10)).until(() -> savedOffset(positionsFile, log) == delivered);

                // Loki refuses everything: traces 4 and 5 are read, merged and retried, but not delivered.
                loki.respondWith(500);
                writeTrace(log, 4);
                writeTrace(log, 5);
                long written = Files.size(log);
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.metrics()
                        .value("promtail_read_bytes_total", "path", log.toString()) >= written);
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        loki.requests().stream().filter(r -> r.status() == 500).count() >= 3);
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                        .until(() -> savedOffset(positionsFile, log) == delivered
                                && agent.positions().snapshot().get(log.toString()).offset() == delivered);
                assertThat(loki.entryCount()).isEqualTo(3);

                loki.respondWith(204);
                await().atMost(Duration.ofSeconds(10)).until(() -> loki.entryCount() >= 5);
                await().atMost(Duration.ofSeconds(10)).until(() -> savedOffset(positionsFile, log) == written);
            } finally {
                agent.stop();
            }
            List<String> lines = new ArrayList<>(loki.lines());
            assertThat(lines).containsExactly(trace(1), trace(2), trace(3), trace(4), trace(5));
        }
    }
}
