package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core promise end to end: 200,000 CRI lines (some split into partial records) written into four files while
 * two of them are rotated by rename-and-create and one is truncated in place, with Loki answering 500 for a while
 * and 429 once. Every line must reach the receiver exactly once, each file's lines in order, and the positions
 * file must end at each file's end.
 */
class RotationAndOutageScenarioTest {
    private static final int FILES = 4;
    private static final int LINES_PER_FILE = 50_000;
    private static final Pattern SEQ = Pattern.compile("^(\\w+) seq=(\\d+) ");

    @TempDir
    Path dir;

    @Test
    void everyLineArrivesOnceAndInOrderThroughRotationTruncationAndOutage() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path positionsFile = dir.resolve("positions.yaml");
        try (LokiReceiver loki = new LokiReceiver()) {
            loki.respondWith(500, 25);
            AgentConfig config = ConfigLoader.parse(
                    ScenarioConfig.staticJob("pods", logs + "/*.log", loki.url(), positionsFile)
                            .batch("50ms", 65536)
                            .backoff("10ms", "100ms")
                            .positionsSyncPeriod("100ms")
                            .targetSyncPeriod("200ms")
                            .pollFrequency("10ms", "50ms")
                            .yaml(),
                    "scenario.yaml", false, Map.of());

            List<CriLogWriter> writers = new ArrayList<>();
            for (int f = 0; f < FILES; f++) {
                writers.add(new CriLogWriter(logs.resolve("file" + f + ".log"), "file" + f));
            }
            Agent agent = Agent.start(config, new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                for (int i = 0; i < LINES_PER_FILE; i++) {
                    for (CriLogWriter w : writers) {
                        w.writeLine(i % 97 == 0 ? 3 : 1);
                    }
                    if (i == LINES_PER_FILE / 4 || i == LINES_PER_FILE * 3 / 4) {
                        writers.get(0).rotateRenameCreate();
                        writers.get(1).rotateRenameCreate();
                    }
                    if (i == LINES_PER_FILE / 2) {
                        // copytruncate loses whatever was written after the last read, for any tailer: truncate
                        // only once the agent has read the whole file.
                        CriLogWriter c = writers.get(2);
                        long size = Files.size(c.path());
                        await().atMost(Duration.ofSeconds(60)).until(() ->
                                agent.metrics().value("promtail_read_bytes_total", "path", c.path().toString()) >= size);
                        c.copyTruncate();
                        loki.respondWith(429, 1);
                    }
                }
                for (CriLogWriter w : writers) {
                    w.close();
                }
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                        .until(() -> loki.entryCount() >= FILES * LINES_PER_FILE && agent.caughtUp());
            } finally {
                agent.stop();
            }

            assertEveryLineOnceInOrder(loki.entries());
            String positions = Files.readString(positionsFile);
            for (CriLogWriter w : writers) {
                assertThat(positions).contains(w.path() + ": \"" + Files.size(w.path()) + "\"");
            }
            assertThat(loki.requests()).anyMatch(r -> r.status() == 500);
            assertThat(loki.requests()).anyMatch(r -> r.status() == 429);
        }
    }

    private static void assertEveryLineOnceInOrder(List<ReceivedEntry> entries) {
        Map<String, Long> next = new HashMap<>();
        for (ReceivedEntry e : entries) {
            Matcher m = SEQ.matcher(e.line());
            assertThat(m.find()).as("line %s", e.line()).isTrue();
            String file = m.group(1);
            long seq = Long.parseLong(m.group(2));
            assertThat(e.line()).isEqualTo(CriLogWriter.content(file, seq));
            assertThat(e.labels()).containsEntry("job", "pods").containsEntry("stream", "stdout")
                    .containsKey("filename");
            assertThat(e.labels().get("filename")).endsWith("/" + file + ".log");
            long expected = next.getOrDefault(file, 0L);
            assertThat(seq).as("next line of %s", file).isEqualTo(expected);
            next.put(file, expected + 1);
        }
        assertThat(next).hasSize(FILES).allSatisfy((file, count) -> assertThat(count).isEqualTo(LINES_PER_FILE));
    }
}
