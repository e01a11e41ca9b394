package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -stdin} through a real agent process (a separate JVM running {@code Main}, as {@link MainProcessTest}):
 * lines piped into standard input reach the receiver once, in order, with the first job's labels and pipeline, and
 * the process exits when stdin ends, 0 once they are delivered, 1 saying how many were not.
 */
class StdinProcessTest {
    @TempDir
    Path dir;

    private Path config(String lokiUrl) throws IOException {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                server:
                  http_listen_port: 0
                  graceful_shutdown_timeout: 4s
                clients:
                  - url: %s
                    batchwait: 50ms
                positions:
                  filename: %s
                scrape_configs:
                  - job_name: first
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: varlogs
                          host: h1
                          __path__: /nonexistent/*.log
                    pipeline_stages:
                      - regex:
                          expression: 'level=(?P<level>\\w+)'
                      - labels:
                          level:
                  - job_name: second
                    static_configs:
                      - labels:
                          job: skipped
                          __path__: /nonexistent/other.log
                """.formatted(lokiUrl, dir.resolve("positions.yaml")));
        return config;
    }

    private Process start(Path config) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.sleipnir.cli.Main",
                "-config.file=" + config, "-stdin"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
    }

    @Test
    @Timeout(120)
    void pipedLinesAreShippedOnceWithTheFirstJobsLabelsAndTheProcessExitsWhenStdinEnds() throws Exception {
        try (LokiReceiver loki = new LokiReceiver()) {
            Process agent = start(config(loki.url()));
            try (OutputStream in = agent.getOutputStream()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= 500; i++) {
                    b.append("level=").append(i % 50 == 0 ? "error" : "info").append(" n=").append(i)
                            .append(i == 7 ? "\r\n" : "\n");
                    if (i == 100) {
                        b.append("\n"); // an empty line is skipped, as in Promtail
                    }
                }
                b.append("level=info n=501"); // the last line without a newline is sent too
                in.write(b.toString().getBytes(StandardCharsets.UTF_8));
            }
            assertThat(agent.waitFor(90, TimeUnit.SECONDS)).as("exits once stdin ended").isTrue();
            String log = Files.readString(dir.resolve("agent.log"));
            assertThat(agent.exitValue()).as(log).isZero();
            assertThat(log).contains("too many scrape configs, skipping 1 configs.");

            List<ReceivedEntry> got = loki.entries();
            assertThat(got).hasSize(501);
            List<String> expected = new ArrayList<>();
            for (int n = 1; n <= 501; n++) {
                expected.add("level=" + (n % 50 == 0 ? "error" : "info") + " n=" + n);
            }
            assertThat(got).extracting(ReceivedEntry::line).containsExactlyInAnyOrderElementsOf(expected);
            for (String level : List.of("info", "error")) {
                List<ReceivedEntry> stream = got.stream().filter(e -> e.line().startsWith("level=" + level)).toList();
                assertThat(stream).extracting(ReceivedEntry::line).as("in order within the stream")
                        .isEqualTo(expected.stream().filter(l -> l.startsWith("level=" + level)).toList());
                for (int i = 0; i < stream.size(); i++) {
                    assertThat(stream.get(i).labels()).isEqualTo(Map.of("job", "varlogs", "host", "h1", "level", level));
                    if (i > 0) {
                        assertThat(stream.get(i).timestampNanos()).isGreaterThan(stream.get(i - 1).timestampNanos());
                    }
                }
            }
        }
    }

    @Test
    @Timeout(120)
    void linesLokiNeverTookMakeTheProcessExitWithOneSayingHowMany() throws Exception {
        try (LokiReceiver loki = new LokiReceiver()) {
            loki.respondWith(500);
            Process agent = start(config(loki.url()));
            try (OutputStream in = agent.getOutputStream()) {
                in.write("level=info one\nlevel=info two\nlevel=info three\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(agent.waitFor(90, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(dir.resolve("agent.log"));
            assertThat(agent.exitValue()).as(log).isEqualTo(1);
            assertThat(log).contains("3 lines from standard input were not delivered before stopping");
            assertThat(loki.entryCount()).isZero();
        }
    }
}
