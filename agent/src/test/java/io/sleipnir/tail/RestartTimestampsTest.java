package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.model.LogEntry;
import io.sleipnir.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 item 8: a line read again after a crash (it was sent, but the positions file had not yet passed it) is
 * stamped with its read time when no stage sets one; it must carry the timestamp of its first send, so that Loki
 * can drop the copy as an exact repeat.
 */
class RestartTimestampsTest {
    @TempDir
    Path dir;

    @Test
    void aLineReadAgainAfterACrashKeepsTheTimestampOfItsFirstSend() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, lines(0, 5));
        Path positions = dir.resolve("positions/positions.yaml");
        Path atCrash = dir.resolve("crash/positions.yaml");
        Files.createDirectories(atCrash.getParent());
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));

        CollectingSink first = new CollectingSink(false);
        try (TailHarness h = harness(positions, first, clock)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == 5);
            clock.advance(Duration.ofSeconds(2)); // later lines are read under a newer anchor
            Files.writeString(log, lines(5, 10), java.nio.file.StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == 10);
            for (int i = 0; i < 4; i++) {
                first.entries().get(i).delivery().complete(); // Loki answered the first four lines only
            }
            h.positions.sync();
            // The crash: the positions file stays as last written; the graceful close below writes elsewhere.
            Files.copy(positions, atCrash, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(sidecar(positions), sidecar(atCrash), StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.readString(sidecar(atCrash))).contains("stamps:", log + ": \"0@");
            assertThat(Files.readString(atCrash)).doesNotContain("stamps:"); // Promtail's schema only
        }

        clock.advance(Duration.ofSeconds(7));
        CollectingSink second = new CollectingSink(true);
        try (TailHarness h = harness(atCrash, second, clock)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> second.size() == 6);
        }

        Map<String, Long> firstStamps = stamps(first.entries());
        Map<String, Long> secondStamps = stamps(second.entries());
        assertThat(secondStamps.keySet()).containsExactly("line 4", "line 5", "line 6", "line 7", "line 8", "line 9");
        secondStamps.forEach((line, stamp) -> assertThat(stamp).as(line).isEqualTo(firstStamps.get(line)));
        assertThat(List.copyOf(firstStamps.values())).doesNotHaveDuplicates().isSorted();
        assertThat(firstStamps.get("line 5") - firstStamps.get("line 0")).as("the second anchor is real read time")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
    }

    static Path sidecar(Path positions) {
        return positions.resolveSibling(positions.getFileName() + ".sleipnir.yaml");
    }

    private static String lines(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            text.append("line ").append(i).append('\n');
        }
        return text.toString();
    }

    private static TailHarness harness(Path positions, CollectingSink sink, MutableClock clock) throws Exception {
        return new TailHarness(positions, TailHarness.settings(1 << 20, false, 64 * 1024), sink, FileOpener.DEFAULT,
                List.of(positions.getParent().getParent() + "/*.log"), List.of(), clock);
    }

    private static Map<String, Long> stamps(List<LogEntry> entries) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (LogEntry e : entries) {
            out.put(e.line(), e.timestampNanos());
        }
        return out;
    }
}
