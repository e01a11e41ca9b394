package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.pipeline.CriStage;
import io.sleipnir.pipeline.DockerStage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String MINIMAL = "clients:\n  - url: http://loki:3100/loki/api/v1/push\n";

    private static AgentConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "promtail.yaml", false, Map.of());
    }

    private static String error(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void anEmptyLabelValueIsTheEmptyStringAsInPromtail() throws Exception {
        AgentConfig config = ConfigLoader.parse("""
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - labels:
                          __path__: /var/log/app/*.log
                          namespace: ${POD_NAMESPACE}
                          app:
                """, "sidecar.yaml", true, Map.of(), false);
        assertThat(config.scrapeConfigs().get(0).staticConfigs().get(0).labels())
                .containsEntry("namespace", "").containsEntry("app", "");
    }

    @Test
    void fullPromtailConfigBindsToRecords() throws Exception {
        Path file = Path.of(getClass().getResource("/config/promtail-full.yaml").toURI());
        AgentConfig config = ConfigLoader.load(file, false, Map.of());

        assertThat(config.server()).isEqualTo(new ServerConfig(false, "127.0.0.1", 9080, Duration.ofSeconds(5),
                "debug", false, "logfmt"));
        assertThat(config.positions()).isEqualTo(new PositionsConfig(Path.of("/tmp/positions.yaml"),
                Duration.ofSeconds(15), true));
        assertThat(config.clients()).containsExactly(
                new ClientConfig("http://loki:3100/loki/api/v1/push", "primary", "team-a", Duration.ofMillis(500),
                        256 * 1024, Duration.ofSeconds(90),
                        new BackoffConfig(Duration.ofSeconds(1), Duration.ofMinutes(2), 20),
                        Map.of("cluster", "prod", "region", "eu-west-1"), Map.of("X-Extra", "yes"),
                        new ClientConfig.BasicAuth("promtail", "s3cret", null), null, null,
                        new ClientConfig.TlsConfig("/etc/ca.pem", "/etc/cert.pem", "/etc/key.pem", "loki.internal", true),
                        true),
                new ClientConfig("https://backup.example.com/loki/api/v1/push", "backup", "",
                        ClientConfig.DEFAULT_BATCH_WAIT, 2 * 1024 * 1024, ClientConfig.DEFAULT_TIMEOUT,
                        BackoffConfig.defaults(), Map.of(), Map.of(), null, null, "/var/run/token", null, false),
                ClientConfig.defaults("http://legacy:3100/loki/api/v1/push"));
        assertThat(config.scrapeConfigs()).containsExactly(
                new ScrapeConfig("pods",
                        List.of(new StaticConfig(List.of("localhost"),
                                Map.of("job", "pods", "__path__", "/var/log/pods/*/*/*.log"))),
                        List.of(new CriStage.Config(50, 64 * 1024, true), new DockerStage.Config())),
                new ScrapeConfig("system",
                        List.of(new StaticConfig(List.of("localhost"),
                                Map.of("job", "varlogs", "__path__", "/var/log/*.log"))),
                        List.of()));
        assertThat(config.limits()).isEqualTo(new LimitsConfig(1024 * 1024, true, 500, 50));
        assertThat(config.targetConfig()).isEqualTo(new TargetConfig(Duration.ofSeconds(30)));
        assertThat(config.global()).isEqualTo(new GlobalConfig(Duration.ofMillis(100), Duration.ofSeconds(2)));
    }

    @Test
    void absentKeysGetPromtailDefaults() throws Exception {
        AgentConfig config = parse(MINIMAL + "scrape_configs:\n  - job_name: a\n    static_configs: []\n"
                + "    pipeline_stages:\n      - cri: {}\n      - cri:\n      - docker:\n");

        assertThat(config.server()).isEqualTo(ServerConfig.defaults());
        assertThat(config.server()).isEqualTo(new ServerConfig(false, "0.0.0.0", 80, Duration.ofSeconds(30), "info", true,
                "logfmt"));
        assertThat(config.clients()).containsExactly(ClientConfig.defaults("http://loki:3100/loki/api/v1/push"));
        assertThat(config.clients().get(0).batchWait()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.clients().get(0).batchSize()).isEqualTo(1_048_576);
        assertThat(config.clients().get(0).backoff())
                .isEqualTo(new BackoffConfig(Duration.ofMillis(500), Duration.ofMinutes(5), 10));
        assertThat(config.positions()).isEqualTo(new PositionsConfig(Path.of("/var/log/positions.yaml"),
                Duration.ofSeconds(10), false));
        assertThat(config.scrapeConfigs().get(0).pipelineStages()).containsExactly(
                new CriStage.Config(100, 0, false), new CriStage.Config(100, 0, false), new DockerStage.Config());
        assertThat(config.limits()).isEqualTo(new LimitsConfig(0, false));
        assertThat(config.targetConfig()).isEqualTo(new TargetConfig(Duration.ofSeconds(10)));
        assertThat(config.global()).isEqualTo(new GlobalConfig(Duration.ofMillis(250), Duration.ofMillis(250)));
    }

    @Test
    void nullValuesMeanDefaults() throws Exception {
        AgentConfig config = parse("server:\n  log_level:\n" + MINIMAL + "    batchwait:\npositions:\n");

        assertThat(config.server().logLevel()).isEqualTo("info");
        assertThat(config.clients().get(0).batchWait()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.positions()).isEqualTo(PositionsConfig.defaults());
    }

    @Test
    void yaml11BooleansReadAsGoYamlV2ReadsThem() throws Exception {
        AgentConfig config = parse("server:\n  disable: yes\n  health_check_target: off\n" + MINIMAL);

        assertThat(config.server().disable()).isTrue();
        assertThat(config.server().healthCheckTarget()).isFalse();
    }

    @Test
    void quotedEmptyStringIsNotNull() throws Exception {
        AgentConfig config = parse(MINIMAL + "    tenant_id: \"\"\n    name: ''\n");

        assertThat(config.clients().get(0).tenantId()).isEmpty();
    }

    @Test
    void ignoredServerKeysAreAcceptedAndNamed() throws Exception {
        AgentConfig config = parse("server:\n  grpc_listen_port: 0\n  register_instrumentation: true\n"
                + "  grpc_server_keepalive_time: 2h0m0s\n  http_server_read_timeout: 30s\n" + MINIMAL);

        assertThat(config.server()).isEqualTo(ServerConfig.defaults());
        assertThat(ServerBinder.SERVER_KEYS_WITHOUT_EFFECT).contains("grpc_listen_port", "register_instrumentation");
    }

    @Test
    void deprecatedClientIsAppendedAfterClients() throws Exception {
        AgentConfig config = parse("client:\n  url: http://b/push\nclients:\n  - url: http://a/push\n");

        assertThat(config.clients()).extracting(ClientConfig::url).containsExactly("http://a/push", "http://b/push");
    }

    @Test
    void clientsMayBeOmittedWhenNotRequired() throws Exception {
        AgentConfig config = ConfigLoader.parse("server:\n  http_listen_port: 0\n", "x.yaml", false, Map.of(), false);

        assertThat(config.clients()).isEmpty();
        assertThat(config.server().httpListenPort()).isZero();
    }

    @Test
    void emptyDocumentNeedsAClient() {
        assertThat(error("")).isEqualTo("promtail.yaml:1:1: clients: at least one client with a url is required");
        assertThat(error("clients: []\n"))
                .isEqualTo("promtail.yaml:1:1: clients: at least one client with a url is required");
    }

    @Test
    void tracingAndWalAreAcceptedOnlyWhenDisabled() throws Exception {
        parse(MINIMAL + "tracing:\n  enabled: false\nwal:\n  enabled: false\n  dir: /tmp/wal\n");
        parse(MINIMAL + "wal: {}\noptions:\n");

        assertThat(error(MINIMAL + "wal:\n  enabled: true\n"))
                .isEqualTo("promtail.yaml:4:12: wal.enabled: \"wal\" is not supported yet (only enabled: false is accepted)");
        assertThat(error(MINIMAL + "tracing: {}\n"))
                .isEqualTo("promtail.yaml:3:10: tracing: \"tracing\" is not supported yet (only enabled: false is accepted)");
        // Promtail 2.8 prints it; it only labels a metric Sleipnir does not export.
        parse(MINIMAL + "options:\n  stream_lag_labels: [a]\n");
    }

    @Test
    void envExpansionRunsBeforeParsing() throws Exception {
        AgentConfig config = ConfigLoader.parse("clients:\n  - url: ${LOKI_URL}\n    tenant_id: ${TENANT:-fallback}\n",
                "x.yaml", true, Map.of("LOKI_URL", "http://loki:3100/loki/api/v1/push"));

        assertThat(config.clients().get(0).url()).isEqualTo("http://loki:3100/loki/api/v1/push");
        assertThat(config.clients().get(0).tenantId()).isEqualTo("fallback");
    }

    @Test
    void envReferencesAreLeftAloneWithoutExpandEnv() throws Exception {
        AgentConfig config = ConfigLoader.parse(MINIMAL + "    tenant_id: ${TENANT}\n", "x.yaml", false,
                Map.of("TENANT", "a"));

        assertThat(config.clients().get(0).tenantId()).isEqualTo("${TENANT}");
    }

    // ---- errors: one line, file:line:column, key path ----

    @Test
    void unknownKeyAtTopLevel() {
        assertThat(error(MINIMAL + "sever:\n  http_listen_port: 9080\n"))
                .isEqualTo("promtail.yaml:3:1: sever: unknown key \"sever\" (did you mean \"server\"?)");
    }

    @Test
    void unknownKeyNested() {
        assertThat(error(MINIMAL + "    backoff_config:\n      max_retry: 3\n"))
                .isEqualTo("promtail.yaml:4:7: clients[0].backoff_config.max_retry: unknown key \"max_retry\"");
    }

    @Test
    void promtailKeysWeDoNotHaveYetAreNamed() {
        assertThat(error(MINIMAL + "scrape_configs:\n  - job_name: k\n    kafka:\n      brokers: [k:9092]\n"))
                .isEqualTo("promtail.yaml:5:5: scrape_configs[0].kafka: \"kafka\" is not supported yet");
        assertThat(error(MINIMAL + "    proxy_url: http://proxy\n"))
                .isEqualTo("promtail.yaml:3:5: clients[0].proxy_url: \"proxy_url\" is not supported yet");
    }

    @Test
    void wrongTypes() {
        assertThat(error("server:\n  - http_listen_port\n" + MINIMAL))
                .isEqualTo("promtail.yaml:2:3: server: expected a map, got a list");
        assertThat(error("server:\n  http_listen_port: high\n" + MINIMAL))
                .isEqualTo("promtail.yaml:2:21: server.http_listen_port: expected a number, got \"high\"");
        assertThat(error("server:\n  disable: maybe\n" + MINIMAL))
                .isEqualTo("promtail.yaml:2:12: server.disable: expected a boolean (true or false), got \"maybe\"");
        assertThat(error("server:\n  disable: \"true\"\n" + MINIMAL))
                .isEqualTo("promtail.yaml:2:12: server.disable: expected a boolean (true or false), got \"true\"");
        assertThat(error(MINIMAL + "    batchwait: [1s]\n"))
                .isEqualTo("promtail.yaml:3:16: clients[0].batchwait: expected a duration, got a list");
        assertThat(error("clients:\n  url: http://loki/push\n"))
                .isEqualTo("promtail.yaml:2:3: clients: expected a list, got a map");
        assertThat(error("- a\n")).isEqualTo("promtail.yaml:1:1: expected a map at the top level, got a list");
        assertThat(error(MINIMAL + "    external_labels:\n      env: {a: b}\n"))
                .isEqualTo("promtail.yaml:4:12: clients[0].external_labels.env: expected a string, got a map");
    }

    @Test
    void outOfRangeNumber() {
        assertThat(error("server:\n  http_listen_port: 70000\n" + MINIMAL))
                .isEqualTo("promtail.yaml:2:21: server.http_listen_port: must be between 0 and 65535, got 70000");
    }

    @Test
    void badDuration() {
        assertThat(error(MINIMAL + "    batchwait: 1x\n")).isEqualTo(
                "promtail.yaml:3:16: clients[0].batchwait: invalid duration \"1x\" (use Go syntax such as 500ms, 10s, 1m30s)");
        assertThat(error(MINIMAL + "    timeout: 10\n")).isEqualTo(
                "promtail.yaml:3:14: clients[0].timeout: invalid duration \"10\": a number needs a unit, e.g. \"10s\" "
                        + "(use Go syntax such as 500ms, 10s, 1m30s)");
        assertThat(error(MINIMAL + "    timeout: -1s\n"))
                .isEqualTo("promtail.yaml:3:14: clients[0].timeout: must not be negative, got \"-1s\"");
        assertThat(error(MINIMAL + "positions:\n  sync_period: 0\n"))
                .isEqualTo("promtail.yaml:4:16: positions.sync_period: must be greater than 0");
    }

    @Test
    void badByteSize() {
        assertThat(error(MINIMAL + "limits_config:\n  max_tenants: 0\n")).startsWith(
                "promtail.yaml:4:16: limits_config.max_tenants: ");
        assertThat(error(MINIMAL + "limits_config:\n  max_line_size: 1.5MB\n")).isEqualTo(
                "promtail.yaml:4:18: limits_config.max_line_size: invalid byte size \"1.5MB\" (use bytes or a size such as 256KB, 1MB, 2GB)");
        assertThat(error(MINIMAL + "    batchsize: -5\n"))
                .isEqualTo("promtail.yaml:3:16: clients[0].batchsize: invalid byte size \"-5\": must not be negative");
        assertThat(error(MINIMAL + "    batchsize: 0\n"))
                .isEqualTo("promtail.yaml:3:16: clients[0].batchsize: must be greater than 0");
    }

    @Test
    void missingUrl() {
        assertThat(error("clients:\n  - name: a\n    tenant_id: x\n"))
                .isEqualTo("promtail.yaml:2:5: clients[0].url: required key is missing");
        assertThat(error("clients:\n  - url: loki:3100\n"))
                .isEqualTo("promtail.yaml:2:10: clients[0].url: must be an http or https URL, got \"loki:3100\"");
    }

    /** Go's net/url (so Promtail) accepts a host with an underscore; java.net.URI sees no host in it. */
    @Test
    void aHostWithAnUnderscoreIsAValidClientUrl() throws Exception {
        AgentConfig config = ConfigLoader.parse(
                "clients:\n  - url: http://user:p%40ss@loki_gateway:3100/loki/api/v1/push\n", "promtail.yaml",
                false, Map.of());
        ClientConfig client = config.clients().get(0);
        assertThat(client.parsedUrl().hostHeader()).isEqualTo("loki_gateway:3100");
        assertThat(client.urlUserInfo()).isEqualTo(new ClientConfig.UrlUserInfo("user", "p@ss"));
        assertThat(client.redactedUrl()).isEqualTo("http://user:xxxxx@loki_gateway:3100/loki/api/v1/push");
    }

    @Test
    void clientAuthRules() {
        assertThat(error(MINIMAL + "    basic_auth:\n      password: a\n      password_file: /p\n")).isEqualTo(
                "promtail.yaml:5:22: clients[0].basic_auth.password_file: \"password\" and \"password_file\" are mutually exclusive");
        assertThat(error(MINIMAL + "    bearer_token: t\n    bearer_token_file: /t\n")).isEqualTo(
                "promtail.yaml:4:24: clients[0].bearer_token_file: \"bearer_token\" and \"bearer_token_file\" are mutually exclusive");
        assertThat(error(MINIMAL + "    basic_auth:\n      username: u\n    bearer_token: t\n")).isEqualTo(
                "promtail.yaml:5:19: clients[0].bearer_token: \"basic_auth\" and \"bearer_token\" are mutually exclusive");
        assertThat(error(MINIMAL + "    external_labels:\n      bad-name: x\n")).isEqualTo(
                "promtail.yaml:4:7: clients[0].external_labels.bad-name: invalid label name \"bad-name\" (must match [a-zA-Z_][a-zA-Z0-9_]*)");
    }

    @Test
    void duplicateClientNames() {
        assertThat(error("clients:\n  - url: http://a/push\n    name: x\n  - url: http://b/push\n    name: x\n"))
                .isEqualTo("promtail.yaml:5:11: clients[1].name: duplicate client name \"x\" (first at line 3)");
    }

    @Test
    void duplicateJobNames() {
        assertThat(error(MINIMAL + "scrape_configs:\n  - job_name: a\n    static_configs: []\n"
                + "  - job_name: a\n    static_configs: []\n"))
                .isEqualTo("promtail.yaml:6:15: scrape_configs[1].job_name: duplicate job name \"a\" (first at line 4)");
    }

    @Test
    void scrapeConfigNeedsJobNameAndStaticConfigs() {
        assertThat(error(MINIMAL + "scrape_configs:\n  - static_configs: []\n"))
                .isEqualTo("promtail.yaml:4:5: scrape_configs[0].job_name: required key is missing");
        assertThat(error(MINIMAL + "scrape_configs:\n  - job_name: a\n"))
                .isEqualTo("promtail.yaml:4:5: scrape_configs[0].static_configs: required key is missing");
    }

    @Test
    void unsupportedStage() {
        assertThat(error(MINIMAL + "scrape_configs:\n  - job_name: a\n    static_configs: []\n    pipeline_stages:\n"
                + "      - cri: {}\n      - docker: {}\n      - geoip:\n          source: a\n"))
                .isEqualTo("promtail.yaml:9:9: scrape_configs[0].pipeline_stages[2].geoip: stage \"geoip\" is not"
                        + " supported (needs a MaxMind database)");
    }

    @Test
    void unknownStage() {
        assertThat(error(MINIMAL + "scrape_configs:\n  - job_name: a\n    static_configs: []\n    pipeline_stages:\n"
                + "      - foo: {}\n"))
                .isEqualTo("promtail.yaml:7:9: scrape_configs[0].pipeline_stages[0].foo: unknown stage \"foo\"");
        // Stage kinds load by name (pipeline.Stages): a misspelled one is still checked against every kind's name.
        assertThat(error(MINIMAL + "scrape_configs:\n  - job_name: a\n    static_configs: []\n    pipeline_stages:\n"
                + "      - cri: {}\n      - timestmap: {source: t, format: RFC3339}\n"))
                .isEqualTo("promtail.yaml:8:9: scrape_configs[0].pipeline_stages[1].timestmap: unknown stage"
                        + " \"timestmap\" (did you mean \"timestamp\"?)");
        assertThat(error(MINIMAL + "scrape_configs:\n  - job_name: a\n    static_configs: []\n    pipeline_stages:\n"
                + "      - pipeline: {}\n"))
                .startsWith("promtail.yaml:7:9: scrape_configs[0].pipeline_stages[0].pipeline: stage \"pipeline\""
                        + " does not exist in Promtail either");
    }

    @Test
    void stageShapeAndOptions() {
        String job = MINIMAL + "scrape_configs:\n  - job_name: a\n    static_configs: []\n    pipeline_stages:\n";
        assertThat(error(job + "      - docker: {log: x}\n"))
                .isEqualTo("promtail.yaml:7:18: scrape_configs[0].pipeline_stages[0].docker.log: unknown key \"log\"");
        assertThat(error(job + "      - cri: {}\n        docker: {}\n"))
                .isEqualTo("promtail.yaml:7:9: scrape_configs[0].pipeline_stages[0]: a stage must have exactly one key (the stage name), got 2");
        assertThat(error(job + "      - cri\n"))
                .isEqualTo("promtail.yaml:7:9: scrape_configs[0].pipeline_stages[0]: expected a map with one stage name, got \"cri\"");
        assertThat(error(job + "      - cri:\n          max_partial_line_size: lots\n")).isEqualTo(
                "promtail.yaml:8:34: scrape_configs[0].pipeline_stages[0].cri.max_partial_line_size: invalid byte size \"lots\" (use bytes or a size such as 256KB, 1MB, 2GB)");
    }

    @Test
    void duplicateKey() {
        assertThat(error("server:\n  http_listen_port: 1\n  http_listen_port: 2\n" + MINIMAL))
                .isEqualTo("promtail.yaml:3:3: server.http_listen_port: duplicate key \"http_listen_port\" (first at line 2)");
    }

    @Test
    void onlyOneDocument() {
        assertThat(error(MINIMAL + "---\n" + MINIMAL))
                .startsWith("promtail.yaml:4:1: only one YAML document is allowed");
    }

    @Test
    void yamlSyntaxErrorIsOneLineWithLocation() {
        String message = error("server:\n  http_listen_port: 9080\n bad: [\n");

        assertThat(message).startsWith("promtail.yaml:3:").contains("invalid YAML").doesNotContain("\n");
    }

    @Test
    void badLogLevel() {
        assertThat(error("server:\n  log_level: verbose\n" + MINIMAL)).isEqualTo(
                "promtail.yaml:2:14: server.log_level: invalid log level \"verbose\" (use debug, info, warn or error)");
    }

    @Test
    void envExpansionErrorPointsAtTheReference() {
        assertThatThrownBy(() -> ConfigLoader.parse("clients:\n  - url: ${LOKI\n", "p.yaml", true, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("p.yaml:2:10: unclosed \"${\" in environment variable reference");
    }

    @Test
    void unreadableFileNamesThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(missing, false, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": cannot read config file: no such file");
    }

    @Test
    void loadUsesThePathAsSourceName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("promtail.yaml");
        Files.writeString(file, MINIMAL + "    batchwait: 1x\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ConfigLoader.load(file, false, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3:16: clients[0].batchwait: invalid duration \"1x\" (use Go syntax such as 500ms, 10s, 1m30s)")
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.line()).isEqualTo(3);
                    assertThat(ce.column()).isEqualTo(16);
                    assertThat(ce.keyPath()).isEqualTo("clients[0].batchwait");
                    assertThat(ce.problem()).startsWith("invalid duration");
                });
    }
    // ---- every problem at once, "did you mean", the -config.expand-env hint, limits ----

    @Test
    void allProblemsAreReportedTogetherInFileOrder() {
        String yaml = """
                clients:
                  - url: http://loki:3100/loki/api/v1/push
                    batchwiat: 1s
                    timeout: 1x
                positions:
                  sync_period: 0s
                scrape_configs:
                  - job_name: a
                    static_configs: [{targets: [localhost]}]
                    pipeline_stages:
                      - regx: {expression: x}
                      - multiline: {firstline: x, max_lines: 0}
                """;
        assertThat(error(yaml)).isEqualTo(String.join("\n",
                "promtail.yaml:3:5: clients[0].batchwiat: unknown key \"batchwiat\" (did you mean \"batchwait\"?)",
                "promtail.yaml:4:14: clients[0].timeout: invalid duration \"1x\" (use Go syntax such as 500ms, 10s,"
                        + " 1m30s)",
                "promtail.yaml:6:16: positions.sync_period: must be greater than 0",
                "promtail.yaml:11:9: scrape_configs[0].pipeline_stages[0].regx: unknown stage \"regx\" (did you mean"
                        + " \"regex\"?)",
                "promtail.yaml:12:46: scrape_configs[0].pipeline_stages[1].multiline.max_lines: must be greater"
                        + " than 0"));
    }

    @Test
    void theFirstTwentyProblemsAreShownAndTheRestCounted() {
        StringBuilder yaml = new StringBuilder(MINIMAL);
        for (int i = 0; i < 25; i++) {
            yaml.append("unknown_").append(i).append(": 1\n");
        }
        String[] lines = error(yaml.toString()).split("\n");
        assertThat(lines).hasSize(21);
        assertThat(lines[0]).isEqualTo("promtail.yaml:3:1: unknown_0: unknown key \"unknown_0\"");
        assertThat(lines[19]).isEqualTo("promtail.yaml:22:1: unknown_19: unknown key \"unknown_19\"");
        assertThat(lines[20]).isEqualTo("promtail.yaml: 5 more problems not shown");
    }

    @Test
    void aMisspelledKeyNamesTheNearestKnownOne() {
        assertThat(error(MINIMAL + "positions:\n  filenme: /tmp/p.yaml\n"))
                .isEqualTo("promtail.yaml:4:3: positions.filenme: unknown key \"filenme\" (did you mean"
                        + " \"filename\"?)");
        assertThat(error(MINIMAL + "    tenant: a\n"))
                .isEqualTo("promtail.yaml:3:5: clients[0].tenant: unknown key \"tenant\"");
        assertThat(error(MINIMAL + "scrape_config:\n  - job_name: a\n"))
                .isEqualTo("promtail.yaml:3:1: scrape_config: unknown key \"scrape_config\" (did you mean"
                        + " \"scrape_configs\"?)");
    }

    @Test
    void aValueHoldingDollarBraceSaysHowToEnableExpansion() {
        assertThat(error("clients:\n  - url: ${LOKI_URL}\n"))
                .isEqualTo("promtail.yaml:2:10: clients[0].url: must be an http or https URL, got \"${LOKI_URL}\""
                        + " (the value holds \"${\": environment variables are expanded only with"
                        + " -config.expand-env=true)");
        assertThat(error(MINIMAL + "    batchwait: ${WAIT:-1s}\n"))
                .endsWith("(the value holds \"${\": environment variables are expanded only with"
                        + " -config.expand-env=true)");
    }

    @Test
    void aConfigFileOverFourMebibytesIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, MINIMAL + "#" + "x".repeat(4 * 1024 * 1024) + "\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, false, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": config file is 4194358 bytes; the limit is 4194304 bytes (4 MiB)");
    }

    @Test
    void expansionThatGrowsTheConfigPastTheLimitIsRefused() {
        String big = "x ".repeat(1024 * 1024);
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "a: ${BIG}${BIG}${BIG}\n", "p.yaml", true,
                Map.of("BIG", big)))
                .hasMessage("p.yaml: config after -config.expand-env is 6291512 characters; the limit is 4194304"
                        + " (4 MiB)");
    }
}
