package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.golang.Rfc3339;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker_sd_configs} against a real Docker-compatible Engine API (podman's, {@link PodmanApi}): containers
 * found through the label filter, stdout and stderr told apart, each line once with its labels and its Docker
 * timestamp; and the promise: the position moves only past acknowledged lines, so a stop while Loki is down loses
 * nothing and re-sends only the unacknowledged; a restarted container keeps shipping (loki#5259) and a stopped one
 * is not sent again (loki#6021).
 */
@Timeout(240)
class DockerSdScenarioTest {
    private static final int N = 40;

    @TempDir
    Path dir;

    static AgentConfig config(LokiReceiver loki, Path socket, Path positions) throws Exception {
        return ConfigLoader.parse(configYaml(loki, socket, positions), "docker.yaml", false, Map.of());
    }

    static String configYaml(LokiReceiver loki, Path socket, Path positions) {
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
                  - job_name: containers
                    docker_sd_configs:
                      - host: unix://%s
                        refresh_interval: 500ms
                        filters:
                          - name: label
                            values: [logging=sleipnir]
                    relabel_configs:
                      - source_labels: ['__meta_docker_container_name']
                        regex: '/(.*)'
                        target_label: container
                      - source_labels: ['__meta_docker_container_log_stream']
                        target_label: stream
                      - source_labels: ['__meta_docker_container_label_app']
                        target_label: app
                """.formatted(loki.url(), positions, socket);
    }

    @Test
    void linesReachLokiOnceWithLabelsStreamsAndDockerTimestampsAndALongLineIsJoined() throws Exception {
        try (PodmanApi podman = PodmanApi.start(dir); LokiReceiver loki = new LokiReceiver()) {
            String longLine = "x".repeat(40_000);
            podman.runContainer("web", "logging=sleipnir", PodmanApi.script(N).replace("sleep 100000",
                    "echo " + longLine + "; sleep 100000"));
            podman.podman("run", "-d", "--name", "unlabelled", "--network", "none", "--ulimit", "nofile=1024:1024",
                    "--ulimit", "nproc=4096:4096", PodmanApi.IMAGE, "sh", "-c", "echo not wanted; sleep 100000");
            Agent agent = Agent.start(config(loki, podman.socket(), dir.resolve("positions.yaml")),
                    new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 2 * N + 1);
            } finally {
                agent.stop();
            }
            List<String> expectedOut = new ArrayList<>();
            List<String> expectedErr = new ArrayList<>();
            for (int i = 1; i <= N; i++) {
                expectedOut.add("run 1 out " + i);
                expectedErr.add("run 1 err " + i);
            }
            expectedOut.add(longLine);
            assertThat(loki.entriesFor(Map.of("container", "web", "stream", "stdout"))).extracting(ReceivedEntry::line)
                    .containsExactlyElementsOf(expectedOut);
            assertThat(loki.entriesFor(Map.of("container", "web", "stream", "stderr"))).extracting(ReceivedEntry::line)
                    .containsExactlyElementsOf(expectedErr);
            assertThat(loki.entryCount()).as("nothing else, nothing twice").isEqualTo(2 * N + 1);
            // The timestamps are the daemon's: as podman's own client prints them (podman's API gives seconds).
            String cli = podman.podman("logs", "--timestamps", "web");
            long first = Rfc3339.parseNanos(cli.substring(0, cli.indexOf(' ')));
            ReceivedEntry out1 = loki.entries(e -> e.line().equals("run 1 out 1")).get(0);
            assertThat(out1.timestampNanos()).isEqualTo(first / 1_000_000_000L * 1_000_000_000L);
            assertThat(Files.readString(dir.resolve("positions.yaml"))).contains("cursor-"
                    + podman.podman("inspect", "--format", "{{.Id}}", "web").trim() + ": ");
        }
    }

    @Test
    void restartedContainerKeepsShippingStoppedOneIsNotResentAndAStopWhileLokiIsDownLosesNothing() throws Exception {
        try (PodmanApi podman = PodmanApi.start(dir); LokiReceiver loki = new LokiReceiver()) {
            Path positions = dir.resolve("positions.yaml");
            String id = podman.runContainer("app", "logging=sleipnir", PodmanApi.script(N));
            List<String> expected = new ArrayList<>();
            Agent first = Agent.start(config(loki, podman.socket(), positions),
                    new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                expectRun(expected, 1);
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() == 2 * N);
                // loki#5259: the same container (same ID) restarted goes on being read.
                podman.podman("restart", "--time", "0", "app");
                expectRun(expected, 2);
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() == 4 * N);

                loki.respondWith(500); // Loki is down: what is read now is not acknowledged
                int refusedBefore = loki.requests().size();
                podman.podman("restart", "--time", "0", "app");
                expectRun(expected, 3);
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.requests().size() > refusedBefore + 2);
            } finally {
                first.stop(Duration.ofMillis(100)); // gives up on the refused batches: they are not acknowledged
            }
            assertThat(loki.entryCount()).isEqualTo(4 * N);
            assertThat(Files.readString(positions)).contains("cursor-" + id + ": ");

            loki.respondWith(204);
            Agent second = Agent.start(config(loki, podman.socket(), positions),
                    new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 6 * N);
                // loki#6021: a container that stops is not sent again. Wait until discovery has seen it stopped.
                podman.podman("stop", "--time", "0", "app");
                awaitRefreshesWithNothingFollowed(second, podman.socket());
                assertThat(loki.entryCount()).isEqualTo(6 * N);
                podman.podman("start", "app");
                expectRun(expected, 4);
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 8 * N);
            } finally {
                second.stop();
            }
            assertThat(loki.entries()).extracting(ReceivedEntry::line).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aBacklogOfShortLinesWhileLokiIsDownStaysWithinTheImagesHeap() throws Exception {
        // The journal's entries held more than they were charged and ran a 32 MiB heap out; a container's entries
        // hold their acknowledgement token and position too (about 64 bytes each, not charged). 150,000 lines of at
        // most six bytes, each charged 64, with Loki down: the client holds its whole budget of them.
        int count = 150_000;
        try (PodmanApi podman = PodmanApi.start(dir); LokiReceiver loki = new LokiReceiver()) {
            podman.runContainer("short", "logging=sleipnir", "seq 1 " + count + "; sleep 100000");
            loki.respondWith(500, 100); // down for a while: the client's budget fills while the log is read on
            Path configFile = dir.resolve("docker.yaml");
            Files.writeString(configFile, configYaml(loki, podman.socket(), dir.resolve("positions.yaml")));
            AgentProcess.runInImageHeapUntil(configFile, dir.resolve("agent.log"), loki::entryCount, count);
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                expected.add(String.valueOf(i));
            }
            assertThat(loki.entriesFor(Map.of("container", "short", "stream", "stdout")))
                    .extracting(ReceivedEntry::line).as("every line once, in order").containsExactlyElementsOf(expected);
        }
    }

    private static void expectRun(List<String> expected, int run) {
        for (int i = 1; i <= N; i++) {
            expected.add("run " + run + " out " + i);
            expected.add("run " + run + " err " + i);
        }
    }

    /** Two more discovery rounds end after the follow of the stopped container ended. */
    private static void awaitRefreshesWithNothingFollowed(Agent agent, Path socket) {
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.metrics().value("sleipnir_docker_containers_followed",
                "job", "containers", "host", "unix://" + socket) == 0);
        double rounds = agent.metrics().value("prometheus_sd_refresh_duration_seconds_count", "mechanism", "docker");
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.metrics().value(
                "prometheus_sd_refresh_duration_seconds_count", "mechanism", "docker") >= rounds + 2);
    }
}
