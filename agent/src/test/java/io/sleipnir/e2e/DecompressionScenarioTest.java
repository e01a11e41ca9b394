package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job with Promtail's {@code decompression} block: each finished compressed file its {@code __path__} matches is
 * read once, decompressed, line by line through the job's pipeline and labels, its position the uncompressed offset
 * of the last acknowledged line. Real gzip and zlib files (java.util.zip writes them as gzip(1) and Go's
 * compress/zlib read them), the agent, the test receiver.
 */
@Timeout(180)
class DecompressionScenarioTest {
    @TempDir
    Path dir;

    private AgentConfig config(LokiReceiver loki, String glob, String format, int batchSize) throws Exception {
        return ConfigLoader.parse(ScenarioConfig.staticJob("archives", glob, loki.url(), dir.resolve("positions.yaml"))
                .batch("20ms", batchSize)
                .backoff("10ms", "100ms", 1_000_000)
                .positionsSyncPeriod("50ms")
                .targetSyncPeriod("100ms")
                .pollFrequency("10ms", "50ms")
                .stages("[]")
                .jobExtra("decompression:\n  enabled: true\n  format: " + format + "\n")
                .yaml(), "scenario.yaml", false, Map.of());
    }

    private static Agent start(AgentConfig config) throws Exception {
        return Agent.start(config, new Agent.Options(false, System.out, Clock.systemUTC()));
    }

