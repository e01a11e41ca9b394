package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.BackoffConfig;
import io.sleipnir.config.ClientConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.config.LimitsConfig;
import io.sleipnir.testing.LokiReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Promtail's command-line flags: accepted in each spelling, applied over the file, or named as ignored. */
class PromtailFlagsTest {
    @TempDir
    Path dir;

    private static final String FILE = """
            server: {http_listen_address: 10.0.0.1, http_listen_port: 9080, graceful_shutdown_timeout: 30s}
            clients:
              - url: http://loki:3100/loki/api/v1/push
                external_labels: {cluster: from-file}
            positions: {filename: /var/log/positions.yaml, sync_period: 10s}
            target_config: {sync_period: 10s}
            limits_config: {max_line_size: 0, max_line_size_truncate: false}
            """;

    private static AgentConfig applied(String... args) throws Exception {
        AgentConfig config = ConfigLoader.parse(FILE, "promtail.yaml", false, Map.of());
        return FlagOverrides.apply(config, Flags.parse(List.of(args)).overrides());
    }

    @Test
    void aValueFlagMeansTheSameInEverySpelling() throws Exception {
        for (List<String> args : List.of(List.of("-positions.file", "/p.yaml"), List.of("-positions.file=/p.yaml"),
                List.of("--positions.file=/p.yaml"), List.of("--positions.file", "/p.yaml"))) {
            assertThat(applied(args.toArray(String[]::new)).positions().filename()).as("%s", args)
                    .isEqualTo(Path.of("/p.yaml"));
        }
    }

    @Test
    void booleanFlagsBareOrWithAValue() throws Exception {
        assertThat(applied("-positions.ignore-invalid-yaml").positions().ignoreInvalidYaml()).isTrue();
        assertThat(applied("--positions.ignore-invalid-yaml=true").positions().ignoreInvalidYaml()).isTrue();
        assertThat(applied("-positions.ignore-invalid-yaml=true", "-positions.ignore-invalid-yaml=false")
                .positions().ignoreInvalidYaml()).isFalse();
    }

    @Test
    void serverFlagsOverrideTheFile() throws Exception {
        AgentConfig config = applied("-server.http-listen-address=127.0.0.1", "-server.http-listen-port", "3101",
                "-server.graceful-shutdown-timeout=5s", "-server.disable", "-server.enable-runtime-reload");

        assertThat(config.server().httpListenAddress()).isEqualTo("127.0.0.1");
        assertThat(config.server().httpListenPort()).isEqualTo(3101);
        assertThat(config.server().gracefulShutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.server().disable()).isTrue();
        assertThat(config.server().enableRuntimeReload()).isTrue();
        assertThat(applied().server().httpListenPort()).as("the file without flags").isEqualTo(9080);
        assertThat(applied().server().enableRuntimeReload()).as("the file without flags").isFalse();
    }

    @Test
    void positionsTargetAndLimitFlagsOverrideTheFile() throws Exception {
        AgentConfig config = applied("-positions.sync-period=1m", "-target.sync-period=30s", "-max-line-size=256KB",
                "-max-line-size-truncate", "-max-streams=10");

        assertThat(config.positions().syncPeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.targetConfig().syncPeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.limits().maxLineSize()).isEqualTo(256 * 1024);
        assertThat(config.limits().maxLineSizeTruncate()).isTrue();
        assertThat(config.limits().maxStreams()).isEqualTo(10);
        assertThat(config.limits().maxTenants()).as("Sleipnir's own key, no flag").isEqualTo(LimitsConfig.DEFAULT_MAX_TENANTS);
    }

    @Test
    void readlineLimitFlagsOverrideTheFileInEveryForm() throws Exception {
        AgentConfig config = applied("-limit.readline-rate=100.5", "-limit.readline-burst", "200",
                "--limit.readline-rate-enabled", "-limit.readline-rate-drop=false");

        assertThat(config.limits().readline()).isEqualTo(new LimitsConfig.ReadlineRate(true, 100.5, 200, false));
        assertThat(applied().limits().readline()).as("Promtail's defaults: off, 10000/s, burst 10000, drop")
                .isEqualTo(new LimitsConfig.ReadlineRate(false, 10000, 10000, true));
        assertThatThrownBy(() -> Flags.parse(List.of("-limit.readline-burst=many")))
                .hasMessageStartingWith("invalid value \"many\" for flag -limit.readline-burst: ");
    }

