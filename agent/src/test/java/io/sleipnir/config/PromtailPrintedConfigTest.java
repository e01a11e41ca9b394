package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Promtail's own {@code -print-config-stderr} output (every default written out) loads; a value that turns on a
 * feature Sleipnir does not have is refused with its location.
 */
class PromtailPrintedConfigTest {

    private static final String BASE = "clients:\n  - url: http://loki:3100/loki/api/v1/push\n";

    private static String error(String yaml) {
        try {
            ConfigLoader.parse(yaml, "promtail.yaml", false, Map.of());
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void promtailsPrintedDefaultsLoadAsTheSameConfig() throws Exception {
        Path file = Path.of(getClass().getResource("/config/promtail-2.8-print-config.yaml").toURI());

        AgentConfig config = ConfigLoader.load(file, false, Map.of());

        assertThat(config.server().httpListenPort()).isEqualTo(9080);
        assertThat(config.server().logFormat()).isEqualTo("logfmt");
        assertThat(config.clients()).hasSize(1);
        assertThat(config.clients().get(0).parsedUrl().hostAndPort()).isEqualTo("loki_gateway:3100");
        assertThat(config.limits()).isEqualTo(LimitsConfig.defaults());
        assertThat(config.targetConfig()).isEqualTo(TargetConfig.defaults());
        assertThat(config.global()).isEqualTo(GlobalConfig.defaults());
        assertThat(config.scrapeConfigs().get(0).jobName()).isEqualTo("system");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "target_config:\\n  stdin: true\\n|4:10|target_config.stdin|false",
        "server:\\n  http_listen_network: unix\\n|4:24|server.http_listen_network|\"tcp\"",
        "server:\\n  http_listen_conn_limit: 10\\n|4:27|server.http_listen_conn_limit|0",
        "server:\\n  http_path_prefix: /promtail\\n|4:21|server.http_path_prefix|\"\"",
        "server:\\n  log_source_ips_enabled: true\\n|4:27|server.log_source_ips_enabled|false",
    })
    void aValueThatTurnsOnAMissingFeatureIsRefused(String section, String at, String key, String accepted) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        assertThat(error(BASE + section.replace("\\n", "\n"))).isEqualTo("promtail.yaml:" + at + ": " + key + ": \""
                + last + "\" is not supported yet (only " + accepted + " is accepted)");
    }

    @Test
    void clientFeaturesThatAreOffByDefaultAreRefusedWhenOn() {
        assertThat(error(BASE + "    follow_redirects: true\n")).isEqualTo("promtail.yaml:3:23: "
                + "clients[0].follow_redirects: \"follow_redirects\" is not supported yet (only false is accepted)");
        assertThat(error(BASE + "    enable_http2: true\n")).isEqualTo("promtail.yaml:3:19: "
                + "clients[0].enable_http2: \"enable_http2\" is not supported yet (only false is accepted)");
    }

    @Test
    void walAndTracingAreRefusedWhenOnAndAServerTlsConfigWithAFile() {
        assertThat(error(BASE + "wal:\n  enabled: true\n")).isEqualTo("promtail.yaml:4:12: wal.enabled: "
                + "\"wal\" is not supported yet (only enabled: false is accepted)");
        assertThat(error(BASE + "server:\n  http_tls_config:\n    cert_file: /c.pem\n"))
                .isEqualTo("promtail.yaml:5:5: server.http_tls_config: \"http_tls_config\" is not supported yet"
                        + " (only empty values are accepted)");
    }

    @Test
    void readlineRateValuesAreTypeCheckedEvenWhileOff() {
        assertThat(error(BASE + "limits_config:\n  readline_rate: fast\n"))
                .isEqualTo("promtail.yaml:4:18: limits_config.readline_rate: invalid number \"fast\"");
        assertThat(error(BASE + "limits_config:\n  readline_rate: 10d\n")).as("Go's YAML float, not Java's")
                .isEqualTo("promtail.yaml:4:18: limits_config.readline_rate: invalid number \"10d\"");
        assertThat(error(BASE + "limits_config:\n  readline_burst: 1.5\n")).startsWith(
                "promtail.yaml:4:19: limits_config.readline_burst: ");
    }

    @Test
    void promtailsShippedLimitConfigIsAcceptedWithItsValues() throws Exception {
        // the rate and burst of Promtail's promtail-local-limit-config.yaml, switched on, waiting instead of dropping
        AgentConfig config = ConfigLoader.parse(BASE + """
                limits_config:
                  readline_rate_enabled: true
                  readline_rate: 100
                  readline_burst: 200
                  readline_rate_drop: false
                """, "promtail.yaml", false, Map.of());

        assertThat(config.limits().readline()).isEqualTo(new LimitsConfig.ReadlineRate(true, 100, 200, false));
        assertThat(ConfigLoader.parse(BASE + "limits_config:\n  readline_rate: .inf\n  readline_rate_enabled: true\n",
                "promtail.yaml", false, Map.of()).limits().readline().rate()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    /** Promtail appends the old single client only when it has a url; printed configs hold one without. */
    @Test
    void theOldSingleClientWithoutAUrlIsIgnoredAsInPromtail() throws Exception {
        AgentConfig config = ConfigLoader.parse(BASE + "client:\n  url: \"\"\n  batchwait: 1s\n  tenant_id: \"\"\n",
                "promtail.yaml", false, Map.of());
        assertThat(config.clients()).extracting(ClientConfig::url).containsExactly("http://loki:3100/loki/api/v1/push");
        assertThat(error("client:\n  url: \"\"\n")).isEqualTo(
                "promtail.yaml:1:1: clients: at least one client with a url is required");
    }

    @Test
    void streamLagLabelsMayBeAListOrAString() throws Exception {
        AgentConfig config = ConfigLoader.parse(BASE + "    stream_lag_labels: [filename, host]\n"
                + "options:\n  stream_lag_labels: filename\n", "promtail.yaml", false, Map.of());
        assertThat(config.clients()).hasSize(1);
    }

    @Test
    void logFormatIsReadAndAnUnknownOneRefused() throws Exception {
        assertThat(ConfigLoader.parse(BASE + "server:\n  log_format: json\n", "promtail.yaml", false, Map.of())
                .server().logFormat()).isEqualTo("json");
        assertThat(error(BASE + "server:\n  log_format: xml\n")).isEqualTo(
                "promtail.yaml:4:15: server.log_format: invalid log format \"xml\" (use logfmt or json)");
    }
}
