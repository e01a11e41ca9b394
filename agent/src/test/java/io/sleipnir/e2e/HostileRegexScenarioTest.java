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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7.1: one job's {@code regex} stage is the catastrophic-backtracking kind ({@code ^(?P<f>.*?,){11}P}) and its
 * file is fed the lines that make a backtracking engine run for minutes; the agent has one reader thread for every
 * file. Another job's file must keep flowing while hostile lines keep arriving, and the hostile lines arrive too,
 * with what Go's regexp extracts from them.
 */
class HostileRegexScenarioTest {
    private static final int ROUNDS = 3;
    private static final int CALM_PER_ROUND = 50;
    private static final int HOSTILE_PER_ROUND = 10;

    @TempDir
    Path dir;

    private static void append(Path file, StringBuilder lines) throws IOException {
        Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void anotherFilesLinesKeepArrivingWhileAPipelineRunsAHostileRegex() throws Exception {
        Path hostile = dir.resolve("hostile.log");
        Path calm = dir.resolve("calm.log");
        try (LokiReceiver loki = new LokiReceiver()) {
            String yaml = ScenarioConfig.staticJob("hostile", hostile.toString(), loki.url(), dir.resolve("positions.yaml"))
                    .batchWait("20ms")
                    .pollFrequency("10ms", "50ms")
                    .stages("""
                            - regex: {expression: '^(?P<f>.*?,){11}P'}
                            - labels: {f: f}
                            """)
                    .yaml()
                    + "  - job_name: calm\n"
                    + "    static_configs:\n      - targets: [localhost]\n        labels:\n"
                    + "          job: calm\n"
                    + "          __path__: " + calm + "\n";
            AgentConfig config = ConfigLoader.parse(yaml, "hostile.yaml", false, Map.of());
            Files.createFile(hostile);
            Files.createFile(calm);
            Agent agent = Agent.start(config, new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    StringBuilder hostileLines = new StringBuilder();
                    for (int i = 0; i < HOSTILE_PER_ROUND; i++) {
                        // Half cannot match (no P) over 20,000 characters; half match after 40 repetitions.
                        hostileLines.append(i % 2 == 0 ? "a,".repeat(10_000) : "a,".repeat(40) + "P").append('\n');
                    }
                    append(hostile, hostileLines);
                    StringBuilder calmLines = new StringBuilder();
                    for (int i = 0; i < CALM_PER_ROUND; i++) {
                        calmLines.append("calm ").append(round * CALM_PER_ROUND + i).append('\n');
                    }
                    append(calm, calmLines);
                    int calmSoFar = (round + 1) * CALM_PER_ROUND;
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> loki.entries(e -> "calm".equals(e.labels().get("job"))).size() >= calmSoFar);
                }
                int hostileTotal = ROUNDS * HOSTILE_PER_ROUND;
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> loki.entries(e -> "hostile".equals(e.labels().get("job"))).size() >= hostileTotal);
            } finally {
                agent.stop();
            }

            List<String> calmLines = loki.entries(e -> "calm".equals(e.labels().get("job"))).stream()
                    .map(ReceivedEntry::line).toList();
            assertThat(calmLines).hasSize(ROUNDS * CALM_PER_ROUND)
                    .startsWith("calm 0", "calm 1").endsWith("calm " + (ROUNDS * CALM_PER_ROUND - 1));
            List<ReceivedEntry> hostileEntries = loki.entries(e -> "hostile".equals(e.labels().get("job")));
            assertThat(hostileEntries).hasSize(ROUNDS * HOSTILE_PER_ROUND);
            // The two kinds land in different streams (one has the label f), so only counts are compared.
            String matching = "a,".repeat(40) + "P";
            assertThat(hostileEntries).filteredOn(e -> e.line().equals(matching))
                    .hasSize(ROUNDS * HOSTILE_PER_ROUND / 2)
                    .allSatisfy(e -> assertThat(e.labels()).containsEntry("f", "a,".repeat(30)));
            assertThat(hostileEntries).filteredOn(e -> e.line().equals("a,".repeat(10_000)))
                    .hasSize(ROUNDS * HOSTILE_PER_ROUND / 2)
                    .allSatisfy(e -> assertThat(e.labels()).doesNotContainKey("f"));
        }
    }
}
