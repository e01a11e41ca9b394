package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.FreePorts;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog from the real client, util-linux {@code logger}, over TCP (newline and octet-counting framing) and UDP, in
 * RFC 5424 and RFC 3164, into the agent and on to the test Loki receiver: every message once, in order, with the
 * labels the job's relabel_configs make of Promtail's {@code __syslog_*} labels and the timestamps asked for.
 */
@Timeout(120)
class SyslogScenarioTest {
    private static final Path LOGGER = Path.of("/usr/bin/logger");
    /** The agent's clock runs a day behind, so a timestamp taken from the message is told apart from its own. */
    private static final Duration AGENT_CLOCK_OFFSET = Duration.ofDays(-1);

    @TempDir
    Path dir;
    private LokiReceiver loki;
    private Agent agent;
    private int tcpPort;
    private int udpPort;
    private String hostname;

    @BeforeEach
    void start() throws Exception {
        assumeThat(Files.isExecutable(LOGGER)).as("util-linux logger (Debian package bsdutils)").isTrue();
        hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        loki = new LokiReceiver();
        tcpPort = FreePorts.pick();
        udpPort = FreePorts.pick();
        agent = Agent.start(ConfigLoader.parse(config(), "syslog.yaml", false, Map.of()),
                new Agent.Options(false, System.out, Clock.offset(Clock.systemUTC(), AGENT_CLOCK_OFFSET)));
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        if (loki != null) {
            loki.close();
        }
    }

    private String config() {
        String relabel = """
                    relabel_configs:
                      - source_labels: ['__syslog_message_hostname']
                        target_label: host
                      - {source_labels: [__syslog_message_app_name], target_label: app}
                      - {source_labels: [__syslog_message_proc_id], target_label: pid}
                      - {source_labels: [__syslog_message_msg_id], target_label: msgid}
                      - {source_labels: [__syslog_message_severity], target_label: level}
                      - {source_labels: [__syslog_message_facility], target_label: facility}
                      - {source_labels: [__syslog_connection_ip_address], target_label: ip}
                      - {source_labels: [__syslog_message_sd_zoo_123_tiger], target_label: tiger}
                """;
        return """
                server:
                  http_listen_port: 0
                clients:
                  - url: %s
                    batchwait: 20ms
                positions:
                  filename: %s
                scrape_configs:
                  - job_name: syslog-tcp
                    syslog:
                      listen_address: 127.0.0.1:%d
                      label_structured_data: yes
                      use_incoming_timestamp: true
                      labels:
                        job: syslog-tcp
                %s
                  - job_name: syslog-udp
                    syslog:
                      listen_address: 127.0.0.1:%d
                      listen_protocol: udp
                      labels:
                        job: syslog-udp
                %s
                """.formatted(loki.url(), dir.resolve("positions.yaml"), tcpPort, relabel, udpPort, relabel);
    }

    @Test
    void rfc5424OverTcpOneMessagePerLine() throws Exception {
        assertRfc5424Delivered(300, "--tcp");
    }

    @Test
    void rfc5424OverTcpWithOctetCounting() throws Exception {
        assertRfc5424Delivered(300, "--tcp", "--octet-count");
    }

