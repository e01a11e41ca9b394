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
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's tailing faults, end to end: a copytruncate while reading is paused by a full client budget, and a new
 * pod directory whose file the kubelet rotates before the agent has read it. Nothing still on disk may be lost.
 */
class TailFaultsScenarioTest {
    @TempDir
    Path dir;

    private AgentConfig config(String glob, LokiReceiver loki, String targetSync) throws Exception {
        return ConfigLoader.parse(
                ScenarioConfig.staticJob("pods", glob, loki.url(), dir.resolve("positions.yaml"))
                        .batch("50ms", 4096) // a 16 KiB budget: reading pauses after a few hundred lines
                        .backoff("10ms", "50ms")
                        .positionsSyncPeriod("100ms")
                        .targetSyncPeriod(targetSync)
                        .pollFrequency("10ms", "50ms")
                        .yaml(),
                "scenario.yaml", false, Map.of());
    }

    @Test
    @Timeout(180)
    void copytruncateWhileReadingIsPausedLosesNothingFromTheCopyOrTheNewFile() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        try (LokiReceiver loki = new LokiReceiver()) {
            loki.respondWith(500); // Loki is down: the budget fills and the reader waits in the pipeline
            CriLogWriter app = new CriLogWriter(logs.resolve("app.log"), "app");
            for (int i = 0; i < 2_000; i++) {
                app.writeLine(1);
            }
            Agent agent = Agent.start(config(logs + "/*.log", loki, "200ms"), new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                String path = app.path().toString();
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.requests().size() >= 3);
                double readBefore = agent.metrics().value("promtail_read_bytes_total", "path", path);
                assertThat(readBefore).as("reading is paused well before the end").isLessThan(Files.size(app.path()) / 2.0);
                for (int i = 0; i < 1_000; i++) {
                    app.writeLine(1); // written after the last read: only the copy will hold these
                }
                long copied = Files.size(app.path());
                app.copyTruncate(); // app.log.1 holds lines 0..2999; app.log is cut to 0
                while (Files.size(app.path()) <= copied) {
                    app.writeLine(1); // and grows past the old read position before the agent looks again
                }
                long total = app.written();
                app.close();
                loki.respondWith(204);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                        .until(() -> loki.entryCount() >= total && agent.caughtUp());
                List<String> expected = LongStream.range(0, total).mapToObj(seq -> CriLogWriter.content("app", seq)).toList();
                assertThat(loki.entries().stream().map(ReceivedEntry::line).toList()).containsExactlyElementsOf(expected);
            } finally {
                agent.stop();
            }
            assertThat(Files.readString(dir.resolve("positions.yaml")))
                    .contains(logs.resolve("app.log") + ": \"" + Files.size(logs.resolve("app.log")) + "\"");
        }
    }

    @Test
    @Timeout(120)
    void aNewPodDirectoryWhoseFileIsRotatedBeforeTheFirstReadLosesNothing() throws Exception {
        Path pods = Files.createDirectories(dir.resolve("pods"));
        try (LokiReceiver loki = new LokiReceiver()) {
            // The sync period is an hour: only file-system events can find the new pod's file.
            Agent agent = Agent.start(config(pods + "/*/*/*.log", loki, "1h"), new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.metrics().value("promtail_files_active_total") == 0);
                // The pod's directory is filled and its file rotated before it appears under the glob (moved in
                // whole), so the agent cannot have read the first generation before the rotation.
                Path staged = Files.createDirectories(dir.resolve("staging/shop_order-1_uid1/order"));
                CriLogWriter log = new CriLogWriter(staged.resolve("0.log"), "order");
                for (int i = 0; i < 239; i++) {
                    log.writeLine(i % 13 == 0 ? 3 : 1);
                    if (i == 160) {
                        log.rotateRenameCreate(); // 0.log -> 0.log.20251125-100001 and a new 0.log, at once
                    }
                }
                log.close();
                Path container = Files.move(staged.getParent(), pods.resolve("shop_order-1_uid1")).resolve("order");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> loki.entryCount() >= 239 && agent.caughtUp());
                List<String> expected = LongStream.range(0, 239).mapToObj(seq -> CriLogWriter.content("order", seq)).toList();
                assertThat(loki.entries().stream().map(ReceivedEntry::line).toList()).containsExactlyElementsOf(expected);
                assertThat(loki.entries()).allSatisfy(e -> assertThat(e.labels())
                        .containsEntry("filename", container.resolve("0.log").toString()));
            } finally {
                agent.stop();
            }
        }
    }
}
