package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LogCapture;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code tenant} stage that makes thousands of tenants from log data: the client sends them all on one thread,
 * opens at most {@code max_tenants}, and says so (an error line, a counter); the refused entries still let the
 * position move past them.
 */
class ManyTenantsScenarioTest {
    private static final int TENANTS = 3000;
    private static final int MAX_TENANTS = 100;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void thousandsOfTenantsUseOneSendingThreadAndTheCapDropsAndCountsTheRest() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.write(logs.resolve("a.log"), IntStream.range(0, TENANTS)
                .mapToObj(i -> String.format("t%04d line %d", i, i)).toList());
        try (LokiReceiver loki = new LokiReceiver(); LogCapture log = LogCapture.start(Level.INFO)) {
            String yaml = ScenarioConfig.staticJob("app", logs + "/*.log", loki.url(), dir.resolve("positions.yaml"))
                    .batchWait("100ms")
                    .stages("- regex:\n    expression: '^(?P<t>\\S+) '\n- tenant:\n    source: t").yaml()
                    + "limits_config:\n  max_tenants: " + MAX_TENANTS + "\n";
            Agent agent = Agent.start(ConfigLoader.parse(yaml, "scenario.yaml", false, Map.of()),
                    new Agent.Options(false, System.out, Clock.systemUTC()));
            String host = "127.0.0.1:" + loki.port();
            try {
                await().atMost(Duration.ofSeconds(60)).until(agent::caughtUp);
                await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() == MAX_TENANTS);

                assertThat(sendingThreads(host)).as("one sending thread for the client, whatever the tenants")
                        .hasSize(1);
                List<String> received = loki.entries().stream().map(ReceivedEntry::tenant).sorted().toList();
                assertThat(received).as("the first max_tenants tenants, one line each")
                        .containsExactlyElementsOf(IntStream.range(0, MAX_TENANTS)
                                .mapToObj(i -> String.format("t%04d", i)).toList());
                assertThat(agent.metrics().value("promtail_dropped_entries_total", "host", host, "tenant", "",
                        "reason", "tenant_limited")).isEqualTo(TENANTS - MAX_TENANTS);
                assertThat(agent.metrics().value("sleipnir_client_tenants", "host", host)).isEqualTo(MAX_TENANTS);
                List<LogCapture.Line> errors = log.lines(Level.SEVERE, "max_tenants");
                assertThat(errors).as("said once, not once per entry").hasSize(1);
                assertThat(errors.get(0).message()).isEqualTo("client " + host + " has " + MAX_TENANTS
                        + " tenants open (limits_config.max_tenants); dropping the entries of new tenant \"t0100\" and"
                        + " of any other until a tenant has been idle for 1m0s, counted in"
                        + " promtail_dropped_entries_total{reason=\"tenant_limited\"}");
            } finally {
                agent.stop();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> sendingThreads(host).isEmpty());
        }
    }

    private static List<String> sendingThreads(String host) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("loki-") && n.contains(host)).collect(Collectors.toList());
    }
}
