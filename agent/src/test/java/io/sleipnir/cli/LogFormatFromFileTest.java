package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sleipnir.testing.LokiReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.log_format} in the file sets the agent's own log encoding, and {@code -log.format} overrides it. */
class LogFormatFromFileTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void logFormatJsonInTheFileMakesEveryLogLineAJsonObject() throws Exception {
        List<String> lines = runAndCaptureLog();

        assertThat(lines).isNotEmpty();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : lines) {
            assertThat(mapper.readTree(line).has("level")).as(line).isTrue();
        }
    }

    @Test
    @Timeout(120)
    void theLogFormatFlagOverridesTheFile() throws Exception {
        List<String> lines = runAndCaptureLog("-log.format=logfmt");

        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).contains("level="));
    }

    private List<String> runAndCaptureLog(String... extraArgs) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "one\n");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        try (LokiReceiver loki = new LokiReceiver()) {
            Path config = dir.resolve("promtail.yaml");
            Files.writeString(config, """
                    server: {http_listen_port: 0, log_format: json}
                    clients:
                      - url: %s
                        batchwait: 20ms
                    positions: {filename: %s}
                    scrape_configs:
                      - job_name: app
                        static_configs:
                          - targets: [localhost]
                            labels: {job: app, __path__: "%s/*.log"}
                    """.formatted(loki.url(), dir.resolve("positions.yaml"), logs));
            String[] args = new String[2 + extraArgs.length];
            args[0] = "-config.file=" + config;
            args[1] = "-exit-on-eof";
            System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // where LogSetup's handler writes
            int code;
            try {
                code = Main.run(args, System.out, System.err, Map.of());
            } finally {
                System.setErr(stderr);
                LogSetup.configure("info");
            }
            assertThat(code).as("exit code; log:%n%s", log).isZero();
            assertThat(loki.lines()).containsExactly("one");
        }
        return log.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
}
