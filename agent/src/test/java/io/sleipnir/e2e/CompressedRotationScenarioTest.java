package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet rotates {@code 0.log} to {@code 0.log.<time>} and, at the next rotation, compresses that one to
 * {@code 0.log.<time>.gz} (a new inode) and deletes it. When the agent lagged or was down across both, the rest of
 * the first generation, and the generation after it, are still read, each line once (loki#5956). Real files, the
 * kubelet's steps done here as it does them (gzip to a temporary file, rename, delete the original).
 */
@Timeout(180)
class CompressedRotationScenarioTest {
    @TempDir
    Path dir;
    private int rotations;

    private Path log() throws IOException {
        return Files.createDirectories(dir.resolve("pods/ns_pod_uid/app")).resolve("0.log");
    }

    private AgentConfig config(LokiReceiver loki, Path log, int batchSize) throws Exception {
        return ConfigLoader.parse(ScenarioConfig.staticJob("pods", log.toString(), loki.url(), dir.resolve("positions.yaml"))
                .batch("20ms", batchSize)
                .backoff("10ms", "100ms", 1_000_000)
                .positionsSyncPeriod("50ms")
                .targetSyncPeriod("100ms")
                .pollFrequency("10ms", "50ms")
                .stages("[]")
                .yaml(), "scenario.yaml", false, Map.of());
    }

    private static Agent start(AgentConfig config) throws Exception {
        return Agent.start(config, new Agent.Options(false, System.out, Clock.systemUTC()));
    }

    private static String line(String generation, int seq) {
        return generation + " seq=" + seq + " " + "x".repeat(40);
    }

    private static void write(Path log, String generation, int from, int to) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append(line(generation, i)).append('\n');
        }
        Files.writeString(log, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> lines(String generation, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(line(generation, i));
        }
        return out;
    }

    /** The kubelet's rotation: compress every rotated file but the newest, then rename the log and start a new one. */
    private Path kubeletRotate(Path log) throws IOException {
        try (Stream<Path> siblings = Files.list(log.getParent())) {
            for (Path rotated : siblings.filter(p -> p.getFileName().toString().matches("0\\.log\\.\\d{8}-\\d{6}"))
                    .toList()) {
                Path tmp = Path.of(rotated + ".tmp");
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
                    Files.copy(rotated, out);
                }
                Files.move(tmp, Path.of(rotated + ".gz"));
                Files.delete(rotated);
            }
        }
        Path rotated = log.resolveSibling("0.log.20261201-1015" + String.format("%02d", rotations++));
        Files.move(log, rotated);
        Files.createFile(log);
        return rotated;
    }

    private static List<String> received(LokiReceiver loki) {
        return loki.entries().stream().map(ReceivedEntry::line).toList();
    }

    @Test
    void downAcrossRotateAndGzipTheRestIsReadFromTheGzThenTheNextGenerationsNothingLostNothingTwice() throws Exception {
        Path log = log();
        try (LokiReceiver loki = new LokiReceiver()) {
            write(log, "A", 0, 100);
            Agent first = start(config(loki, log, 65536));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() == 100 && first.caughtUp());
            } finally {
                first.stop();
            }
            assertThat(Files.readString(dir.resolve("positions.yaml.sleipnir.yaml")))
                    .as("the first bytes' print is kept, beside the positions file").contains("prints:");

            write(log, "A", 100, 200);               // written while we are down: the rest of generation A
            kubeletRotate(log);                      // A -> 0.log.20261201-101500
            write(log, "B", 0, 100);
            Path rotatedB = kubeletRotate(log);      // A compressed to .gz (new inode, original deleted); B -> 0.log.<t>
            write(log, "C", 0, 100);
            assertThat(log.resolveSibling("0.log.20261201-101500")).doesNotExist();
            assertThat(log.resolveSibling("0.log.20261201-101500.gz")).exists();
            assertThat(rotatedB).exists();

            Agent second = start(config(loki, log, 65536));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 400 && second.caughtUp());
            } finally {
                second.stop();
            }
            List<String> expected = new ArrayList<>(lines("A", 0, 200));
            expected.addAll(lines("B", 0, 100));
            expected.addAll(lines("C", 0, 100));
            assertThat(received(loki)).containsExactlyElementsOf(expected);
            assertThat(loki.entries()).allSatisfy(e -> assertThat(e.labels()).containsEntry("filename", log.toString()));
            assertThat(Files.readString(dir.resolve("positions.yaml")))
                    .contains(log + ": \"" + Files.size(log) + "\"");
        }
    }

    @Test
    void laggedAcrossRotateAndGzipEveryLineArrivesExactlyOnce() throws Exception {
        Path log = log();
        try (LokiReceiver loki = new LokiReceiver()) {
            loki.respondWith(500); // Loki down: the client's budget fills and the file is paused mid-generation
            write(log, "A", 0, 3000);
            long sizeA = Files.size(log);
            Agent agent = start(config(loki, log, 4096));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.requests().size() >= 3);
                double read = agent.metrics().value("promtail_read_bytes_total", "path", log.toString());
                assertThat(read).as("the reader lags: paused well before the end of A").isLessThan(sizeA);

                kubeletRotate(log);
                write(log, "B", 0, 100);
                kubeletRotate(log);                  // A's name compressed away; B renamed
                write(log, "C", 0, 100);
                loki.respondWith(204);

                await().atMost(Duration.ofSeconds(120)).until(() -> loki.entryCount() >= 3200 && agent.caughtUp());
            } finally {
                agent.stop();
            }
            List<String> expected = new ArrayList<>(lines("A", 0, 3000));
            expected.addAll(lines("B", 0, 100));
            expected.addAll(lines("C", 0, 100));
            assertThat(received(loki)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aTruncatedGzIsCountedAndLoggedAndTheNextGenerationsStillArrive() throws Exception {
        Path log = log();
        try (LokiReceiver loki = new LokiReceiver()) {
            write(log, "A", 0, 100);
            Agent first = start(config(loki, log, 65536));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() == 100 && first.caughtUp());
            } finally {
                first.stop();
            }
            write(log, "A", 100, 2000);
            kubeletRotate(log);
            write(log, "B", 0, 100);
            kubeletRotate(log);
            write(log, "C", 0, 100);
            Path gz = log.resolveSibling("0.log.20261201-101500.gz");
            byte[] whole = Files.readAllBytes(gz);
            Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2)); // cut off, as by a full disk

            Agent second = start(config(loki, log, 65536));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> second.caughtUp()
                        && received(loki).containsAll(lines("C", 0, 100)));
                assertThat(second.metrics().value("sleipnir_bad_input_total", "kind", "damaged_compressed_file"))
                        .isEqualTo(1);
            } finally {
                second.stop();
            }
            List<String> got = received(loki);
            assertThat(got).doesNotHaveDuplicates();
            List<String> ofA = got.stream().filter(l -> l.startsWith("A ")).toList();
            assertThat(ofA.size()).as("what came before the damage").isBetween(101, 1999);
            List<String> fullA = ofA.subList(0, ofA.size() - 1);
            assertThat(fullA).containsExactlyElementsOf(lines("A", 0, fullA.size()));
            assertThat(line("A", fullA.size())).as("the last one may be cut where the damage starts")
                    .startsWith(ofA.get(ofA.size() - 1));
            assertThat(got.subList(ofA.size(), got.size())).containsExactlyElementsOf(
                    Stream.concat(lines("B", 0, 100).stream(), lines("C", 0, 100).stream()).toList());
        }
    }
}
