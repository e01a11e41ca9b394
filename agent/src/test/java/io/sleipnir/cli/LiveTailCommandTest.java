package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.model.Labels;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** -tail against a running agent (a separate process), and -dry-run.query for -dry-run and -inspect. */
class LiveTailCommandTest {
    private static final String LINES = """
            level=info msg="order placed" id=1
            level=error msg="payment declined" id=2
            level=error msg="stock low" id=3
            level=info msg="payment retried" id=4
            level=error msg="payment declined" id=5
            level=error msg="payment timeout" id=6
            """;

    @TempDir
    Path dir;

    private Path config(String url, Path log, boolean server) throws Exception {
        Path file = dir.resolve("sleipnir.yaml");
        Files.writeString(file, """
                server:
                  disable: %s
                  http_listen_address: 127.0.0.1
                  http_listen_port: 0
                clients:
                  - url: %s
                    batchwait: 20ms
                positions:
                  filename: %s
                scrape_configs:
                  - job_name: shop
                    static_configs:
                      - targets: [localhost]
                        labels:
                          job: shop
                          __path__: %s
                    pipeline_stages:
                      - logfmt: {mapping: {level: ""}}
                      - labels: {level: ""}
                """.formatted(!server, url, dir.resolve("positions.yaml"), log));
        return file;
    }

    @Test
    @Timeout(90)
    void tailPrintsTheMatchingEntriesOfARunningAgentAsDryRunDoes() throws Exception {
        Path log = dir.resolve("order.log");
        Files.createFile(log);
        try (LokiReceiver loki = new LokiReceiver()) {
            AgentConfig config = ConfigLoader.load(config(loki.url(), log, true), false, Map.of(), true);
            Agent agent = Agent.start(config, new Agent.Options(false, System.out, Clock.systemUTC()));
            Process tail = null;
            try {
                Path output = dir.resolve("tail.out");
                tail = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m", "-cp", System.getProperty("java.class.path"), "io.sleipnir.cli.Main",
                        "-tail={level=\"error\"} |= \"payment\"", "-tail.addr=127.0.0.1:" + agent.httpPort(),
                        "-tail.limit=3")
                        .redirectOutput(output.toFile()).redirectError(dir.resolve("tail.err").toFile()).start();
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.liveTail().open().size() == 1);
                Files.writeString(log, LINES);
                assertThat(tail.waitFor(60, TimeUnit.SECONDS)).as("-tail stops after -tail.limit entries").isTrue();
                assertThat(tail.exitValue()).isZero();

                await().atMost(Duration.ofSeconds(10)).until(() -> loki.entryCount() >= 6);
                List<String> expected = new ArrayList<>();
                for (ReceivedEntry e : loki.entries()) {
                    if (e.line().startsWith("level=error msg=\"payment")) {
                        expected.add(DryRunPrinter.format(e.timestampNanos(), Labels.of(e.labels()), e.line(),
                                Labels.empty()).stripTrailing());
                    }
                }
                assertThat(expected).hasSize(3);
                assertThat(Files.readAllLines(output)).containsExactlyElementsOf(expected);
                assertThat(Files.readString(output)).contains("\t{filename=\"" + log + "\", job=\"shop\", level=\"error\"}\t"
                        + "level=error msg=\"payment declined\" id=2");
            } finally {
                if (tail != null) {
                    tail.destroy();
                }
                agent.stop();
            }
        }
    }

    @Test
    void tailOfAnAgentThatIsNotThereSaysSoAndExits1() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"-tail={job=\"x\"}", "-tail.addr=127.0.0.1:9"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("cannot tail the agent at 127.0.0.1:9: ");
    }

    @Test
    @Timeout(60)
    void dryRunQueryShowsOnlyTheMatchingEntriesAndTheirInspectBlocks() throws Exception {
        Path log = dir.resolve("order.log");
        Files.writeString(log, LINES);
        Path config = config("http://127.0.0.1:9/loki/api/v1/push", log, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"-config.file=" + config, "-dry-run", "-exit-on-eof",
                "-dry-run.query={level=\"error\"} |= \"payment\" != \"timeout\""},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of());
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().map(l -> l.substring(l.lastIndexOf('\t') + 1)))
                .containsExactly("level=error msg=\"payment declined\" id=2", "level=error msg=\"payment declined\" id=5");

        ByteArrayOutputStream inspected = new ByteArrayOutputStream();
        code = Main.run(new String[] {"-config.file=" + config, "-inspect", "-exit-on-eof",
                "-dry-run.query={level=\"error\"} |= \"id=5\""},
                new PrintStream(inspected, true, StandardCharsets.UTF_8), System.err, Map.of());
        assertThat(code).isZero();
        String text = inspected.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> l.startsWith("[inspect] job=shop entry"))).hasSize(1)
                .allSatisfy(l -> assertThat(l).endsWith("\"level=error msg=\\\"payment declined\\\" id=5\""));
        assertThat(text.lines().filter(l -> !l.startsWith("[inspect]")))
                .singleElement().satisfies(l -> assertThat(l).endsWith("level=error msg=\"payment declined\" id=5"));
        assertThat(text).contains("[inspect]   labels: labels +level=\"error\"");
    }
}
