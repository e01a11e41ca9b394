package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's crash drill: the agent, its own process, is killed with SIGKILL ten times while lines keep being
 * written, with no timestamp stage (every line gets a read-time timestamp) and the default {@code sync_period}
 * (10 s). No line may be lost, and a line that reaches Loki twice must carry the same timestamp both times, so Loki
 * can drop the repeat.
 */
class RepeatedKillScenarioTest {
    private static final int FILES = 2;
    private static final int KILLS = 10;
    private static final int CHUNK = 25;
    private static final Pattern SEQ = Pattern.compile("^(f\\d) seq=(\\d+) ");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void tenKillsWhileLinesFlowLoseNothingAndEveryResentLineKeepsItsFirstTimestamp() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path positionsFile = dir.resolve("positions.yaml");
        Path configFile = dir.resolve("config.yaml");
        try (LokiReceiver loki = new LokiReceiver()) {
            Files.writeString(configFile, ScenarioConfig.staticJob("pods", logs + "/*.log", loki.url(), positionsFile)
                    .batch("20ms", 16384)
                    .pollFrequency("10ms", "50ms")
                    .stages("[]")
                    .yaml());
            Writer writer = new Writer(logs);
            Thread writing = new Thread(writer, "test-writer");
            writing.start();
            List<Long> resentPerKill = new ArrayList<>();
            try {
                for (int kill = 0; kill < KILLS; kill++) {
                    long before = distinctLines(loki);
                    Process agent = startAgent(configFile);
                    // Slow answers keep batches in flight when the kill comes.
                    loki.slow(Duration.ofMillis(5));
                    // New lines, not only the copies sent again after the last kill, so the kills come while lines flow.
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                            .until(() -> distinctLines(loki) >= before + 2_000);
                    agent.destroyForcibly();
                    assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    long received = distinctLines(loki);
                    long committed = linesBefore(logs, AgentProcess.readPositions(positionsFile));
                    resentPerKill.add(Math.max(0, received - committed));
                }
            } finally {
                writer.stop.set(true);
                writing.join();
            }
            loki.slow(Duration.ZERO);
            Process last = startAgent(configFile);
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() ->
                        AgentProcess.readPositions(positionsFile).values().stream().mapToLong(Long::longValue).sum()
                                == totalSize(logs));
            } finally {
                last.destroy();
                assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }

            Map<String, Map<Integer, List<Long>>> copies = new HashMap<>();
            for (ReceivedEntry e : loki.entries()) {
                Matcher m = SEQ.matcher(e.line());
                assertThat(m.find()).as(e.line()).isTrue();
                copies.computeIfAbsent(m.group(1), k -> new HashMap<>())
                        .computeIfAbsent(Integer.parseInt(m.group(2)), k -> new ArrayList<>())
                        .add(e.timestampNanos());
            }
            long written = writer.written.get();
            int resent = 0;
            for (int f = 0; f < FILES; f++) {
                Map<Integer, List<Long>> perLine = copies.get("f" + f);
                assertThat(perLine).as("lines of f%d", f).isNotNull();
                for (int seq = 0; seq < written; seq++) {
                    List<Long> stamps = perLine.get(seq);
                    assertThat(stamps).as("f%d line %d reached Loki", f, seq).isNotNull();
                    assertThat(stamps).as("every copy of f%d line %d has its first timestamp", f, seq)
                            .containsOnly(stamps.get(0));
                    resent += stamps.size() - 1;
                }
            }
            System.out.printf("%d lines in %d files, %d kills: %d copies sent again, lines past the saved positions at each kill (sent again after it): %s%n",
                    written * FILES, FILES, KILLS, resent, resentPerKill);
        }
    }

    /** Appends numbered lines to each file, {@link #CHUNK} at a time about every 20 ms, until told to stop. */
    private static final class Writer implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong written = new AtomicLong();
        private final Path logs;

        Writer(Path logs) {
            this.logs = logs;
        }

        @Override
        public void run() {
            List<OutputStream> outs = new ArrayList<>();
            try {
                for (int f = 0; f < FILES; f++) {
                    outs.add(Files.newOutputStream(logs.resolve("f" + f + ".log"), StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND));
                }
                while (!stop.get()) {
                    long first = written.get();
                    for (OutputStream out : outs) {
                        StringBuilder chunk = new StringBuilder();
                        for (long seq = first; seq < first + CHUNK; seq++) {
                            chunk.append('f').append(outs.indexOf(out)).append(" seq=").append(seq)
                                    .append(" level=info msg=\"order shipped\" payload=").append("x".repeat(60))
                                    .append('\n');
                        }
                        out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    written.addAndGet(CHUNK);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // a steady stream, not a flood
                }
                for (OutputStream out : outs) {
                    out.close();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Process startAgent(Path configFile) throws IOException {
        return AgentProcess.start(configFile, "warn", dir.resolve("agent.log").toFile());
    }

    /** How many different lines reached Loki, over all files. */
    private static long distinctLines(LokiReceiver loki) {
        return loki.entries().stream().map(ReceivedEntry::line).distinct().count();
    }

    /** How many whole lines lie before the saved offsets, over all files. */
    private static long linesBefore(Path logs, Map<String, Long> saved) throws IOException {
        long lines = 0;
        for (int f = 0; f < FILES; f++) {
            Path file = logs.resolve("f" + f + ".log");
            long offset = saved.getOrDefault(file.toString(), 0L);
            byte[] bytes = Files.readAllBytes(file);
            for (int i = 0; i < Math.min(offset, bytes.length); i++) {
                if (bytes[i] == '\n') {
                    lines++;
                }
            }
        }
        return lines;
    }

    private static long totalSize(Path logs) throws IOException {
        long sum = 0;
        for (int f = 0; f < FILES; f++) {
            sum += Files.size(logs.resolve("f" + f + ".log"));
        }
        return sum;
    }
}
