package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 4: two tenants on one client (a {@code tenant} stage), one of which Loki answers 429 for a while.
 * The refused tenant holds at most its share of the client's byte budget and pauses only its own file; the other
 * tenant's file keeps growing and its lines keep arriving meanwhile. When the refused tenant recovers, every line of
 * both arrives exactly once, in order, and both positions reach their files' ends. And with Loki down from the
 * start, forty files pause and the client holds its budget plus about a line per file, not a read turn per file.
 */
class TenantIsolationScenarioTest {
    /** Lines of the refused tenant's file: several read quanta (64 KiB), far more than the client's budget. */
    private static final int REFUSED_LINES = 3000;
    private static final int FLOWING_ROUNDS = 5;
    private static final int FLOWING_LINES_PER_ROUND = 200;
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void aTenantLokiRefusesPausesOnlyItsOwnFileAndLosesNothing() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path refusedFile = logs.resolve("refused.log");
        Path flowingFile = logs.resolve("flowing.log");
        List<String> refusedLines = lines("refused", 0, REFUSED_LINES);
        Files.write(refusedFile, refusedLines);
        Files.createFile(flowingFile);
        Path positionsFile = dir.resolve("positions.yaml");
        try (LokiReceiver loki = new LokiReceiver()) {
            loki.respondWith("refused", 429);
            // batchsize 2 KiB: the client holds at most 8 KiB, each tenant 4 KiB plus what a paused file read last.
            String yaml = ScenarioConfig.staticJob("app", logs + "/*.log", loki.url(), positionsFile)
                    .batch("100ms", 2048)
                    .backoff("100ms", "500ms")
                    .positionsSyncPeriod("100ms")
                    .pollFrequency("50ms", "250ms")
                    .stages("- regex:\n    expression: '^(?P<t>\\S+) '\n- tenant:\n    source: t").yaml();
            Agent agent = Agent.start(ConfigLoader.parse(yaml, "scenario.yaml", false, Map.of()),
                    new Agent.Options(false, System.out, Clock.systemUTC()));
            List<String> flowingLines = new ArrayList<>();
            try {
                for (int round = 0; round < FLOWING_ROUNDS; round++) {
                    List<String> more = lines("flowing", flowingLines.size(), FLOWING_LINES_PER_ROUND);
                    Files.write(flowingFile, more, StandardOpenOption.APPEND);
                    flowingLines.addAll(more);
                    int expected = flowingLines.size();
                    await().atMost(GENEROUS).pollInterval(Duration.ofMillis(50))
                            .until(() -> linesOf(loki, "flowing").size() == expected);
                    assertThat(linesOf(loki, "refused")).as("Loki still refuses tenant 'refused'").isEmpty();
                }
                assertThat(loki.requests()).as("tenant 'refused' was tried and refused while the other flowed")
                        .anyMatch(r -> r.status() == 429);
                double refusedRead = agent.metrics().value("promtail_read_bytes_total", "path", refusedFile.toString());
                assertThat(refusedRead).as("the refused tenant's file is paused, not read into memory")
                        .isLessThan(Files.size(refusedFile));

                loki.respondWith("refused", 204);
                await().atMost(GENEROUS).pollInterval(Duration.ofMillis(100))
                        .until(() -> linesOf(loki, "refused").size() >= REFUSED_LINES && agent.caughtUp());
            } finally {
                agent.stop();
            }

            assertThat(linesOf(loki, "refused")).as("every line of the refused tenant once, in order")
                    .containsExactlyElementsOf(refusedLines);
            assertThat(linesOf(loki, "flowing")).as("every line of the flowing tenant once, in order")
                    .containsExactlyElementsOf(flowingLines);
            String positions = Files.readString(positionsFile);
            assertThat(positions).contains(refusedFile + ": \"" + Files.size(refusedFile) + "\"");
            assertThat(positions).contains(flowingFile + ": \"" + Files.size(flowingFile) + "\"");
        }
    }

    @Test
    @Timeout(240)
    void lokiDownAtStartHoldsOneLinePerPausedFileOverTheBudgetAndLosesNothing() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        int files = 40;
        Map<Path, List<String>> written = new java.util.LinkedHashMap<>();
        for (int f = 0; f < files; f++) {
            Path file = logs.resolve("f" + f + ".log");
            List<String> content = lines("f" + f, 0, 1000); // 92 KB: more than one read turn of 64 KiB
            Files.write(file, content);
            written.put(file, content);
        }
        try (LokiReceiver loki = new LokiReceiver()) {
            loki.respondWith(500);
            // batchsize 2 KiB: the client holds at most 8 KiB, plus what each paused file took last.
            String yaml = ScenarioConfig.staticJob("app", logs + "/*.log", loki.url(), dir.resolve("positions.yaml"))
                    .batch("100ms", 2048)
                    .backoff("100ms", "500ms")
                    .pollFrequency("50ms", "250ms")
                    .stages("[]").yaml();
            Agent agent = Agent.start(ConfigLoader.parse(yaml, "scenario.yaml", false, Map.of()),
                    new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                String host = "127.0.0.1:" + loki.port();
                await().atMost(GENEROUS).until(() -> written.keySet().stream().allMatch(file ->
                        agent.metrics().value("promtail_read_bytes_total", "path", file.toString()) > 0)
                        && loki.requests().size() >= 3);
                double budget = agent.metrics().value("sleipnir_client_budget_bytes", "host", host);
                assertThat(agent.metrics().value("sleipnir_client_held_bytes", "host", host))
                        .as("the budget and at most a line (charged 64 bytes or more) per paused file, not the rest "
                                + "of each file's 64 KiB read turn")
                        .isLessThanOrEqualTo(budget + files * 512);

                loki.respondWith(204);
                await().atMost(GENEROUS).pollInterval(Duration.ofMillis(100))
                        .until(() -> loki.entryCount() >= files * 1000 && agent.caughtUp());
            } finally {
                agent.stop();
            }
            for (Map.Entry<Path, List<String>> w : written.entrySet()) {
                assertThat(loki.entries(e -> w.getKey().toString().equals(e.labels().get("filename"))).stream()
                        .map(ReceivedEntry::line).toList()).as("every line of %s once, in order", w.getKey())
                        .containsExactlyElementsOf(w.getValue());
            }
        }
    }

    private static List<String> lines(String tenant, int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> String.format("%s %06d %s", tenant, i, "x".repeat(80))).toList();
    }

    private static List<String> linesOf(LokiReceiver loki, String tenant) {
        return loki.entries(e -> e.tenant().equals(tenant)).stream().map(ReceivedEntry::line).toList();
    }
}
