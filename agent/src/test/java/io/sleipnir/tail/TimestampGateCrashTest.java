package io.sleipnir.tail;

import java.time.Instant;
import io.sleipnir.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.config.BackoffConfig;
import io.sleipnir.config.ClientConfig;
import io.sleipnir.config.LimitsConfig;
import io.sleipnir.loki.LokiClient;
import io.sleipnir.loki.NettyPushSender;
import io.sleipnir.model.LogEntry;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 item 8: a crash right after a new read-time anchor was taken. Lines stamped from an anchor reach Loki only
 * once the positions file holds that anchor, so a crash at the moment Loki has them, restarted from the positions
 * file as it stood then, re-sends them with their first timestamps (Loki can then drop the copies). The positions
 * writer is held still while the new lines are read, which is when a push used to go out without its anchor.
 */
class TimestampGateCrashTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void linesReadUnderANewAnchorReachLokiOnlyOnceTheAnchorIsWrittenAndKeepTheirTimestampAfterACrash() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "");
        Path positions = dir.resolve("positions/positions.yaml");
        Path atCrash = dir.resolve("crash/positions.yaml");
        Files.createDirectories(atCrash.getParent());
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (LokiReceiver loki = new LokiReceiver()) {
            ClientConfig config = new ClientConfig(loki.url(), "test", "", Duration.ofMillis(20), 64 * 1024,
                    Duration.ofSeconds(5), new BackoffConfig(Duration.ofMillis(10), Duration.ofMillis(50), 3),
                    Map.of(), Map.of(), null, null, null, null, false);
            io.sleipnir.metrics.AgentMetrics clientMetrics = new io.sleipnir.metrics.AgentMetrics();
            LokiClient client = new LokiClient(config, LimitsConfig.defaults(), NettyPushSender.create(config),
                    clientMetrics, Clock.systemUTC(), 1 << 20);
            TailHarness h = harness(positions, client, clock);
            try {
                h.positions.startSyncing(writer);
                Files.writeString(log, lines(0, 5), StandardOpenOption.APPEND);
                await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() == 5);

                // Hold the positions writer still, then read five more lines under a new anchor.
                CountDownLatch release = new CountDownLatch(1);
                CountDownLatch held = new CountDownLatch(1);
                writer.execute(() -> {
                    held.countDown();
                    awaitQuietly(release);
                });
                held.await();
                int pushesBefore = loki.pushCount();
                AtomicBoolean crashed = new AtomicBoolean();
                loki.onPush(() -> {
                    // The crash: the positions files as they stand when Loki gets the new lines.
                    if (crashed.compareAndSet(false, true)) {
                        copy(positions, atCrash);
                    }
                });
                clock.advance(Duration.ofSeconds(2));
                Files.writeString(log, lines(5, 10), StandardOpenOption.APPEND);
                // Either the push went out without its anchor (the crash copy then lacks it), or it waits for it.
                await().atMost(Duration.ofSeconds(30)).until(() -> loki.pushCount() > pushesBefore
                        || clientMetrics.value("sleipnir_push_timestamp_waits_total", "host", client.host(),
                        "tenant", "") > 0);
                release.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() == 10);
            } finally {
                h.close();
                client.closeNow();
            }

            Map<String, Long> first = new HashMap<>();
            for (ReceivedEntry e : loki.entries()) {
                first.putIfAbsent(e.line(), e.timestampNanos());
            }
            assertThat(Files.readString(sidecar(atCrash))).as("the new anchor, at line 5's offset")
                    .containsPattern("stamps:\n  " + log + ": \"(\\d+@\\d+ )?" + lines(0, 5).length() + "@");

            CollectingSink again = new CollectingSink(true);
            try (TailHarness restarted = harness(atCrash, again, clock)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> again.entries().stream()
                        .anyMatch(e -> e.line().equals("line 9")));
            }
            List<LogEntry> resent = again.entries();
            assertThat(resent).extracting(LogEntry::line).contains("line 5", "line 6", "line 7", "line 8", "line 9");
            for (LogEntry e : resent) {
                assertThat(e.timestampNanos()).as(e.line()).isEqualTo(first.get(e.line()));
            }
        } finally {
            writer.shutdownNow();
        }
    }

    /**
     * The gate is for read-time stamps only: when a stage set the timestamp (here as the `cri` stage does, from the
     * line), a crash cannot change it, and the push goes out while the positions writer is still held.
     */
    @Test
    @Timeout(120)
    void linesWhoseTimestampAStageSetDoNotWaitForTheAnchor() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "");
        Path positions = dir.resolve("positions/positions.yaml");
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try (LokiReceiver loki = new LokiReceiver()) {
            ClientConfig config = new ClientConfig(loki.url(), "test", "", Duration.ofMillis(20), 64 * 1024,
                    Duration.ofSeconds(5), new BackoffConfig(Duration.ofMillis(10), Duration.ofMillis(50), 3),
                    Map.of(), Map.of(), null, null, null, null, false);
            io.sleipnir.metrics.AgentMetrics clientMetrics = new io.sleipnir.metrics.AgentMetrics();
            LokiClient client = new LokiClient(config, LimitsConfig.defaults(), NettyPushSender.create(config),
                    clientMetrics, Clock.systemUTC(), 1 << 20);
            long stageTime = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli() * 1_000_000L;
            io.sleipnir.model.EntrySink stage = e -> client.accept(
                    e.withTimestamp(stageTime + Long.parseLong(e.line().substring("line ".length()))));
            TailHarness h = harness(positions, stage, clock);
            try {
                h.positions.startSyncing(writer);
                CountDownLatch held = new CountDownLatch(1);
                writer.execute(() -> {
                    held.countDown();
                    awaitQuietly(release);
                });
                held.await();
                Files.writeString(log, lines(0, 5), StandardOpenOption.APPEND);
                await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() == 5);
                assertThat(release.getCount()).as("the positions writer is still held").isEqualTo(1);
                assertThat(clientMetrics.value("sleipnir_push_timestamp_waits_total", "host", client.host(),
                        "tenant", "")).isZero();
                assertThat(loki.entries()).extracting(ReceivedEntry::timestampNanos)
                        .containsExactly(stageTime, stageTime + 1, stageTime + 2, stageTime + 3, stageTime + 4);
            } finally {
                release.countDown();
                h.close();
                client.closeNow();
            }
        } finally {
            writer.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Path positions, Path to) {
        try {
            Files.copy(sidecar(positions), sidecar(to), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(positions, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path sidecar(Path positions) {
        return RestartTimestampsTest.sidecar(positions);
    }

    private static String lines(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            text.append("line ").append(i).append('\n');
        }
        return text.toString();
    }

    private static TailHarness harness(Path positions, io.sleipnir.model.EntrySink sink, MutableClock clock) throws Exception {
        return new TailHarness(positions, TailHarness.settings(1 << 20, false, 64 * 1024), sink, FileOpener.DEFAULT,
                List.of(positions.getParent().getParent() + "/*.log"), List.of(), clock);
    }
}
