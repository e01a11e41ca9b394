package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.config.JournalConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code journal} block: Promtail's documented examples pass -check-syntax as they are; keys and defaults. */
class JournalConfigTest {
    /** Promtail's docs, configuration.md "Example Journal Config", unchanged. */
    private static final String PROMTAIL_JOURNAL_EXAMPLE = """
            server:
              http_listen_port: 9080
              grpc_listen_port: 0

            positions:
              filename: /tmp/positions.yaml

            clients:
              - url: http://localhost:3100/loki/api/v1/push

            scrape_configs:
              - job_name: journal
                journal:
                  max_age: 12h
                  labels:
                    job: systemd-journal
                relabel_configs:
                  - source_labels: ['__journal__systemd_unit']
                    target_label: 'unit'
            """;

    /** Promtail's docs, scraping.md "Journal scraping (Linux only)", unchanged. */
    private static final String PROMTAIL_SCRAPING_JOURNAL = """
            scrape_configs:
              - job_name: journal
                journal:
                  json: false
                  max_age: 12h
                  path: /var/log/journal
                  matches: _TRANSPORT=kernel
                  labels:
                    job: systemd-journal
                relabel_configs:
                  - source_labels: ['__journal__systemd_unit']
                    target_label: 'unit'
            """;

    private static final String CLIENTS = "clients:\n  - url: http://loki:3100/loki/api/v1/push\n";

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
    void promtailsDocumentedJournalExamplesPassCheckSyntax() throws Exception {
        for (String example : new String[] {PROMTAIL_JOURNAL_EXAMPLE, CLIENTS + PROMTAIL_SCRAPING_JOURNAL}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(checkSyntax(example, out, err)).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("Valid config file! No syntax issues found");
        }
    }

    @Test
    void keysBindWithPromtailsDefaults() throws Exception {
        JournalConfig documented = journal(CLIENTS + PROMTAIL_SCRAPING_JOURNAL);
        assertThat(documented).isEqualTo(new JournalConfig(false, Duration.ofHours(12), "/var/log/journal",
                List.of("_TRANSPORT=kernel"), Map.of("job", "systemd-journal")));
        JournalConfig empty = journal(CLIENTS + "scrape_configs:\n  - job_name: j\n    journal: {}\n");
        assertThat(empty).isEqualTo(new JournalConfig(false, Duration.ofHours(7), "", List.of(), Map.of()));
        JournalConfig two = journal(CLIENTS + "scrape_configs:\n  - job_name: j\n    journal:\n      json: true\n"
                + "      matches: _SYSTEMD_UNIT=kubelet.service  _SYSTEMD_UNIT=containerd.service\n");
        assertThat(two.json()).isTrue();
        assertThat(two.matches()).containsExactly("_SYSTEMD_UNIT=kubelet.service", "_SYSTEMD_UNIT=containerd.service");
    }

    @Test
    void badValuesNameTheirPlace() {
        assertThatThrownBy(() -> journal(CLIENTS + "scrape_configs:\n  - job_name: j\n    journal:\n"
                + "      matches: _SYSTEMD_UNIT=a.service + PRIORITY=3\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("p.yaml:6:16: scrape_configs[0].journal.matches: error parsing journal reader 'matches' "
                        + "config value: + (want FIELD=value)");
        assertThatThrownBy(() -> journal(CLIENTS + "scrape_configs:\n  - job_name: j\n    journal:\n"
                + "      max_ag: 1h\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("p.yaml:6:7: scrape_configs[0].journal.max_ag: unknown key \"max_ag\"");
    }

    private static JournalConfig journal(String yaml) throws ConfigException {
        AgentConfig config = ConfigLoader.parse(yaml, "p.yaml", false, Map.of());
        return (JournalConfig) config.scrapeConfigs().get(0).sources().get(0);
    }
}
