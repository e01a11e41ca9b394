package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.testing.FreePorts;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: the agent runs as its own process, is killed with SIGKILL in the middle of the stream (no shutdown
 * hook runs, nothing is flushed), and is started again from its positions file. No line may be missing; a line may
 * arrive twice only if it lies beyond the position saved before the kill, i.e. it was in flight at the stop.
 */
class CrashRestartScenarioTest {
    private static final int FILES = 3;
    private static final int LINES_BEFORE_KILL = 30_000;
    private static final int LINES_AFTER_KILL = 10_000;
    private static final Pattern SEQ = Pattern.compile("^(\\w+) seq=(\\d+) ");

    @TempDir
    Path dir;

    @Test
    void killedAgentResumesFromItsPositionsWithoutLosingALine() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path positionsFile = dir.resolve("positions.yaml");
        Path configFile = dir.resolve("config.yaml");
        try (LokiReceiver loki = new LokiReceiver()) {
            Files.writeString(configFile, ScenarioConfig.staticJob("pods", logs + "/*.log", loki.url(), positionsFile)
                    .batch("20ms", 16384)
                    .positionsSyncPeriod("50ms")
                    .pollFrequency("10ms", "50ms")
                    .yaml());
            List<CriLogWriter> writers = new ArrayList<>();
            for (int f = 0; f < FILES; f++) {
                writers.add(new CriLogWriter(logs.resolve("app" + f + ".log"), "app" + f));
            }
            writeLines(writers, LINES_BEFORE_KILL);
            // Slow answers keep several batches in flight when the kill comes.
            loki.slow(Duration.ofMillis(5));

            Process first = startAgent(configFile);
            await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= FILES * LINES_BEFORE_KILL / 3);
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Map<String, Long> savedAtKill = AgentProcess.readPositions(positionsFile);
            int receivedAtKill = loki.entryCount();
            assertThat(receivedAtKill).as("killed mid-stream").isLessThan(FILES * LINES_BEFORE_KILL);

            writeLines(writers, LINES_AFTER_KILL);
            loki.slow(Duration.ZERO);
            Process second = startAgent(configFile);
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() ->
                        loki.entryCount() >= FILES * (LINES_BEFORE_KILL + LINES_AFTER_KILL)
                                && AgentProcess.readPositions(positionsFile).values().stream().mapToLong(Long::longValue).sum()
                                == totalSize(writers));
            } finally {
                second.destroy(); // SIGTERM: the graceful path
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }

            Map<String, long[]> counts = new HashMap<>();
            for (ReceivedEntry e : loki.entries()) {
                Matcher m = SEQ.matcher(e.line());
                assertThat(m.find()).as(e.line()).isTrue();
                long[] perLine = counts.computeIfAbsent(m.group(1), k -> new long[LINES_BEFORE_KILL + LINES_AFTER_KILL]);
                perLine[Integer.parseInt(m.group(2))]++;
            }
            int duplicates = 0;
            for (CriLogWriter w : writers) {
                long[] perLine = counts.get(w.path().getFileName().toString().replace(".log", ""));
                assertThat(perLine).as("lines of %s", w.path()).isNotNull();
                long[] endOffsets = lineEndOffsets(w.path());
                long saved = savedAtKill.getOrDefault(w.path().toString(), 0L);
                for (int seq = 0; seq < perLine.length; seq++) {
                    assertThat(perLine[seq]).as("copies of %s line %d", w.path(), seq).isBetween(1L, 2L);
                    if (perLine[seq] == 2) {
                        duplicates++;
                        assertThat(endOffsets[seq]).as("a line sent twice lies beyond the position saved at the kill")
                                .isGreaterThan(saved);
                    }
                }
            }
            System.out.printf("received %d entries before the kill, %d duplicates after the restart%n",
                    receivedAtKill, duplicates);
        }
    }

    @Test
    void sigtermFlushesHeldBatchesAndWritesPositionsBeforeExiting() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path positionsFile = dir.resolve("positions.yaml");
        Path configFile = dir.resolve("config.yaml");
        int port = FreePorts.pick();
        try (LokiReceiver loki = new LokiReceiver()) {
            // A batch waits up to an hour and the positions are written once an hour: only the shutdown path can
            // deliver these lines and record them.
            Files.writeString(configFile, ScenarioConfig.staticJob("pods", logs + "/*.log", loki.url(), positionsFile)
                    .listenOn("127.0.0.1", port)
                    .batchWait("1h")
                    .positionsSyncPeriod("1h")
                    .yaml());
            CriLogWriter writer = new CriLogWriter(logs.resolve("app.log"), "app");
            for (int i = 0; i < 1000; i++) {
                writer.writeLine(1);
            }
            writer.close();
            Process agent = startAgent(configFile, "info");
            var http = java.net.http.HttpClient.newHttpClient();
            var metrics = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    http.send(metrics, java.net.http.HttpResponse.BodyHandlers.ofString()).body()
                            .contains("promtail_read_lines_total{path=\"" + writer.path() + "\"} 1000"));
            assertThat(loki.entryCount()).as("nothing sent before the batch is due").isZero();

            agent.destroy(); // SIGTERM
            assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("stopped within the grace period").isTrue();
            assertThat(loki.entryCount()).isEqualTo(1000);
            assertThat(AgentProcess.readPositions(positionsFile)).containsEntry(writer.path().toString(), Files.size(writer.path()));
            // What the shutdown did is still logged (java.util.logging's own shutdown hook would have closed the
            // handlers), and fabric8's SLF4J logging is routed rather than warned about.
            String log = Files.readString(dir.resolve("agent.log"));
            assertThat(log).contains("msg=\"stopped\"").doesNotContain("SLF4J");
        }
    }

    private static void writeLines(List<CriLogWriter> writers, int lines) throws IOException {
        for (int i = 0; i < lines; i++) {
            for (CriLogWriter w : writers) {
                w.writeLine(i % 101 == 0 ? 2 : 1);
            }
        }
    }

    private Process startAgent(Path configFile) throws IOException {
        return startAgent(configFile, "warn");
    }

    private Process startAgent(Path configFile, String logLevel) throws IOException {
        return AgentProcess.start(configFile, logLevel, dir.resolve("agent.log").toFile());
    }

    private static long totalSize(List<CriLogWriter> writers) throws IOException {
        long sum = 0;
        for (CriLogWriter w : writers) {
            sum += Files.size(w.path());
        }
        return sum;
    }

    /** The byte offset just past each logical line (its last CRI record), by sequence number. */
    private static long[] lineEndOffsets(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<Long> ends = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                String record = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                if (record.split(" ", 4)[2].equals("F")) {
                    ends.add((long) i + 1);
                }
                start = i + 1;
            }
        }
        return ends.stream().mapToLong(Long::longValue).toArray();
    }
}
