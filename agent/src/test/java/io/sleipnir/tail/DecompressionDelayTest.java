package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.config.DecompressionConfig;
import io.sleipnir.config.PositionsConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.positions.PositionsFile;
import io.sleipnir.testing.MutableClock;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promtail's {@code initial_delay}: a compressed file found while its compressor may still be writing it is read
 * only once the delay has passed since it was found, on the injected clock; a plain target beside it is not held.
 */
@Timeout(60)
class DecompressionDelayTest {
    @TempDir
    Path dir;

    private static List<String> numbered(String prefix, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private static byte[] text(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aNewCompressedFileWaitsOutItsInitialDelayThenIsReadOnce() throws Exception {
        Path plain = dir.resolve("app.log");
        Files.write(plain, text(numbered("plain", 10)));
        Path gz = dir.resolve("app.log.1.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text(numbered("gz", 300)));
        }
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
        CollectingSink sink = new CollectingSink(true);
        AgentMetrics metrics = new AgentMetrics();
        PositionsFile positions = PositionsFile.open(
                new PositionsConfig(dir.resolve("positions.yaml"), Duration.ofSeconds(10), false), false, metrics);
        TailManager manager = new TailManager(TailHarness.settings(1 << 20, false, 64 * 1024), positions, metrics,
                clock, FileOpener.DEFAULT);
        DecompressionConfig delayed = new DecompressionConfig(true, Duration.ofMinutes(1), DecompressionConfig.Format.GZ);
        manager.setTargets(List.of(
                new FileTarget(dir + "/*.log", List.of(), Labels.of("job", "plain"), sink),
                new FileTarget(dir + "/*.gz", List.of(), Labels.of("job", "archive"), sink, delayed)));
        manager.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.linesOf(plain.toString()).size() == 10);
            clock.advance(Duration.ofSeconds(30)); // half the delay: the globs are walked again, the file held
            Files.write(plain, text(numbered("more", 5)), StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                clock.advance(Duration.ofMillis(10)); // lets the reader's poll timers and the sync period elapse
                return sink.linesOf(plain.toString()).size() == 15;
            });
            assertThat(sink.linesOf(gz.toString())).as("still within its initial_delay").isEmpty();

            clock.advance(Duration.ofSeconds(31));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                clock.advance(Duration.ofMillis(10));
                return sink.linesOf(gz.toString()).size() >= 300;
            });
            assertThat(sink.linesOf(gz.toString())).containsExactlyElementsOf(numbered("gz", 300));
        } finally {
            manager.close();
            positions.close();
        }
    }
}
