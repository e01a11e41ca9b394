package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigPrinterTest {

    @Test
    void printsEffectiveDefaultsWithPromtailKeyNames() throws Exception {
        AgentConfig config = ConfigLoader.parse("clients:\n  - url: http://loki:3100/loki/api/v1/push\n",
                "p.yaml", false, Map.of());

        String yaml = ConfigPrinter.toYaml(config);

        assertThat(yaml).isEqualTo("""
                server:
                  disable: false
                  http_listen_address: 0.0.0.0
                  http_listen_port: 80
                  graceful_shutdown_timeout: 30s
                  log_level: info
                  health_check_target: true
                  enable_runtime_reload: false
                clients:
                - url: http://loki:3100/loki/api/v1/push
                  batchwait: 1s
                  batchsize: 1048576
                  timeout: 10s
                  backoff_config:
                    min_period: 500ms
                    max_period: 5m0s
                    max_retries: 10
                  drop_rate_limited_batches: false
                positions:
                  filename: /var/log/positions.yaml
                  sync_period: 10s
                  ignore_invalid_yaml: false
                scrape_configs: []
                target_config:
                  sync_period: 10s
                limits_config:
                  readline_rate: 10000
                  readline_burst: 10000
                  readline_rate_drop: true
                  max_line_size: 0B
                  max_line_size_truncate: false
                  max_streams: 0
                  max_tenants: 1000
                global:
                  file_watch_config:
                    min_poll_frequency: 250ms
                    max_poll_frequency: 250ms
                """);
    }

    @Test
    void secretsAreHidden() throws Exception {
        AgentConfig config = ConfigLoader.parse("""
                clients:
                  - url: http://a/push
                    basic_auth: {username: u, password: hunter2}
                    headers: {Authorization: Basic abc, X-Team: t}
                  - url: http://b/push
                    bearer_token: tok3n
                """, "p.yaml", false, Map.of());

        String yaml = ConfigPrinter.toYaml(config);

        assertThat(yaml).doesNotContain("hunter2", "tok3n", "Basic abc")
                .contains("password: <secret>", "bearer_token: <secret>", "Authorization: <secret>", "X-Team: <secret>",
                        "username: u");
    }

    @Test
    void urlPasswordsAndQueryTokensAreMaskedAsGoRedactsThem() throws Exception {
        AgentConfig config = ConfigLoader.parse("""
                clients:
                  - url: https://123456:glc_S3CRET@logs.example.com/loki/api/v1/push?api_key=k3y&tenant=a
                    headers: {X-Scope-OrgID: team-S3CRET}
                """, "p.yaml", false, Map.of());

        String yaml = ConfigPrinter.toYaml(config);

        assertThat(yaml).doesNotContain("glc_S3CRET", "k3y", "team-S3CRET")
                .contains("url: https://123456:xxxxx@logs.example.com/loki/api/v1/push?api_key=xxxxx&tenant=xxxxx",
                        "X-Scope-OrgID: <secret>");
    }

    @Test
    void printedConfigReadsBackToTheSameRecords() throws Exception {
        Path file = Path.of(getClass().getResource("/config/promtail-full.yaml").toURI());
        AgentConfig original = ConfigLoader.load(file, false, Map.of());
        // The fixture's secrets are a basic-auth password and a header value; drop them so the comparison is exact.
        ClientConfig first = original.clients().get(0);
        ClientConfig withoutSecret = new ClientConfig(first.url(), first.name(), first.tenantId(), first.batchWait(),
                first.batchSize(), first.timeout(), first.backoff(), first.externalLabels(), Map.of(),
                new ClientConfig.BasicAuth("promtail", null, "/etc/password"), null, null, first.tls(),
                first.dropRateLimitedBatches());
        AgentConfig config = new AgentConfig(original.server(),
                java.util.List.of(withoutSecret, original.clients().get(1), original.clients().get(2)),
                original.positions(), original.scrapeConfigs(), original.limits(), original.targetConfig(),
                original.global());

        AgentConfig reread = ConfigLoader.parse(ConfigPrinter.toYaml(config), "printed.yaml", false, Map.of());

        assertThat(reread).isEqualTo(config);
    }

    @Test
    void syslogGelfAndJournalBlocksArePrintedAndReadBackEqual() throws Exception {
        AgentConfig config = ConfigLoader.parse("""
                clients:
                  - url: http://u:hunter2@loki:3100/loki/api/v1/push
                scrape_configs:
                - job_name: syslog
                  syslog:
                    listen_address: 127.0.0.1:1514
                    idle_timeout: 90s
                    label_structured_data: true
                    labels: {job: syslog}
                    use_rfc5424_message: true
                    max_message_length: 4096
                    tls_config: {cert_file: /etc/tls/s.crt, key_file: /etc/tls/s.key, ca_file: /etc/tls/ca.crt}
                - job_name: gelf
                  gelf:
                    listen_protocol: tcp
                    use_incoming_timestamp: true
                - job_name: journal
                  journal:
                    max_age: 12h
                    path: /var/log/journal
                    matches: _SYSTEMD_UNIT=kubelet.service _TRANSPORT=stdout
                    labels: {job: systemd-journal}
                """, "p.yaml", false, Map.of());

        String yaml = ConfigPrinter.toYaml(config);

        assertThat(yaml).doesNotContain("hunter2").contains("""
                  syslog:
                    listen_address: 127.0.0.1:1514
                    listen_protocol: tcp
                    idle_timeout: 1m30s
                    label_structured_data: true
                    labels:
                      job: syslog
                    use_incoming_timestamp: false
                    use_rfc5424_message: true
                    syslog_format: rfc5424
                    max_message_length: 4096
                    tls_config:
                      cert_file: /etc/tls/s.crt
                      key_file: /etc/tls/s.key
                      ca_file: /etc/tls/ca.crt
                """, """
                  gelf:
                    listen_address: 0.0.0.0:12201
                    listen_protocol: tcp
                    labels: {}
                    use_incoming_timestamp: true
                """, """
                  journal:
                    json: false
                    max_age: 12h0m0s
                    path: /var/log/journal
                    matches: _SYSTEMD_UNIT=kubelet.service _TRANSPORT=stdout
                    labels:
                      job: systemd-journal
                """);
        AgentConfig reread = ConfigLoader.parse(yaml, "printed.yaml", false, Map.of());
        assertThat(reread.scrapeConfigs()).extracting(ScrapeConfig::sources)
                .isEqualTo(config.scrapeConfigs().stream().map(ScrapeConfig::sources).toList());
    }
}