    private void assertRfc5424Delivered(int count, String... transport) throws Exception {
        long before = System.currentTimeMillis() * 1_000_000L;
        List<String> args = new ArrayList<>(List.of(transport));
        args.addAll(List.of("-P", String.valueOf(tcpPort), "--rfc5424", "-t", "myapp", "--id=4242", "-p",
                "local3.warning", "--msgid", "M1", "--sd-id", "zoo@123", "--sd-param", "tiger=\"hungry\""));
        logger(lines("tcp", count), args);
        // The end of this millisecond: logger's microseconds may lie within it (a stamp 3 us past the millisecond
        // read here failed the bound once).
        long after = (System.currentTimeMillis() + 1) * 1_000_000L;

        await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= count);
        List<ReceivedEntry> entries = loki.entries();
        assertThat(entries).extracting(ReceivedEntry::line).containsExactlyElementsOf(lines("tcp", count).lines().toList());
        for (ReceivedEntry e : entries) {
            assertThat(e.labels()).isEqualTo(Map.of("job", "syslog-tcp", "host", hostname, "app", "myapp",
                    "pid", "4242", "msgid", "M1", "level", "warning", "facility", "local3", "ip", "127.0.0.1",
                    "tiger", "hungry"));
            // logger stamps each message with microseconds; the agent's own clock is a day behind
            assertThat(e.timestampNanos()).isBetween(before - 1_000_000L, after).matches(ts -> ts % 1000 == 0);
        }
        assertThat(agent.metrics().value("promtail_syslog_target_entries_total")).isEqualTo(count);
    }

    @Test
    void rfc3164OverTcpBothFramings() throws Exception {
        long before = System.currentTimeMillis() / 1000 * 1_000_000_000L;
        logger(lines("bsd", 100), List.of("--tcp", "-P", String.valueOf(tcpPort), "--rfc3164", "-t", "bsdapp",
                "--id=7", "-p", "daemon.err"));
        logger(lines("bsd-counted", 100), List.of("--tcp", "--octet-count", "-P", String.valueOf(tcpPort),
                "--rfc3164", "-t", "bsdapp", "--id=7", "-p", "daemon.err"));
        long after = System.currentTimeMillis() * 1_000_000L;

        await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 200);
        // Each logger run is its own connection, read by its own thread: each one's messages arrive whole and in
        // order, while the second may start before the first's last ones are through (as Promtail's goroutines).
        List<String> received = loki.entries().stream().map(ReceivedEntry::line).toList();
        assertThat(received).hasSize(200);
        assertThat(received.stream().filter(l -> l.startsWith("bsd message")).toList())
                .containsExactlyElementsOf(lines("bsd", 100).lines().toList());
        assertThat(received.stream().filter(l -> l.startsWith("bsd-counted message")).toList())
                .containsExactlyElementsOf(lines("bsd-counted", 100).lines().toList());
        for (ReceivedEntry e : loki.entries()) {
            assertThat(e.labels()).isEqualTo(Map.of("job", "syslog-tcp", "host", hostname, "app", "bsdapp",
                    "pid", "7", "level", "error", "facility", "daemon", "ip", "127.0.0.1"));
            // RFC 3164 stamps carry whole seconds (logger runs with TZ=UTC; the year is the agent's)
            assertThat(e.timestampNanos()).isBetween(before, after);
            assertThat(e.timestampNanos() % 1_000_000_000L).isZero();
        }
    }

    @Test
    void rfc5424OverUdpGetsTheAgentsTimeWithoutUseIncomingTimestamp() throws Exception {
        long before = System.currentTimeMillis() * 1_000_000L;
        // UDP: one datagram per message and no way to ask for one again, so few and unhurried.
        logger(lines("udp", 50), List.of("--udp", "-P", String.valueOf(udpPort), "--rfc5424", "-t", "udpapp",
                "-p", "user.info"));
        await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 50);
        assertThat(loki.entries()).extracting(ReceivedEntry::line)
                .containsExactlyElementsOf(lines("udp", 50).lines().toList());
        for (ReceivedEntry e : loki.entries()) {
            assertThat(e.labels()).containsEntry("job", "syslog-udp").containsEntry("app", "udpapp")
                    .containsEntry("level", "informational").containsEntry("facility", "user")
                    .containsEntry("ip", "127.0.0.1").doesNotContainKey("tiger");
            assertThat(e.timestampNanos()).as("the agent's clock, a day behind")
                    .isLessThan(before + AGENT_CLOCK_OFFSET.toNanos() + Duration.ofMinutes(5).toNanos());
        }
    }

    @Test
    void malformedInputIsCountedAndLoggedNeverFatal() throws Exception {
        try (Socket s = new Socket("127.0.0.1", tcpPort)) {
            OutputStream out = s.getOutputStream();
            out.write(("<13>1 not-a-time h a p m - bad timestamp\n<999>1 - - - - - - bad priority\n"
                    + "<13>1 - - - - - -\n<13>1 - h app - - - good one\n").getBytes(StandardCharsets.UTF_8));
        }
        try (Socket s = new Socket("127.0.0.1", tcpPort)) {
            s.getOutputStream().write("no framing at all\n".getBytes(StandardCharsets.UTF_8));
        }
        logger("still listening\n", List.of("--tcp", "-P", String.valueOf(tcpPort), "--rfc5424", "-t", "after"));
        await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 2);
        assertThat(loki.entries()).extracting(ReceivedEntry::line).containsExactlyInAnyOrder("good one", "still listening");
        assertThat(agent.metrics().value("promtail_syslog_target_parsing_errors_total")).isEqualTo(2);
        assertThat(agent.metrics().value("promtail_syslog_empty_messages_total")).isEqualTo(1);
        assertThat(agent.metrics().value("sleipnir_network_source_rejected_total", "source", "syslog",
                "reason", "bad_framing")).isEqualTo(1);
        assertThat(agent.metrics().value("sleipnir_network_source_rejected_total", "source", "syslog",
                "reason", "malformed")).isEqualTo(2);
    }

    static String lines(String prefix, int count) {
        StringBuilder b = new StringBuilder();
        IntStream.range(0, count).forEach(i -> b.append(prefix).append(" message ").append(i).append('\n'));
        return b.toString();
    }

    /** Runs logger against 127.0.0.1 with {@code stdin} as its messages, one per line, and waits for it. */
    static void logger(String stdin, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LOGGER.toString(), "-n", "127.0.0.1"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TZ", "UTC");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("logger %s: %s", args, output).isZero();
    }
}
