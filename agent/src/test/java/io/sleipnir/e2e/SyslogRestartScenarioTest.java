package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.FreePorts;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TCP syslog promise: what the agent accepted is delivered, also across a stop, and nothing twice; and a
 * blocked pipeline stops the agent reading the socket, so the sender waits instead of the agent buffering.
 */
@Timeout(180)
class SyslogRestartScenarioTest {
    @TempDir
    Path dir;

    private AgentConfig config(LokiReceiver loki, int port, String batchWait, int batchSize) throws Exception {
        return ConfigLoader.parse("""
                server:
                  http_listen_port: 0
                clients:
                  - url: %s
                    batchwait: %s
                    batchsize: %d
                    backoff_config: {min_period: 10ms, max_period: 50ms}
                positions:
                  filename: %s
                scrape_configs:
                  - job_name: syslog
                    syslog:
                      listen_address: 127.0.0.1:%d
                      labels: {job: syslog}
                """.formatted(loki.url(), batchWait, batchSize, dir.resolve("positions.yaml"), port), "syslog.yaml",
                false, Map.of());
    }

    @Test
    void whatWasAcceptedBeforeAStopIsDeliveredOnceAndTheNextRunAddsOnlyItsOwn() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/logger"))).isTrue();
        int port = FreePorts.pick();
        try (LokiReceiver loki = new LokiReceiver()) {
            // A batch waits an hour: only the stop can deliver what the first run accepted.
            Agent first = Agent.start(config(loki, port, "1h", 1 << 20), new Agent.Options(false, System.out,
                    Clock.systemUTC()));
            try {
                SyslogScenarioTest.logger(SyslogScenarioTest.lines("first", 500), List.of("--tcp", "--octet-count",
                        "-P", String.valueOf(port), "--rfc5424", "-t", "app"));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> first.metrics().value("promtail_syslog_target_entries_total") == 500);
                assertThat(loki.entryCount()).as("held in the client's batch").isZero();
            } finally {
                first.stop();
            }
            assertThat(loki.entries()).extracting(ReceivedEntry::line)
                    .containsExactlyElementsOf(SyslogScenarioTest.lines("first", 500).lines().toList());

            Agent second = Agent.start(config(loki, port, "1h", 1 << 20), new Agent.Options(false, System.out,
                    Clock.systemUTC()));
            try {
                SyslogScenarioTest.logger(SyslogScenarioTest.lines("second", 300), List.of("--tcp", "-P",
                        String.valueOf(port), "--rfc3164", "-t", "app"));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> second.metrics().value("promtail_syslog_target_entries_total") == 300);
            } finally {
                second.stop();
            }
            List<String> expected = new ArrayList<>(SyslogScenarioTest.lines("first", 500).lines().toList());
            expected.addAll(SyslogScenarioTest.lines("second", 300).lines().toList());
            assertThat(loki.entries()).extracting(ReceivedEntry::line).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aBlockedPipelineStopsReadingTheSocketAndTheSenderWaits() throws Exception {
        int port = FreePorts.pick();
        int messages = 40_000;
        String padding = "x".repeat(1000);
        try (LokiReceiver loki = new LokiReceiver()) {
            loki.respondWith(500); // Loki is down: the client's 64 KiB budget fills and the pipeline blocks
            Agent agent = Agent.start(config(loki, port, "20ms", 16 << 10), new Agent.Options(false, System.out,
                    Clock.systemUTC()));
            AtomicLong written = new AtomicLong();
            Thread sender = new Thread(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    OutputStream out = s.getOutputStream();
                    for (int i = 0; i < messages; i++) {
                        out.write(("<13>1 - h app - - - m" + i + " " + padding + "\n").getBytes(StandardCharsets.UTF_8));
                        written.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                sender.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.requests().size() >= 3);
                double accepted = agent.metrics().value("promtail_syslog_target_entries_total");
                // 40 MB cannot fit in the kernel's socket buffers: the sender is still writing, held by TCP
                assertThat(sender.isAlive()).isTrue();
                assertThat(accepted).as("what the agent took while Loki is down").isLessThan(messages / 4.0);
                loki.respondWith(204);
                sender.join(Duration.ofSeconds(150).toMillis());
                assertThat(sender.isAlive()).isFalse();
                await().atMost(Duration.ofSeconds(120)).until(() -> loki.entryCount() >= messages);
                List<ReceivedEntry> entries = loki.entries();
                assertThat(entries).hasSize(messages);
                for (int i = 0; i < messages; i++) {
                    assertThat(entries.get(i).line()).isEqualTo("m" + i + " " + padding);
                }
            } finally {
                agent.stop();
            }
        }
    }
}
