package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.config.GelfConfig;
import io.sleipnir.config.SyslogConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code syslog} and {@code gelf} blocks: Promtail's documented examples pass -check-syntax as they are. */
class NetworkSourceConfigTest {
    /** Promtail's docs, "Example Syslog Config" (configuration.md), unchanged. */
    private static final String PROMTAIL_SYSLOG_EXAMPLE = """
            server:
              http_listen_port: 9080
              grpc_listen_port: 0

            positions:
              filename: /tmp/positions.yaml

            clients:
              - url: http://loki_addr:3100/loki/api/v1/push

            scrape_configs:
              - job_name: syslog
                syslog:
                  listen_address: 0.0.0.0:1514
                  labels:
                    job: "syslog"
                relabel_configs:
                  - source_labels: ['__syslog_message_hostname']
                    target_label: 'host'
            """;

    /** Promtail's docs, scraping.md "Syslog Receiver", unchanged. */
    private static final String PROMTAIL_SCRAPING_SYSLOG = """
            scrape_configs:
              - job_name: syslog
                syslog:
                  listen_address: 0.0.0.0:1514
                  listen_protocol: tcp
                  idle_timeout: 60s
                  label_structured_data: yes
                  labels:
                    job: "syslog"
                relabel_configs:
                  - source_labels: ['__syslog_message_hostname']
                    target_label: 'host'
            """;

    /** Promtail's docs, scraping.md "GELF", unchanged. */
    private static final String PROMTAIL_SCRAPING_GELF = """
            scrape_configs:
            - job_name: gelf
              gelf:
                listen_address: "0.0.0.0:12201"
                use_incoming_timestamp: true
                labels:
                  job: gelf
              relabel_configs:
                  - action: replace
                    source_labels:
                      - __gelf_message_host
                    target_label: host
                  - action: replace
                    source_labels:
                      - __gelf_message_level
                    target_label: level
                  - action: replace
                    source_labels:
                      - __gelf_message_facility
                    target_label: facility
            """;

    /** The scraping.md stanzas are fragments; Sleipnir, as Promtail, needs a client to start. */
    private static final String CLIENTS = "clients:\n  - url: http://loki_addr:3100/loki/api/v1/push\n";

    @TempDir
    Path dir;

    private int checkSyntax(String yaml, ByteArrayOutputStream out, ByteArrayOutputStream err) throws Exception {
        Path file = dir.resolve("promtail.yaml");
        Files.writeString(file, yaml);
        return Main.run(new String[] {"-config.file=" + file, "-check-syntax"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
    }

    @Test
    void promtailsDocumentedSyslogAndGelfExamplesPassCheckSyntax() throws Exception {
        for (String example : new String[] {PROMTAIL_SYSLOG_EXAMPLE, CLIENTS + PROMTAIL_SCRAPING_SYSLOG,
            CLIENTS + PROMTAIL_SCRAPING_GELF}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(checkSyntax(example, out, err)).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("Valid config file! No syntax issues found");
        }
    }

    @Test
    void keysBindWithPromtailsDefaults() throws Exception {
        AgentConfig config = ConfigLoader.parse(CLIENTS + PROMTAIL_SCRAPING_SYSLOG, "p.yaml", false, Map.of());
        SyslogConfig syslog = (SyslogConfig) config.scrapeConfigs().get(0).sources().get(0);
        assertThat(syslog.listenAddress().toString()).isEqualTo("0.0.0.0:1514");
        assertThat(syslog.protocol()).isEqualTo("tcp");
        assertThat(syslog.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(syslog.labelStructuredData()).isTrue();
        assertThat(syslog.labels()).isEqualTo(Map.of("job", "syslog"));
        assertThat(syslog.maxMessageLength()).isEqualTo(8192);
        assertThat(syslog.useIncomingTimestamp()).isFalse();
        assertThat(syslog.tls()).isNull();
        GelfConfig gelf = (GelfConfig) ConfigLoader.parse(CLIENTS + PROMTAIL_SCRAPING_GELF, "g.yaml", false, Map.of())
                .scrapeConfigs().get(0).sources().get(0);
        assertThat(gelf.listenAddress().port()).isEqualTo(12201);
        assertThat(gelf.protocol()).isEqualTo("udp");
        assertThat(gelf.useIncomingTimestamp()).isTrue();

        AgentConfig defaults = ConfigLoader.parse("""
                clients: [{url: http://loki:3100/loki/api/v1/push}]
                scrape_configs:
                  - job_name: g
                    gelf: {}
                  - job_name: s
                    syslog: {listen_address: ":1514", idle_timeout: 0s, max_message_length: 0}
                """, "d.yaml", false, Map.of());
        assertThat(((GelfConfig) defaults.scrapeConfigs().get(0).sources().get(0)).listenAddress().toString())
                .isEqualTo("0.0.0.0:12201");
        SyslogConfig s = (SyslogConfig) defaults.scrapeConfigs().get(1).sources().get(0);
        assertThat(s.listenAddress().host()).isEmpty();
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.maxMessageLength()).isEqualTo(8192);
    }

    @Test
    void badValuesNameTheirKeyAndPlace() {
        assertThatThrownBy(() -> parse("syslog: {labels: {job: s}}"))
                .hasMessageContaining("c.yaml:4:13: scrape_configs[0].syslog.listen_address: required key is missing");
        assertThatThrownBy(() -> parse("syslog: {listen_address: \"0.0.0.0:1514\", listen_protocol: sctp}"))
                .hasMessageContaining("scrape_configs[0].syslog.listen_protocol: invalid transport protocol. "
                        + "expected 'tcp' or 'udp', got 'sctp'");
        assertThatThrownBy(() -> parse("syslog: {listen_address: \"1514\"}"))
                .hasMessageContaining("scrape_configs[0].syslog.listen_address: address 1514: missing port in address");
        assertThatThrownBy(() -> parse("syslog: {listen_address: \":1514\", tls_config: {cert_file: /c.pem}}"))
                .hasMessageContaining("scrape_configs[0].syslog.tls_config: certificate and key files are required");
        assertThatThrownBy(() -> parse("syslog: {listen_address: \":1514\", syslog_format: rfc9999}"))
                .hasMessageContaining("unknown syslog format: rfc9999");
        assertThatThrownBy(() -> parse("gelf: {listen_adress: \":12201\"}"))
                .hasMessageContaining("unknown key \"listen_adress\" (did you mean \"listen_address\"?)");
    }

    private static AgentConfig parse(String source) throws ConfigException {
        return ConfigLoader.parse("""
                clients: [{url: http://loki:3100/loki/api/v1/push}]
                scrape_configs:
                  - job_name: j
                    %s
                """.formatted(source), "c.yaml", false, Map.of());
    }
}
