package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's promise: the cursor in the positions file moves only past entries Loki acknowledged, so entries
 * read but not acknowledged when the agent stops are read again by the next run, and nothing acknowledged is sent
 * twice.
 */
@Timeout(180)
class JournalRestartScenarioTest {
    @TempDir
    Path dir;

    @Test
    void theNextRunResumesAfterTheLastAcknowledgedEntryNothingLostNothingResent() throws Exception {
        JournalScenarioTest.assumeTools();
        Path journalDir = Files.createDirectories(dir.resolve("journal"));
        Path journal = journalDir.resolve("node.journal");
        Path positions = dir.resolve("positions.yaml");
        long base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toEpochMilli() * 1000;
        List<String> expected = new ArrayList<>();
        JournalScenarioTest.write(journal, batch("acked", base, 30, expected));
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent first = Agent.start(JournalScenarioTest.config(loki, journalDir, positions, ""),
                    new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() == 30);
                loki.respondWith(500); // Loki is down: what is read now is not acknowledged
                int refusedBefore = loki.requests().size();
                JournalScenarioTest.write(journal, batch("unacked", base + 1_000_000, 20, expected));
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.requests().size() > refusedBefore + 2);
            } finally {
                first.stop(Duration.ofMillis(100)); // gives up on the refused batch: it is not acknowledged
            }
            assertThat(loki.entryCount()).isEqualTo(30);
            assertThat(Files.readString(positions)).as("the cursor of the 30th entry (hex 1e), the last acknowledged")
                    .contains(";i=1e;");

            JournalScenarioTest.write(journal, batch("while stopped", base + 2_000_000, 10, expected));
            loki.respondWith(204);
            Agent second = Agent.start(JournalScenarioTest.config(loki, journalDir, positions, ""),
                    new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 60);
                // One more, followed: anything sent twice would have reached Loki before it.
                JournalScenarioTest.write(journal, batch("last", base + 3_000_000, 1, expected));
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.lines().contains("last 0"));
            } finally {
                second.stop();
            }
            assertThat(loki.entries()).extracting(ReceivedEntry::line).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(Files.readString(positions)).contains(";i=3d;"); // the 61st entry
        }
    }

    private static List<JournalScenarioTest.Fields> batch(String name, long micros, int n, List<String> expected) {
        List<JournalScenarioTest.Fields> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(JournalScenarioTest.entry(micros + i, "app.service", 6, name + " " + i));
            expected.add(name + " " + i);
        }
        return out;
    }
}
