package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LogCapture;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * limits_config.max_label_values: a label made from a request id (100,000 distinct values) is capped at its limit
 * before it reaches Loki; every line still arrives, the rest carry the overflow value, they are counted per job
 * and label, and one warning names the label.
 */
class CardinalityGuardScenarioTest {
    private static final int LINES = 100_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aLabelWith100kDistinctValuesIsCappedAndCounted() throws Exception {
        Path log = dir.resolve("api.log");
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int i = 0; i < LINES; i++) {
                w.write("level=info request_id=r" + i + " msg=done\n");
            }
        }
        try (LokiReceiver loki = new LokiReceiver(); LogCapture logs = LogCapture.start(Level.WARNING)) {
            AgentConfig config = ConfigLoader.parse(
                    ScenarioConfig.staticJob("api", log.toString(), loki.url(), dir.resolve("positions.yaml"))
                            .batchWait("50ms")
                            .stages("""
                                    - logfmt: {mapping: {request_id: "", level: ""}}
                                    - labels: {request_id: "", level: ""}
                                    """)
                            .yaml() + """
                            limits_config:
                              max_label_values: 1000
                              max_label_values_per_label: {level: 0}
                              label_overflow_value: too_many
                            """,
                    "guard.yaml", false, Map.of());
            Agent agent = Agent.start(config, new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> loki.entryCount() >= LINES);
                assertThat(loki.entryCount()).as("every line arrives, none dropped").isEqualTo(LINES);
                Set<String> ids = loki.entries().stream().map(e -> e.labels().get("request_id"))
                        .collect(Collectors.toSet());
                assertThat(ids).hasSize(1001).contains("too_many", "r0", "r999").doesNotContain("r1000");
                long overflowed = loki.entries().stream().filter(e -> "too_many".equals(e.labels().get("request_id")))
                        .count();
                assertThat(overflowed).isEqualTo(LINES - 1000);
                assertThat(loki.entries()).extracting(ReceivedEntry::labels)
                        .allSatisfy(l -> assertThat(l).containsEntry("level", "info"));
                assertThat(agent.metrics().value("sleipnir_label_overflow_total", "job", "api", "label", "request_id"))
                        .isEqualTo(LINES - 1000);
                assertThat(logs.lines(Level.WARNING, "label request_id")).hasSize(1);
                assertThat(logs.lines(Level.WARNING, "label request_id").get(0).message())
                        .isEqualTo("job api: label request_id has more than 1000 distinct values within 1h0m0s;"
                                + " further values are sent as \"too_many\" (counted in sleipnir_label_overflow_total)");
            } finally {
                agent.stop();
            }
        }
    }
}
