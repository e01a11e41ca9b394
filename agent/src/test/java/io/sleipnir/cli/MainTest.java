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
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes and the one line that says what is wrong. */
class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("LOKI_HOST", "127.0.0.1"));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path config(String yaml) throws Exception {
        Path file = dir.resolve("promtail.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private String validConfig(String url, Path logs) {
        return """
                server:
                  http_listen_port: 0
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
                          __path__: %s/*.log
                """.formatted(url, dir.resolve("positions.yaml"), logs);
    }

    @Test
    void unknownKeyFailsWithItsLocation() throws Exception {
        Path file = config("""
                server:
                  http_listen_port: 9080
                clients:
                  - url: http://localhost:3100/loki/api/v1/push
                    batch_wait: 1s
                """);
        assertThat(run("-config.file=" + file)).isEqualTo(1);
        assertThat(err().strip()).isEqualTo(file + ":5:5: clients[0].batch_wait: unknown key \"batch_wait\""
                + " (did you mean \"batchwait\"?)");
    }

    @Test
    void wrongTypeFailsWithItsLocation() throws Exception {
        Path file = config("""
                server:
                  http_listen_port: nine
                clients:
                  - url: http://localhost:3100/loki/api/v1/push
                """);
        assertThat(run("-config.file", file.toString())).isEqualTo(1);
        assertThat(err().lines()).hasSize(1);
        assertThat(err()).startsWith(file + ":2:21: server.http_listen_port: ");
    }

    @Test
    void badDurationFailsWithItsLocation() throws Exception {
        Path file = config("""
                clients:
                  - url: http://localhost:3100/loki/api/v1/push
                    batchwait: 1x
                """);
        assertThat(run("-config.file=" + file)).isEqualTo(1);
        assertThat(err().strip()).isEqualTo(file + ":3:16: clients[0].batchwait: invalid duration \"1x\""
                + " (use Go syntax such as 500ms, 10s, 1m30s)");
    }

    @Test
    void checkSyntaxAcceptsAGoodConfig() throws Exception {
        Path file = config(validConfig("http://${LOKI_HOST}:3100/loki/api/v1/push", dir));
        assertThat(run("-config.file=" + file, "-config.expand-env=true", "-check-syntax")).isEqualTo(0);
        assertThat(out().strip()).isEqualTo("Valid config file! No syntax issues found");
    }

    @Test
    void unknownFlagIsAUsageError() {
        assertThat(run("-config.fil=x.yaml")).isEqualTo(2);
        assertThat(err()).startsWith("flag provided but not defined: -config.fil");
    }

