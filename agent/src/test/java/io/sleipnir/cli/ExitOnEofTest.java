package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.testing.LokiReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 22: -exit-on-eof stops, and delivers every line read, also when a target matches no file, when the
 * last line has no newline, and while a stage holds part of a record (cri P fragments, a docker record without its
 * newline). Each test would hang without the fix; the per-test timeout is only a hang guard.
 */
class ExitOnEofTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path config(String url, String glob, String stages) throws Exception {
        Path file = dir.resolve("promtail.yaml");
        Files.writeString(file, """
                server:
                  disable: true
                clients:
                  - url: %s
                    batchwait: 20ms
                positions:
                  filename: %s
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: app
                          __path__: %s
                """.formatted(url, dir.resolve("positions.yaml"), glob) + stages);
        return file;
    }

    private Path dryRunConfig(String glob, String stages) throws Exception {
        return config("http://127.0.0.1:9/loki/api/v1/push", glob, stages);
    }

    @Test
    @Timeout(60)
    void aCompressedFileReadWithDecompressionIsCaughtUpAtItsUncompressedEnd() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        try (java.io.OutputStream gz = new java.util.zip.GZIPOutputStream(
                Files.newOutputStream(logs.resolve("app.log.gz")))) {
            gz.write("one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8));
        }
        Path file = dryRunConfig(logs + "/*.gz", """
                    decompression:
                      enabled: true
                      format: gz
                """);

        assertThat(run("-config.file=" + file, "-dry-run", "-exit-on-eof")).as(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(0);

        assertThat(out()).contains("\tone\n").contains("\ttwo\n").contains("\tthree\n");
    }

    @Test
    @Timeout(60)
    void aTargetMatchingNoFileIsCaughtUpOnceTheFirstScanIsDone() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "one\n");
        Files.writeString(logs.resolve("empty.log"), "");
        Path file = dryRunConfig(logs + "/{app,empty,missing}.log", """
                      - targets: [localhost]
                        labels:
                          job: none
                          __path__: %s/nothing-here/*.log
                """.formatted(logs));

        assertThat(run("-config.file=" + file, "-dry-run", "-exit-on-eof")).isEqualTo(0);

        assertThat(out()).contains("\tone\n");
    }

    @Test
    @Timeout(60)
    void noFileAtAllStopsAtOnceWithNothingPrinted() throws Exception {
        Path file = dryRunConfig(dir + "/logs/*.log", "");

        assertThat(run("-config.file=" + file, "-dry-run", "-exit-on-eof")).isEqualTo(0);

        assertThat(out()).isEmpty();
    }

    @Test
    @Timeout(60)
    void theLastLineWithoutANewlineIsDeliveredAndCounted() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("app.log");
        Files.writeString(log, "one\ntwo");
        try (LokiReceiver loki = new LokiReceiver()) {
            assertThat(run("-config.file=" + config(loki.url(), logs + "/*.log", ""), "-exit-on-eof")).isEqualTo(0);
            assertThat(loki.lines()).containsExactly("one", "two");
        }
        assertThat(Files.readString(dir.resolve("positions.yaml"))).contains(log + ": \"7\"");
    }

    @Test
    @Timeout(60)
    void pendingCriPartialsAreHandedOnAtTheEnd() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("pod.log"), """
                2023-10-10T13:55:36.1Z stdout F whole
                2023-10-10T13:55:36.2Z stdout P first half,
                2023-10-10T13:55:36.3Z stdout P second half
                """);
        Path file = dryRunConfig(logs + "/*.log", """
                    pipeline_stages:
                      - cri: {}
                """);

        assertThat(run("-config.file=" + file, "-dry-run", "-exit-on-eof")).isEqualTo(0);

        assertThat(out()).contains("\twhole\n", "\tfirst half,second half\n");
    }

    /** Docker splits a line at 16 KiB into records without "\n"; the stage holds such a record for the next one. */
    @Test
    @Timeout(60)
    void aSplitDockerRecordWhoseRestNeverCameIsHandedOnAtTheEnd() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("c-json.log");
        String first16KiB = "x".repeat(16 * 1024);
        Files.writeString(log, """
                {"log":"done\\n","stream":"stdout","time":"2023-10-10T13:55:36.1Z"}
                {"log":"%s","stream":"stdout","time":"2023-10-10T13:55:36.2Z"}
                """.formatted(first16KiB));
        try (LokiReceiver loki = new LokiReceiver()) {
            Path file = config(loki.url(), logs + "/*.log", """
                        pipeline_stages:
                          - docker: {}
                    """);
            assertThat(run("-config.file=" + file, "-exit-on-eof")).isEqualTo(0);
            assertThat(loki.lines()).hasSize(2).last().isEqualTo(first16KiB);
        }
        assertThat(Files.readString(dir.resolve("positions.yaml"))).contains(log + ": \"" + Files.size(log) + "\"");
    }
}