    @Test
    void clientUrlAddsAClientBuiltFromTheClientFlagsAndExternalLabelsReachEveryClient() throws Exception {
        AgentConfig config = applied("-client.url=http://gateway:3100/loki/api/v1/push", "-client.tenant-id=team-a",
                "-client.batch-wait=2s", "-client.batch-size-bytes=2048", "-client.timeout=3s",
                "-client.min-backoff=1s", "-client.max-backoff=10s", "-client.max-retries=4",
                "-client.drop-rate-limited-batches", "-client.external-labels=cluster=from-flag,node=n1");

        assertThat(config.clients()).hasSize(2);
        ClientConfig fromFile = config.clients().get(0);
        assertThat(fromFile.url()).isEqualTo("http://loki:3100/loki/api/v1/push");
        assertThat(fromFile.externalLabels()).as("the client's own label wins, as in Promtail")
                .isEqualTo(Map.of("cluster", "from-file", "node", "n1"));
        assertThat(fromFile.batchWait()).as("-client.* settings shape only the flag's client")
                .isEqualTo(ClientConfig.DEFAULT_BATCH_WAIT);
        ClientConfig fromFlags = config.clients().get(1);
        assertThat(fromFlags.url()).isEqualTo("http://gateway:3100/loki/api/v1/push");
        assertThat(fromFlags.tenantId()).isEqualTo("team-a");
        assertThat(fromFlags.batchWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fromFlags.batchSize()).isEqualTo(2048);
        assertThat(fromFlags.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(fromFlags.backoff()).isEqualTo(new BackoffConfig(Duration.ofSeconds(1), Duration.ofSeconds(10), 4));
        assertThat(fromFlags.dropRateLimitedBatches()).isTrue();
        assertThat(fromFlags.externalLabels()).isEqualTo(Map.of("cluster", "from-flag", "node", "n1"));
    }

    @Test
    void flagsForWhatSleipnirHasNotGotAreAcceptedAndNamed() throws Exception {
        Flags flags = Flags.parse(List.of("-server.grpc-listen-port", "9095", "-server.http-tls-cert-path=/c.pem",
                "-server.http-listen-network=tcp", "-server.path-prefix=/promtail",
                "-server.register-instrumentation=false", "-log-config-reverse-order", "-config.file=x.yaml"));

        assertThat(flags.configFile()).as("the value after an ignored flag is not taken for a flag").isEqualTo("x.yaml");
        assertThat(flags.ignored()).containsExactly("server.grpc-listen-port", "server.http-tls-cert-path",
                "server.http-listen-network", "server.path-prefix",
                "server.register-instrumentation", "log-config-reverse-order");
        assertThat(flags.overrides()).isEmpty();
    }

    @Test
    void badValuesAreCommandLineErrorsNamingTheFlag() throws Exception {
        assertThatThrownBy(() -> Flags.parse(List.of("-client.batch-wait=soon")))
                .hasMessageStartingWith("invalid value \"soon\" for flag -client.batch-wait: ");
        assertThatThrownBy(() -> Flags.parse(List.of("-server.http-listen-port", "http")))
                .hasMessageStartingWith("invalid value \"http\" for flag -server.http-listen-port");
        assertThatThrownBy(() -> Flags.parse(List.of("-client.url=ftp://u:pw-S3CRET@host/")))
                .hasMessage("invalid value \"ftp://u:xxxxx@host/\" for flag -client.url: must be an http or https URL");
        assertThatThrownBy(() -> Flags.parse(List.of("-client.url=http://u:pw@:3100/push")))
                .hasMessage("invalid value \"http://u:xxxxx@:3100/push\" for flag -client.url: must be an http or https URL");
        assertThat(Flags.parse(List.of("-client.url=http://loki_gateway:3100/loki/api/v1/push")).overrides())
                .containsEntry("client.url", "http://loki_gateway:3100/loki/api/v1/push");
        assertThatThrownBy(() -> Flags.parse(List.of("-client.external-labels=cluster")))
                .hasMessageContaining("want name=value pairs");
        assertThatThrownBy(() -> Flags.parse(List.of("-log.format=xml")))
                .hasMessage("invalid value \"xml\" for flag -log.format: use logfmt or json");
        assertThatThrownBy(() -> Flags.parse(List.of("-positions.file")))
                .hasMessage("flag needs an argument: -positions.file");
        assertThat(Main.run(new String[] {"-max-streams=many"}, System.out, new PrintStream(new ByteArrayOutputStream()),
                Map.of())).isEqualTo(2);
    }

    @Test
    void logFormatJsonWritesOneJsonObjectPerLine() throws Exception {
        LogRecord record = new LogRecord(Level.WARNING, "push to {0} failed: \"HTTP 500\"");
        record.setParameters(new Object[] {"http://loki/push"});
        record.setLoggerName("io.sleipnir.loki.TenantSender");
        record.setThrown(new java.io.IOException("connection reset"));

        String line = new LogSetup.JsonFormatter().format(record);

        assertThat(line).endsWith(System.lineSeparator()).doesNotContain("\n" + "{");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("warn");
        assertThat(json.get("component").asText()).isEqualTo("loki.TenantSender");
        assertThat(json.get("msg").asText()).isEqualTo("push to http://loki/push failed: \"HTTP 500\"");
        assertThat(json.get("err").asText()).isEqualTo("java.io.IOException: connection reset");
        assertThat(json.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(Flags.parse(List.of("-log.format", "json")).logFormat()).isEqualTo("json");
        assertThat(Flags.parse(List.of()).logFormat()).isNull(); // then server.log_format decides
    }

    /** The Promtail Helm chart's container args (charts/promtail/templates/_pod.tpl with the config reloader on). */
    @Test
    @Timeout(120)
    void promtailHelmChartArgsStartTheAgent() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "one\ntwo\n");
        Path positions = dir.resolve("flag-positions.yaml");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        try (LokiReceiver loki = new LokiReceiver()) {
            Path config = dir.resolve("promtail.yaml");
            Files.writeString(config, """
                    server: {http_listen_port: 0}
                    clients:
                      - url: ${LOKI_URL}
                        batchwait: 20ms
                    positions: {filename: /nonexistent/positions.yaml}
                    scrape_configs:
                      - job_name: app
                        static_configs:
                          - targets: [localhost]
                            labels: {job: app, __path__: "%s/*.log"}
                    """.formatted(logs));
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // where LogSetup's handler writes
            int code;
            try {
                code = Main.run(new String[] {"-config.file=" + config, "-server.enable-runtime-reload",
                        "-config.expand-env=true", "-positions.file=" + positions, "-exit-on-eof"},
                        System.out, System.err, Map.of("LOKI_URL", loki.url()));
            } finally {
                System.setErr(stderr);
                LogSetup.configure("info");
            }

            assertThat(code).as("exit code; log:%n%s", log).isZero();
            assertThat(loki.lines()).containsExactly("one", "two");
            assertThat(Files.readString(positions)).as("-positions.file over the file's").contains("app.log: \"8\"");
            assertThat(log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("level=warn")))
                    .as("-server.enable-runtime-reload is a flag Sleipnir acts on: no warning names it").isEmpty();
        }
    }

    @Test
    @Timeout(120)
    void clientUrlFlagAloneIsEnoughWhenTheFileHasNoClients() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "one\n");
        try (LokiReceiver loki = new LokiReceiver()) {
            Path config = dir.resolve("promtail.yaml");
            Files.writeString(config, """
                    server: {http_listen_port: 0}
                    positions: {filename: %s}
                    scrape_configs:
                      - job_name: app
                        static_configs:
                          - targets: [localhost]
                            labels: {job: app, __path__: "%s/*.log"}
                    """.formatted(dir.resolve("positions.yaml"), logs));

            int code = Main.run(new String[] {"-config.file=" + config, "-client.url=" + loki.url(),
                    "-client.batch-wait=20ms", "-client.external-labels=cluster=c1", "-exit-on-eof"},
                    System.out, System.err, Map.of());

            assertThat(code).isZero();
            assertThat(loki.lines()).containsExactly("one");
            assertThat(loki.entries().get(0).labels()).containsEntry("cluster", "c1");
        }
    }
}