    @Test
    void missingConfigFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");
        assertThat(run("-config.file=" + missing)).isEqualTo(1);
        assertThat(err().strip()).contains(missing.toString()).contains("cannot read");
    }

    @Test
    void versionPrintsTheVersionGitRevisionAndBuildDateFromTheBuild() throws Exception {
        assertThat(run("-version")).isEqualTo(0);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("""
                sleipnir, version (\\d+\\.\\d+\\.\\d+\\S*) \\(revision: ([0-9a-f]{7,}|unknown)\\)
                  build date:       (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ|unknown)
                  java version:     \\S+
                  platform:         \\S+/\\S+
                """).matcher(out());
        assertThat(m.matches()).as(out()).isTrue();
        // Built from a git checkout (as here): the revision is the commit being built, and the date is known.
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (git.waitFor() == 0) {
            assertThat(head).startsWith(m.group(2));
            assertThat(m.group(3)).isNotEqualTo("unknown");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void exitOnEofStopsNamingTheRedactedUrlWhenLokiCannotBeReached() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "hello\n");
        Path file = config(validConfig("http://user:pw-s3cret@127.0.0.1:" + port + "/loki/api/v1/push", logs));

        assertThat(run("-config.file=" + file, "-exit-on-eof")).isEqualTo(1);

        assertThat(err()).contains("cannot reach Loki at http://user:xxxxx@127.0.0.1:" + port + "/loki/api/v1/push:"
                + " connection refused (no push has worked for 10s); stopping. Undelivered lines are read again at"
                + " the next start.").doesNotContain("pw-s3cret");
        assertThat(Files.readString(dir.resolve("positions.yaml"))).doesNotContain("app.log: \"6\"");
    }

    @Test
    void truncatedPositionsFileFailsStartUpClearly() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("positions.yaml"), "positions:\n  /var/log/a.log: \"12");
        Path file = config(validConfig("http://127.0.0.1:9/loki/api/v1/push", logs));
        assertThat(run("-config.file=" + file)).isEqualTo(1);
        assertThat(err().strip()).startsWith("positions file " + dir.resolve("positions.yaml") + " is corrupt: ")
                .endsWith("; set positions.ignore_invalid_yaml: true to start afresh");
    }

    @Test
    void nulFilledPositionsFileFailsStartUpClearly() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.write(dir.resolve("positions.yaml"), new byte[512]);
        Path file = config(validConfig("http://127.0.0.1:9/loki/api/v1/push", logs));
        assertThat(run("-config.file=" + file)).isEqualTo(1);
        assertThat(err().strip()).isEqualTo("positions file " + dir.resolve("positions.yaml")
                + " is corrupt: it contains NUL bytes; set positions.ignore_invalid_yaml: true to start afresh");
    }

    @Test
    void corruptPositionsFileIsReplacedWhenToldToIgnoreIt() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("app.log");
        Files.writeString(log, "one\ntwo\n");
        Files.write(dir.resolve("positions.yaml"), new byte[512]);
        try (LokiReceiver loki = new LokiReceiver()) {
            Path file = config(validConfig(loki.url(), logs).replace("positions:\n",
                    "positions:\n  ignore_invalid_yaml: true\n  sync_period: 50ms\n"));
            assertThat(run("-config.file=" + file, "-exit-on-eof")).isEqualTo(0);
            assertThat(loki.lines()).containsExactly("one", "two");
        }
        assertThat(Files.readString(dir.resolve("positions.yaml"))).contains(log + ": \"8\"");
    }

    @Test
    void dryRunPrintsLabelledEntriesAndWritesNoPositions() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "hello\n");
        Path file = config(validConfig("http://127.0.0.1:9/loki/api/v1/push", logs));
        assertThat(run("-config.file=" + file, "-dry-run", "-exit-on-eof")).isEqualTo(0);
        assertThat(out()).contains("\t{filename=\"" + logs.resolve("app.log") + "\", job=\"app\"}\thello");
        assertThat(dir.resolve("positions.yaml")).doesNotExist();
    }

    /**
     * Issue 8 item 12: an entry that labelallow leaves without labels is dropped by the push (Loki refuses a stream
     * {} with a 400 for the whole batch) and -dry-run agrees: neither ships nor prints it (README, What differs).
     */
    @Test
    void anEntryLeftWithoutLabelsIsNeitherPushedNorPrintedByTheDryRun() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "level=info one\norphan\nlevel=warn two\n");
        String stages = """
                    pipeline_stages:
                      - regex: {expression: 'level=(?P<level>\\w+)'}
                      - labels: {level: }
                      - labelallow: [level]
                """;
        try (LokiReceiver loki = new LokiReceiver()) {
            Path file = config(validConfig(loki.url(), logs) + stages);
            assertThat(run("-config.file=" + file, "-exit-on-eof")).isEqualTo(0);
            assertThat(loki.lines()).containsExactly("level=info one", "level=warn two");
        }
        Files.deleteIfExists(dir.resolve("positions.yaml"));
        Path file = config(validConfig("http://127.0.0.1:9/loki/api/v1/push", logs) + stages);
        assertThat(run("-config.file=" + file, "-dry-run", "-exit-on-eof")).isEqualTo(0);
        assertThat(out()).contains("\t{level=\"info\"}\tlevel=info one\n", "\t{level=\"warn\"}\tlevel=warn two\n")
                .doesNotContain("orphan");
    }

    @Test
    void checkSyntaxAcceptsPromtailsDocumentedPushApiExampleUnchanged() {
        // Promtail's "Example Push Config", as its configuration docs show it (gRPC port included).
        int code = run("-config.file=src/test/resources/config/promtail-push-example.yaml", "-check-syntax");
        assertThat(err()).isEmpty();
        assertThat(out()).isEqualTo("Valid config file! No syntax issues found\n");
        assertThat(code).isZero();
    }
}
