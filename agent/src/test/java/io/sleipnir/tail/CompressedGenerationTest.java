package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.model.EntrySink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation compressed before it was read to its end (the kubelet's {@code 0.log.<time>.gz}): real gzip files,
 * read through {@link CompressedGeneration}, and the tailer lagging across two rotations and a compression.
 */
@Timeout(60)
class CompressedGenerationTest {
    @TempDir
    Path dir;
    private int rotations;

    private static List<String> numbered(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    private static void append(Path file, List<String> lines) throws IOException {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        Files.writeString(file, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static Path gzip(Path dir, String name, byte[] content) throws IOException {
        Path gz = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(content);
        }
        return gz;
    }

    /** As the kubelet: compress the rotated files but the newest, rename the log, start a new one. */
    private void kubeletRotate(Path log) throws IOException {
        try (Stream<Path> siblings = Files.list(log.getParent())) {
            for (Path rotated : siblings.filter(p -> p.getFileName().toString().matches("0\\.log\\.\\d{8}-\\d{6}"))
                    .toList()) {
                gzip(rotated.getParent(), rotated.getFileName() + ".tmp", Files.readAllBytes(rotated));
                Files.move(Path.of(rotated + ".tmp"), Path.of(rotated + ".gz"));
                Files.delete(rotated);
            }
        }
        Files.move(log, log.resolveSibling("0.log.20261201-1015" + String.format("%02d", rotations++)));
        Files.createFile(log);
    }

    @Test
    void readsTheUncompressedBytesFromAnyOffsetAndItsSizeIsExactAtTheEnd() throws Exception {
        byte[] content = String.join("\n", numbered("line", 0, 20_000)).getBytes(StandardCharsets.UTF_8);
        Path gz = gzip(dir, "a.log.1.gz", content);
        try (CompressedGeneration ch = new CompressedGeneration(FileChannel.open(gz), e -> { })) {
            assertThat(ch.size()).as("the gzip trailer's size before the end").isEqualTo(content.length);
            ByteBuffer b = ByteBuffer.allocate(100);
            assertThat(ch.read(b, 70_000)).isEqualTo(100);
            assertThat(new String(b.array(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(content, 70_000, 100, StandardCharsets.UTF_8));
            b.clear();
            assertThat(ch.read(b, 5)).as("backwards starts over").isEqualTo(100);
            assertThat(new String(b.array(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(content, 5, 100, StandardCharsets.UTF_8));
            b.clear();
            assertThat(ch.read(b, content.length)).isEqualTo(-1);
            assertThat(ch.size()).isEqualTo(content.length);
        }
    }

    @Test
    void aCutOffStreamEndsWhereTheDamageStartsAndIsReportedOnce() throws Exception {
        byte[] content = String.join("\n", numbered("line", 0, 50_000)).getBytes(StandardCharsets.UTF_8);
        Path gz = gzip(dir, "a.log.1.gz", content);
        byte[] whole = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2));
        List<IOException> damage = new ArrayList<>();
        try (CompressedGeneration ch = new CompressedGeneration(FileChannel.open(gz), damage::add)) {
            ByteBuffer b = ByteBuffer.allocate(8192);
            long at = 0;
            for (int n; (n = ch.read(b.clear(), at)) > 0; ) {
                assertThat(new String(b.array(), 0, n, StandardCharsets.UTF_8))
                        .isEqualTo(new String(content, (int) at, n, StandardCharsets.UTF_8));
                at += n;
            }
            assertThat(at).isPositive().isLessThan(content.length);
            assertThat(ch.read(b.clear(), at)).isEqualTo(-1);
            assertThat(ch.size()).isEqualTo(at);
        }
        assertThat(damage).hasSize(1);
    }

    @Test
    void aReaderBlockedAcrossTwoRotationsAndACompressionReadsEveryGenerationOnce() throws Exception {
        Path log = Files.createDirectories(dir.resolve("pod")).resolve("0.log");
        append(log, numbered("A", 0, 100));
        Semaphore gate = new Semaphore(0);
        CollectingSink sink = new CollectingSink(true);
        EntrySink blocking = entry -> {
            if (entry.line().equals("A5")) {
                gate.acquire();
            }
            sink.accept(entry);
        };
        try (TailHarness h = new TailHarness(dir.resolve("positions.yaml"), TailHarness.settings(1 << 20, false, 256),
                blocking, FileOpener.DEFAULT, List.of(log.toString()), List.of())) {
            await().atMost(Duration.ofSeconds(20)).until(gate::hasQueuedThreads);
            append(log, numbered("A", 100, 200));
            kubeletRotate(log);                       // A -> 0.log.20261201-101500
            append(log, numbered("B", 0, 100));
            kubeletRotate(log);                       // A compressed, its name deleted; B -> 0.log.20261201-101501
            append(log, numbered("C", 0, 100));
            gate.release();
            List<String> expected = new ArrayList<>(numbered("A", 0, 200));
            expected.addAll(numbered("B", 0, 100));
            expected.addAll(numbered("C", 0, 100));
            await().atMost(Duration.ofSeconds(20)).until(() -> sink.size() >= expected.size()
                    && Long.valueOf(Files.size(log)).equals(offset(h, log)));
            assertThat(sink.lines()).containsExactlyElementsOf(expected);
        }
    }

    private static Long offset(TailHarness h, Path log) {
        var saved = h.positions.get(log.toString());
        return saved == null ? null : saved.offset();
    }
}
