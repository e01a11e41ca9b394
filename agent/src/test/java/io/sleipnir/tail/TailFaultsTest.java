package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.model.EntrySink;
import io.sleipnir.model.LogEntry;
import io.sleipnir.positions.SavedPosition;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 (copytruncate while paused, new directories, symlinks) and issue 16 (size gauge while paused, dropped
 * long lines logged) against a running tailer on real files. "Paused" is a sink that blocks, as the client's full
 * byte budget does.
 */
@Timeout(60)
class TailFaultsTest {
    @TempDir
    Path dir;

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger tailLog = Logger.getLogger(TailManager.class.getName());

    @BeforeEach
    void captureLog() {
        tailLog.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        tailLog.removeHandler(capture);
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5));
    }

    private static void append(Path file, List<String> lines) throws IOException {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        Files.writeString(file, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> numbered(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    private static void copyTruncate(Path log, Path copy) throws IOException {
        Files.copy(log, copy, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }

    /** A tailer whose sink blocks at {@code blockAt} until the returned semaphore is released. */
    private TailHarness blockedAt(String blockAt, Semaphore gate, CollectingSink sink, String glob) throws IOException {
        EntrySink blocking = entry -> {
            if (entry.line().equals(blockAt)) {
                gate.acquire();
            }
            sink.accept(entry);
        };
        return new TailHarness(dir.resolve("positions/positions.yaml"), TailHarness.settings(1 << 20, false, 256),
                blocking, FileOpener.DEFAULT, List.of(glob), List.of());
    }

    @Test
    void copytruncateWhilePausedAfterTheFileGrewPastTheReadPositionReadsTheCopyThenTheNewFile() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, numbered("old", 0, 100));
        Semaphore gate = new Semaphore(0);
        CollectingSink sink = new CollectingSink(true);
        try (TailHarness h = blockedAt("old5", gate, sink, dir + "/*.log")) {
            eventually().until(gate::hasQueuedThreads);
            append(log, numbered("old", 100, 200)); // after the last read: only the copy holds these
            copyTruncate(log, dir.resolve("app.log.1"));
            append(log, numbered("new", 0, 300)); // longer than what was read before the truncation
            gate.release();
            List<String> expected = concat(numbered("old", 0, 200), numbered("new", 0, 300));
            eventually().until(() -> sink.size() >= expected.size());
            assertThat(sink.lines()).containsExactlyElementsOf(expected);
            FileIdentity current = FileIdentity.of(log);
            eventually().until(() -> new SavedPosition(Files.size(log), current)
                    .equals(TailHarness.offsetAndIdentity(h.positions.get(log.toString()))));
        }
    }

    @Test
    void aTruncationSeenWhilePausedHoldsTheCopyEvenIfItIsRemovedBeforeReadingResumes() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, numbered("old", 0, 100));
        Semaphore gate = new Semaphore(0);
        CollectingSink sink = new CollectingSink(true);
        try (TailHarness h = blockedAt("old5", gate, sink, dir + "/*.log")) {
            eventually().until(gate::hasQueuedThreads);
            append(log, numbered("old", 100, 200));
            copyTruncate(log, dir.resolve("app.log.1"));
            append(log, numbered("new", 0, 300));
            eventually().until(() -> logged.stream().anyMatch(r -> r.getMessage().equals(
                    log + " was truncated while reading is paused; holding its copy " + dir.resolve("app.log.1"))));
            Files.delete(dir.resolve("app.log.1")); // logrotate's compress, before Loki is back
            gate.release();
            List<String> expected = concat(numbered("old", 0, 200), numbered("new", 0, 300));
            eventually().until(() -> sink.size() >= expected.size());
            assertThat(sink.lines()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theFileSizeGaugeFollowsTheFileWhileReadingIsPaused() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, numbered("line", 0, 100));
        Semaphore gate = new Semaphore(0);
        CollectingSink sink = new CollectingSink(true);
        try (TailHarness h = blockedAt("line5", gate, sink, dir + "/*.log")) {
            eventually().until(gate::hasQueuedThreads);
            for (int round = 0; round < 3; round++) {
                append(log, numbered("more" + round + "-", 0, 1000));
                long size = Files.size(log);
                eventually().until(() -> h.metrics.value("promtail_file_bytes_total", "path", log.toString()) == size);
            }
            assertThat(h.metrics.value("promtail_read_bytes_total", "path", log.toString()))
                    .as("still paused").isLessThan(Files.size(log));
            gate.release();
            eventually().until(() -> sink.size() == 3100);
        }
    }

    @Test
    void aFilePausedByItsTenantStopsAtTheLineThatPausedItAndReadsOnWhenResumed() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, numbered("line", 0, 1000)); // 7 KB: one read turn
        CompletableFuture<Void> resume = new CompletableFuture<>();
        CollectingSink sink = new CollectingSink(true);
        EntrySink pausing = entry -> {
            if (entry.line().equals("line9")) {
                // As the client's budget does when the tenant is at its share: take the line, pause the file.
                assertThat(entry.delivery().pauseSourceUntil(resume)).isTrue();
            }
            sink.accept(entry);
        };
        try (TailHarness h = new TailHarness(dir.resolve("positions/positions.yaml"),
                TailHarness.settings(1 << 20, false, 64 * 1024), pausing, FileOpener.DEFAULT,
                List.of(dir + "/*.log"), List.of())) {
            eventually().until(() -> sink.size() >= 10);
            // Two rounds ended since: the one that paused it, and one more.
            Instant paused = h.manager.lastRoundCompleted().orElse(Instant.MIN);
            eventually().until(() -> h.manager.lastRoundCompleted().orElse(Instant.MIN).isAfter(paused));
            Instant next = h.manager.lastRoundCompleted().orElseThrow();
            eventually().until(() -> h.manager.lastRoundCompleted().orElseThrow().isAfter(next));
            assertThat(sink.lines()).as("nothing past the line that paused it is taken, in that turn or since")
                    .containsExactlyElementsOf(numbered("line", 0, 10));
            long afterLine9 = String.join("\n", numbered("line", 0, 10)).length() + 1;
            assertThat(h.metrics.value("promtail_read_bytes_total", "path", log.toString())).isEqualTo(afterLine9);

            resume.complete(null);
            eventually().until(() -> sink.size() >= 1000);
            assertThat(sink.lines()).containsExactlyElementsOf(numbered("line", 0, 1000));
        }
    }

    @Test
    void aDroppedLongLineIsLoggedAtWarnWithItsFileOffsetAndLength() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "short\n" + "x".repeat(500) + "\n" + "y".repeat(300) + "\nafter\n");
        CollectingSink sink = new CollectingSink(true);
        try (TailHarness h = new TailHarness(dir.resolve("positions/positions.yaml"), TailHarness.settings(100, false, 64),
                sink, FileOpener.DEFAULT, List.of(dir + "/*.log"), List.of())) {
            eventually().until(() -> sink.lines().contains("after"));
            assertThat(sink.lines()).containsExactly("short", "after");
            assertThat(h.metrics.value("logentry_dropped_lines_total", "reason", "line_too_long")).isEqualTo(2);
            List<LogRecord> warnings = logged.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
            // Rate-limited: the second drop, right after the first, waits for the next report.
            assertThat(warnings).extracting(LogRecord::getMessage).containsExactly("dropped a line of 500 bytes at offset 6 of "
                    + log + ": longer than the reader's line cap of 100 bytes (2 MiB, or limits_config.max_line_size "
                    + "when larger; max_line_size_truncate: true keeps its start instead)");
        }
    }

    @Test
    void aFileReachedThroughASymlinkAndItsTargetIsReadOnceUnderTheFirstPathFound() throws Exception {
        Path real = Files.createDirectories(dir.resolve("pods/ns_pod_uid/c")).resolve("0.log");
        Path links = Files.createDirectories(dir.resolve("containers"));
        Path link = Files.createSymbolicLink(links.resolve("pod_ns_c.log"), real);
        append(real, numbered("line", 0, 100));
        CollectingSink sink = new CollectingSink(true);
        // Two targets, as a config with both /var/log/containers/*.log and /var/log/pods/*/*/*.log has.
        try (TailHarness h = new TailHarness(dir.resolve("positions/positions.yaml"), TailHarness.settings(1 << 20, false, 1024),
                sink, FileOpener.DEFAULT, List.of(links + "/*.log", dir + "/pods/*/*/*.log"), List.of())) {
            eventually().until(() -> sink.size() >= 100);
            append(real, List.of("end"));
            eventually().until(() -> sink.lines().contains("end"));
            assertThat(sink.lines()).containsExactlyElementsOf(concat(numbered("line", 0, 100), List.of("end")));
            assertThat(sink.entries()).extracting(e -> e.labels().get("filename")).containsOnly(link.toString());
            assertThat(h.manager.activeFiles()).containsExactly(link.toString());
        }
    }

    @Test
    void aFileInANewDirectoryBelowTheGlobRootIsFoundByEventsNotBySync() throws Exception {
        Path pods = Files.createDirectories(dir.resolve("pods"));
        Path waiting = Files.createDirectories(pods.resolve("ns_a_uid/c")); // exists, empty, at start
        CollectingSink sink = new CollectingSink(true);
        TailSettings hourlySync = new TailSettings(Duration.ofHours(1), Duration.ofMillis(10), Duration.ofMillis(40),
                1 << 20, false, 64 * 1024);
        try (TailHarness h = new TailHarness(dir.resolve("positions/positions.yaml"), hourlySync, sink,
                FileOpener.DEFAULT, List.of(pods + "/*/*/*.log"), List.of())) {
            Path other = Files.createDirectories(pods.resolve("ns_b_uid/c")).resolve("0.log");
            append(other, List.of("b"));
            eventually().until(() -> sink.lines().contains("b")); // a resolve ran after ns_a_uid/c was there
            append(waiting.resolve("0.log"), List.of("a"));
            eventually().until(() -> sink.lines().contains("a"));
            assertThat(sink.lines()).containsExactly("b", "a");
        }
    }

    @Test
    void aNewFileRotatedBeforeItsFirstReadIsReadFromItsRotatedSiblingFirst() throws Exception {
        Path pods = Files.createDirectories(dir.resolve("pods"));
        CollectingSink sink = new CollectingSink(true);
        TailSettings hourlySync = new TailSettings(Duration.ofHours(1), Duration.ofMillis(10), Duration.ofMillis(40),
                1 << 20, false, 64 * 1024);
        try (TailHarness h = new TailHarness(dir.resolve("positions/positions.yaml"), hourlySync, sink,
                FileOpener.DEFAULT, List.of(pods + "/*/*/*.log"), List.of())) {
            eventually().until(() -> h.metrics.value("promtail_files_active_total") == 0);
            Path container = Files.createDirectories(pods.resolve("ns_pod_uid/c"));
            Path log = container.resolve("0.log");
            append(log, numbered("first", 0, 150));
            Files.move(log, container.resolve("0.log.20261201-101500"));
            append(log, numbered("second", 0, 50));
            List<String> expected = concat(numbered("first", 0, 150), numbered("second", 0, 50));
            eventually().until(() -> sink.size() >= expected.size());
            assertThat(sink.lines()).containsExactlyElementsOf(expected);
        }
    }
}
