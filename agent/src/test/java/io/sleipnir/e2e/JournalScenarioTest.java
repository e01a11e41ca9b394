package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal source through the real {@code journalctl}, on journal files written in the test by Debian's
 * {@code systemd-journal-remote} from export-format input (no systemd runs here): labels from {@code __journal_*},
 * timestamps from {@code __REALTIME_TIMESTAMP}, each entry once, and entries appended while following.
 */
@Timeout(180)
class JournalScenarioTest {
    static final Path JOURNAL_REMOTE = Path.of("/lib/systemd/systemd-journal-remote");
    static final String BOOT_ID = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    /** One journal entry: its realtime microseconds and data fields, in export order. */
    record Fields(long micros, Map<String, String> fields) {
    }

    static Fields entry(long micros, String unit, int priority, String message) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("_SYSTEMD_UNIT", unit);
        f.put("_HOSTNAME", "node-1");
        f.put("PRIORITY", String.valueOf(priority));
        f.put("MESSAGE", message);
        return new Fields(micros, f);
    }

    /** Appends the entries to {@code journal} (created if absent) through systemd-journal-remote. */
    static void write(Path journal, List<Fields> entries) throws Exception {
        StringBuilder export = new StringBuilder();
        for (Fields e : entries) {
            export.append("__REALTIME_TIMESTAMP=").append(e.micros()).append('\n')
                    .append("__MONOTONIC_TIMESTAMP=").append(e.micros()).append('\n')
                    .append("_BOOT_ID=").append(BOOT_ID).append('\n');
            e.fields().forEach((k, v) -> export.append(k).append('=').append(v).append('\n'));
            export.append('\n');
        }
        Process p = new ProcessBuilder(JOURNAL_REMOTE.toString(), "-o", journal.toString(), "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(export.toString().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("systemd-journal-remote exit code").isZero();
    }

    static void assumeTools() {
        assumeThat(Files.isExecutable(JOURNAL_REMOTE)).as("systemd-journal-remote (Debian package)").isTrue();
        assumeThat(Files.isExecutable(Path.of("/usr/bin/journalctl"))).as("journalctl (Debian package systemd)")
                .isTrue();
    }

    static AgentConfig config(LokiReceiver loki, Path journalDir, Path positions, String extra) throws Exception {
        return ConfigLoader.parse(configYaml(loki, journalDir, positions, extra, ""), "journal.yaml", false, Map.of());
    }

    /** A journal job with three relabel rules; {@code extra} goes in its journal block, {@code extraRules} after. */
    static String configYaml(LokiReceiver loki, Path journalDir, Path positions, String extra, String extraRules) {
        return """
                server:
                  http_listen_port: 0
                clients:
                  - url: %s
                    batchwait: 20ms
                    backoff_config: {min_period: 10ms, max_period: 50ms, max_retries: 100000}
                positions:
                  filename: %s
                scrape_configs:
                  - job_name: node-journal
                    journal:
                      path: %s
                      labels: {job: systemd-journal}
                %s
                    relabel_configs:
                      - source_labels: ['__journal__systemd_unit']
                        target_label: unit
                      - source_labels: ['__journal_priority_keyword']
                        target_label: level
                      - source_labels: ['__journal__hostname']
                        target_label: host
                %s""".formatted(loki.url(), positions, journalDir, extra, extraRules);
    }

    @Test
    void entriesReachLokiOnceWithTheirLabelsAndTimestampsAndFollowedAppendsToo() throws Exception {
        assumeTools();
        Path journalDir = Files.createDirectories(dir.resolve("journal"));
        Path journal = journalDir.resolve("node.journal");
        long base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toEpochMilli() * 1000;
        List<Fields> first = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            first.add(entry(base + i * 1000L + 7, i % 2 == 0 ? "kubelet.service" : "containerd.service",
                    i % 2 == 0 ? 6 : 3, "first " + i));
        }
        // Older than max_age (7h): not read on a first run, as Promtail.
        write(journal, List.of(entry(base - Duration.ofHours(8).toNanos() / 1000, "old.service", 6, "too old")));
        write(journal, first);
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent agent = Agent.start(config(loki, journalDir, dir.resolve("positions.yaml"), ""),
                    new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 200);
                List<Fields> more = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    more.add(entry(base + 500_000_000L + i, "kubelet.service", 4, "followed " + i));
                }
                write(journal, more);
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 250);
            } finally {
                agent.stop();
            }
            List<ReceivedEntry> entries = loki.entries();
            List<String> expected = new ArrayList<>();
            first.forEach(f -> expected.add(f.fields().get("MESSAGE")));
            for (int i = 0; i < 50; i++) {
                expected.add("followed " + i);
            }
            assertThat(entries).extracting(ReceivedEntry::line).containsExactlyInAnyOrderElementsOf(expected);
            ReceivedEntry kubelet = loki.entries(e -> e.line().equals("first 0")).get(0);
            assertThat(kubelet.labels()).isEqualTo(Map.of("job", "systemd-journal", "unit", "kubelet.service",
                    "level", "info", "host", "node-1"));
            assertThat(kubelet.timestampNanos()).isEqualTo((base + 7) * 1000);
            ReceivedEntry containerd = loki.entries(e -> e.line().equals("first 1")).get(0);
            assertThat(containerd.labels()).isEqualTo(Map.of("job", "systemd-journal", "unit", "containerd.service",
                    "level", "error", "host", "node-1"));
            assertThat(containerd.timestampNanos()).isEqualTo((base + 1007) * 1000);
            assertThat(loki.entries(e -> e.line().equals("followed 0")).get(0).labels()).containsEntry("level",
                    "warning");
            // Per stream, the journal's order.
            assertThat(loki.entriesFor(Map.of("job", "systemd-journal", "unit", "kubelet.service", "level", "info",
                    "host", "node-1"))).extracting(ReceivedEntry::line)
                    .containsExactlyElementsOf(expected.stream().filter(l -> l.startsWith("first ")
                            && Integer.parseInt(l.substring(6)) % 2 == 0).toList());
            String positions = Files.readString(dir.resolve("positions.yaml"));
            assertThat(positions).contains("cursor-node-journal: ").as("the 251st entry (hex), the last acknowledged").contains(";i=fb;");
        }
    }

    @Test
    void aBacklogOfShortEntriesWhileLokiIsDownStaysWithinTheImagesHeap() throws Exception {
        // 300,000 journal entries ran the image's 32 MiB heap out before the first push: the client counted an entry
        // its line (at least 64 bytes) against its 4 MiB budget, but a journal entry held its cursor (about 170
        // bytes) and its own label set besides.
        assumeTools();
        Path journalDir = Files.createDirectories(dir.resolve("journal"));
        long base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toEpochMilli() * 1000;
        int count = 150_000;
        List<Fields> backlog = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            backlog.add(entry(base + i, "svc-" + (i % 4) + ".service", 6, "m" + i));
        }
        write(journalDir.resolve("node.journal"), backlog);
        try (LokiReceiver loki = new LokiReceiver()) {
            loki.respondWith(500, 100); // down for a while: the client's budget fills while journalctl reads on
            Path configFile = dir.resolve("journal.yaml");
            // A rule that reads each message: every entry is relabeled alone, into its own label set.
            Files.writeString(configFile, configYaml(loki, journalDir, dir.resolve("positions.yaml"), "", """
                          - source_labels: ['__journal_message']
                            regex: 'noise.*'
                            action: drop
                    """));
            AgentProcess.runInImageHeapUntil(configFile, dir.resolve("agent.log"), loki::entryCount, count);
            assertThat(loki.entryCount()).isEqualTo(count);
            for (int unit = 0; unit < 4; unit++) {
                List<String> expected = new ArrayList<>();
                for (int i = unit; i < count; i += 4) {
                    expected.add("m" + i);
                }
                assertThat(loki.entriesFor(Map.of("job", "systemd-journal", "unit", "svc-" + unit + ".service",
                        "level", "info", "host", "node-1")))
                        .extracting(ReceivedEntry::line).as("unit %d, in the journal's order", unit)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void jsonTrueSendsTheEntrysFieldsAndMatchesFilter() throws Exception {
        assumeTools();
        Path journalDir = Files.createDirectories(dir.resolve("journal"));
        long base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toEpochMilli() * 1000;
        write(journalDir.resolve("node.journal"), List.of(entry(base, "kubelet.service", 6, "wanted"),
                entry(base + 1, "other.service", 6, "not wanted"), entry(base + 2, "kubelet.service", 5, "wanted too")));
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent agent = Agent.start(config(loki, journalDir, dir.resolve("positions.yaml"),
                    "      json: true\n      matches: _SYSTEMD_UNIT=kubelet.service"),
                    new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 2);
            } finally {
                agent.stop();
            }
            assertThat(loki.lines()).containsExactly(
                    "{\"MESSAGE\":\"wanted\",\"PRIORITY\":\"6\",\"_BOOT_ID\":\"" + BOOT_ID + "\",\"_HOSTNAME\":\"node-1\","
                            + "\"_SYSTEMD_UNIT\":\"kubelet.service\"}",
                    "{\"MESSAGE\":\"wanted too\",\"PRIORITY\":\"5\",\"_BOOT_ID\":\"" + BOOT_ID + "\",\"_HOSTNAME\":"
                            + "\"node-1\",\"_SYSTEMD_UNIT\":\"kubelet.service\"}");
        }
    }

    @Test
    void skippedEntriesStillMoveTheCursorAndAreCountedAsPromtailCountsThem() throws Exception {
        assumeTools();
        Path journalDir = Files.createDirectories(dir.resolve("journal"));
        long base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toEpochMilli() * 1000;
        Fields noMessage = entry(base + 1, "kubelet.service", 6, "x");
        noMessage.fields().remove("MESSAGE");
        write(journalDir.resolve("node.journal"), List.of(entry(base, "kubelet.service", 6, "kept"), noMessage,
                entry(base + 2, "noisy.service", 6, "dropped by relabeling")));
        Path positions = dir.resolve("positions.yaml");
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent agent = Agent.start(ConfigLoader.parse("""
                    server:
                      http_listen_port: 0
                    clients:
                      - url: %s
                        batchwait: 20ms
                    positions:
                      filename: %s
                      sync_period: 50ms
                    scrape_configs:
                      - job_name: node-journal
                        journal:
                          path: %s
                          labels: {job: systemd-journal}
                        relabel_configs:
                          - source_labels: ['__journal__systemd_unit']
                            regex: noisy.service
                            action: drop
                    """.formatted(loki.url(), positions, journalDir), "journal.yaml", false, Map.of()),
                    new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                // The periodic writer writes the cursor once the skipped entries are past (no stop needed).
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(positions)
                        && Files.readString(positions).contains(";i=3;"));
                // Promtail's journal target counters, with its error values for the two skipped entries.
                assertThat(agent.metrics().value("promtail_journal_target_lines_total")).isEqualTo(1);
                assertThat(agent.metrics().value("promtail_journal_target_parsing_errors_total", "error", "no_message"))
                        .isEqualTo(1);
                assertThat(agent.metrics().value("promtail_journal_target_parsing_errors_total", "error",
                        "empty_labels")).isEqualTo(1);
                assertThat(agent.metrics().scrape()).as("on /metrics").contains(
                        "promtail_journal_target_lines_total 1\n",
                        "promtail_journal_target_parsing_errors_total{error=\"no_message\"} 1\n");
            } finally {
                agent.stop();
            }
            assertThat(loki.lines()).containsExactly("kept");
            assertThat(Files.readString(positions)).as("past the two skipped entries: the third").contains(";i=3;");
        }
    }
}