    private static List<String> lines(String file, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(file + " seq=" + i + " " + "x".repeat(60));
        }
        return out;
    }

    private static byte[] text(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code gz}: gzip(1)'s format; {@code z}: a zlib stream (RFC 1950), as Go's compress/zlib writes it. */
    private static void writeCompressed(Path file, String format, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = format.equals("gz") ? new GZIPOutputStream(bytes) : new DeflaterOutputStream(bytes)) {
            out.write(content);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes.toByteArray());
        Files.move(tmp, file); // found whole, as the kubelet and logrotate leave them
    }

    private static List<String> linesOf(LokiReceiver loki, Path file) {
        return loki.entriesFor(Map.of("filename", file.toString())).stream().map(ReceivedEntry::line).toList();
    }

    private static long savedOffset(Path positions, Path file) throws IOException {
        if (!Files.exists(positions)) {
            return -1;
        }
        Matcher m = Pattern.compile(Pattern.quote(file.toString()) + ": \"(\\d+)\"").matcher(Files.readString(positions));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gz", "z"})
    void everyLineOfEveryCompressedFileArrivesOnceWithItsLabels(String format) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("archive"));
        Path a = logs.resolve("app-1." + format);
        Path b = logs.resolve("app-2." + format);
        writeCompressed(a, format, text(lines("a", 2000)));
        writeCompressed(b, format, text(lines("b", 1500)));
        Path positions = dir.resolve("positions.yaml");
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent agent = start(config(loki, logs + "/*." + format, format, 16 * 1024));
            try {
                // Agent.caughtUp compares with the compressed size on disk: the saved offsets are uncompressed.
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 3500
                        && savedOffset(positions, a) == text(lines("a", 2000)).length
                        && savedOffset(positions, b) == text(lines("b", 1500)).length);
            } finally {
                agent.stop();
            }
            assertThat(linesOf(loki, a)).containsExactlyElementsOf(lines("a", 2000));
            assertThat(linesOf(loki, b)).containsExactlyElementsOf(lines("b", 1500));
            assertThat(loki.entryCount()).isEqualTo(3500);
            assertThat(loki.entries()).allSatisfy(e -> assertThat(e.labels()).containsEntry("job", "archives"));

        }
    }

    @Test
    void aRestartMidFileResumesAfterTheLastAcknowledgedLineNothingLostNothingTwice() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("archive"));
        Path a = logs.resolve("app.log.1.gz");
        List<String> expected = lines("a", 6000);
        writeCompressed(a, "gz", text(expected));
        Path positions = dir.resolve("positions.yaml");
        try (LokiReceiver loki = new LokiReceiver()) {
            AtomicInteger pushes = new AtomicInteger();
            loki.onPush(() -> {
                if (pushes.incrementAndGet() == 4) {
                    loki.respondWith(500); // Loki goes down after three pushes: the rest is unacknowledged
                }
            });
            Agent first = start(config(loki, logs + "/*.gz", "gz", 4096));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> pushes.get() >= 8 && savedOffset(positions, a) > 0);
            } finally {
                first.stop();
            }
            int delivered = loki.entryCount();
            long saved = savedOffset(positions, a);
            assertThat(delivered).as("stopped mid-file").isBetween(1, expected.size() - 1);
            assertThat(saved).as("the position is the end of the last acknowledged line, uncompressed")
                    .isEqualTo(text(expected.subList(0, delivered)).length);

            loki.onPush(null);
            loki.respondWith(204);
            Agent second = start(config(loki, logs + "/*.gz", "gz", 65536));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= expected.size()
                        && savedOffset(positions, a) == text(expected).length);
            } finally {
                second.stop();
            }
            assertThat(linesOf(loki, a)).containsExactlyElementsOf(expected);
            assertThat(savedOffset(positions, a)).isEqualTo(text(expected).length);
        }
    }

    /**
     * Moving from Promtail: for a compressed file Promtail's positions file holds the number of lines it read
     * (decompresser.go), not an offset. Sleipnir resumes after that many lines, as Promtail would, and from then on
     * saves its own uncompressed offset.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gz", "z"})
    void aPromtailPositionsFileCountsLinesOfACompressedFileAndReadingResumesAfterThem(String format)
            throws Exception {
        Path logs = Files.createDirectories(dir.resolve("archive"));
        Path a = logs.resolve("app.log.1." + format);
        List<String> all = lines("a", 3000);
        writeCompressed(a, format, text(all));
        Path positions = dir.resolve("positions.yaml");
        Files.writeString(positions, "positions:\n  " + a + ": \"1200\"\n"); // as Promtail 2.8 leaves it
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent agent = start(config(loki, logs + "/*." + format, format, 16 * 1024));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= all.size() - 1200
                        && savedOffset(positions, a) == text(all).length);
            } finally {
                agent.stop();
            }
            assertThat(linesOf(loki, a)).containsExactlyElementsOf(all.subList(1200, all.size()));
        }
    }

    @Test
    void aCorruptCompressedFileIsCountedAndLoggedAndTheOthersStillArrive() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("archive"));
        Path good = logs.resolve("good.gz");
        Path cut = logs.resolve("cut.gz");
        Path notGzip = logs.resolve("plain.gz");
        writeCompressed(good, "gz", text(lines("good", 1000)));
        writeCompressed(cut, "gz", text(lines("cut", 5000)));
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2)); // cut off, as by a full disk
        Files.writeString(notGzip, "this was never compressed\n");
        try (LokiReceiver loki = new LokiReceiver()) {
            Path positions = dir.resolve("positions.yaml");
            Agent agent = start(config(loki, logs + "/*.gz", "gz", 65536));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        savedOffset(positions, good) == text(lines("good", 1000)).length
                        && agent.metrics().value("sleipnir_bad_input_total", "kind", "damaged_compressed_file") == 2
                        && !linesOf(loki, cut).isEmpty()
                        && savedOffset(positions, cut) == text(linesOf(loki, cut)).length);
                assertThat(agent.metrics().value("sleipnir_bad_input_total", "kind", "damaged_compressed_file"))
                        .as("each damaged file counted once").isEqualTo(2);
            } finally {
                agent.stop();
            }
            assertThat(linesOf(loki, good)).containsExactlyElementsOf(lines("good", 1000));
            List<String> fromCut = linesOf(loki, cut);
            assertThat(fromCut).as("what came before the damage").isNotEmpty()
                    .containsExactlyElementsOf(lines("cut", 5000).subList(0, fromCut.size()));
            assertThat(linesOf(loki, notGzip)).isEmpty();
        }
    }
}
