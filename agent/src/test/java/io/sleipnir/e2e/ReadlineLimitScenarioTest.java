package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LokiReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * limits_config.readline_rate_enabled with a real file and the test receiver: with readline_rate_drop the lines
 * past the burst never reach Loki, are counted as Promtail counts them, and the position still moves past them;
 * without it every line arrives, in order.
 */
class ReadlineLimitScenarioTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void dropModeShipsTheBurstCountsTheRestAndThePositionMovesPastThem() throws Exception {
        Path log = write(50);
        Path positions = dir.resolve("positions.yaml");
        // one token every 1000 s: only the burst passes while the test runs
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent agent = start(loki, log, positions, "readline_rate: 0.001\n  readline_burst: 10\n"
                    + "  readline_rate_drop: true\n");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> agent.metrics().value(
                        "logentry_dropped_lines_total", "reason", "global_rate_limiter_drop") == 40);
                await().atMost(Duration.ofSeconds(60)).until(() -> savedOffset(positions, log) == Files.size(log));
                assertThat(loki.lines()).isEqualTo(lines(10));
            } finally {
                agent.stop();
            }
        }
    }

    @Test
    @Timeout(120)
    void waitModeDeliversEveryLineInOrder() throws Exception {
        Path log = write(300);
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent agent = start(loki, log, dir.resolve("positions.yaml"),
                    "readline_rate: 2000\n  readline_burst: 50\n  readline_rate_drop: false\n");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 300);
                assertThat(loki.lines()).isEqualTo(lines(300));
                assertThat(agent.metrics().value("logentry_dropped_lines_total", "reason",
                        "global_rate_limiter_drop")).isZero();
            } finally {
                agent.stop();
            }
        }
    }

    private Agent start(LokiReceiver loki, Path log, Path positions, String limits) throws Exception {
        AgentConfig config = ConfigLoader.parse(
                ScenarioConfig.staticJob("app", log.toString(), loki.url(), positions)
                        .batchWait("20ms")
                        .positionsSyncPeriod("50ms")
                        .stages("[]")
                        .yaml() + "limits_config:\n  readline_rate_enabled: true\n  " + limits,
                "limit.yaml", false, Map.of());
        return Agent.start(config, new Agent.Options(false, System.out, Clock.systemUTC()));
    }

    private Path write(int count) throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, String.join("\n", lines(count)) + "\n", StandardCharsets.UTF_8);
        return log;
    }

    private static List<String> lines(int count) {
        return IntStream.range(0, count).mapToObj(i -> "line " + i).toList();
    }

    private static long savedOffset(Path positionsFile, Path log) throws Exception {
        if (!Files.exists(positionsFile)) {
            return 0;
        }
        Matcher m = Pattern.compile(Pattern.quote(log.toString()) + ": \"(\\d+)\"").matcher(Files.readString(positionsFile));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
