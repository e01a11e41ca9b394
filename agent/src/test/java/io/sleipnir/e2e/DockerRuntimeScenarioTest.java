package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.sleipnir.cli.Agent;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.NodeSelectorIgnoringDispatcher;
import io.sleipnir.testing.ReceivedEntry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 6: the shipped config/docker-runtime/daemonset.yaml on a node tree with both kinds of container
 * logs, as the kubelet leaves them. A Docker-runtime pod's {@code /var/log/pods/.../0.log} is a symlink into
 * {@code /var/lib/docker/containers/<id>/<id>-json.log} with Docker's json-file records; a containerd pod's is a
 * CRI file. Both pods' lines reach Loki with their content, their own timestamps and the stream label, the partial
 * CRI line joined, nothing left in Docker's or CRI's framing.
 */
class DockerRuntimeScenarioTest {
    private static final String NODE = "node-a";
    private static final String CONTAINER_ID = "4f6c3b1d2e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c";

    /** Docker's json-file records as dockerd writes them (RFC 3339 with trailing zeros of the nanos trimmed). */
    private static final List<String> DOCKER_LINES = List.of(
            "{\"log\":\"ts=2026-11-25T09:00:00.120Z level=info msg=\\\"order placed\\\" order_id=1001\\n\","
                    + "\"stream\":\"stdout\",\"time\":\"2026-11-25T09:00:00.123456789Z\"}",
            "{\"log\":\"ts=2026-11-25T09:00:01.500Z level=error msg=\\\"payment declined\\\" order_id=1002\\n\","
                    + "\"stream\":\"stderr\",\"time\":\"2026-11-25T09:00:01.5Z\"}",
            "{\"log\":\"{\\\"level\\\":\\\"info\\\",\\\"msg\\\":\\\"order shipped\\\",\\\"order_id\\\":1001}\\n\","
                    + "\"stream\":\"stdout\",\"time\":\"2026-11-25T09:00:02.00000001Z\"}");
    /** containerd's CRI lines, one split by the runtime into a partial (P) and a full (F) part. */
    private static final List<String> CRI_LINES = List.of(
            "2026-11-25T09:00:00.200000000Z stdout F ts=2026-11-25T09:00:00.199Z level=info msg=\"delivery booked\" order_id=1001",
            "2026-11-25T09:00:03.000000000Z stderr P ts=2026-11-25T09:00:02.999Z level=warn msg=\"courier late",
            "2026-11-25T09:00:03.000000001Z stderr F \" order_id=1001",
            "2026-11-25T09:00:04.250000000Z stdout F {\"log\":\"not docker, the application's own JSON\"}");

    @TempDir
    Path dir;

    private KubernetesMockServer server;
    private NamespacedKubernetesClient kube;

    @BeforeEach
    void startApiServer() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new NodeSelectorIgnoringDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        kube = server.createClient();
    }

    @AfterEach
    void stopApiServer() {
        kube.close();
        server.destroy();
    }

    @Test
    void shipsDockerJsonFileAndCriLinesOfOneNodeWithTheirOwnTimesAndStreams() throws Exception {
        Path pods = Files.createDirectories(dir.resolve("var/log/pods"));
        Path containers = Files.createDirectories(dir.resolve("var/lib/docker/containers"));
        Pod order = create("order-7d4b9c8f6-q2w3e", "order");
        Pod delivery = create("delivery-5c6b7d8f9-r4t5y", "delivery");

        // Docker: the kubelet's file is a symlink to dockerd's json-file log.
        Path dockerLog = Files.createDirectories(containers.resolve(CONTAINER_ID)).resolve(CONTAINER_ID + "-json.log");
        Files.writeString(dockerLog, String.join("\n", DOCKER_LINES) + "\n", StandardCharsets.UTF_8);
        Files.createSymbolicLink(Files.createDirectories(podDir(pods, order)).resolve("0.log"), dockerLog);
        // containerd: the file itself.
        Files.writeString(Files.createDirectories(podDir(pods, delivery)).resolve("0.log"),
                String.join("\n", CRI_LINES) + "\n", StandardCharsets.UTF_8);

        String shipped = Files.readString(Path.of("..", "config", "docker-runtime", "daemonset.yaml"));
        String config = shipped
                .replace("/var/log/pods/", pods + "/")
                .replace("/var/lib/sleipnir/positions.yaml", dir.resolve("positions.yaml").toString())
                .replace("http_listen_port: 9080", "http_listen_port: 0")
                .replace("      - role: pod\n", "      - role: pod\n        api_server: " + server.url("/") + "\n");
        assertThat(config).as("the rebasing found what it rewrites")
                .doesNotContain("replacement: /var/log/pods/", "/var/lib/sleipnir").contains("api_server: ");

        try (LokiReceiver loki = new LokiReceiver()) {
            AgentConfig parsed = ConfigLoader.parse(config, "daemonset.yaml", true, Map.of("LOKI_URL", loki.url()));
            Agent agent = Agent.start(parsed, new Agent.Options(false, System.out, Clock.systemUTC(),
                    Map.of("NODE_NAME", NODE)));
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() >= 6);
                agent.awaitCaughtUp();
            } finally {
                agent.stop();
            }

            // Loki orders by stream: the file's order must hold within each stream (checked by containsExactly on
            // the stdout and stderr entries in file order).
            assertInFileOrderPerStream(entriesOf(loki, "order-7d4b9c8f6-q2w3e"),
                    entry("2026-11-25T09:00:00.123456789Z", "stdout",
                            "ts=2026-11-25T09:00:00.120Z level=info msg=\"order placed\" order_id=1001\n"),
                    entry("2026-11-25T09:00:01.5Z", "stderr",
                            "ts=2026-11-25T09:00:01.500Z level=error msg=\"payment declined\" order_id=1002\n"),
                    entry("2026-11-25T09:00:02.00000001Z", "stdout",
                            "{\"level\":\"info\",\"msg\":\"order shipped\",\"order_id\":1001}\n"));
            assertInFileOrderPerStream(entriesOf(loki, "delivery-5c6b7d8f9-r4t5y"),
                    entry("2026-11-25T09:00:00.2Z", "stdout",
                            "ts=2026-11-25T09:00:00.199Z level=info msg=\"delivery booked\" order_id=1001"),
                    // Joined with the time of its full (F) part, as Promtail does.
                    entry("2026-11-25T09:00:03.000000001Z", "stderr",
                            "ts=2026-11-25T09:00:02.999Z level=warn msg=\"courier late\" order_id=1001"),
                    entry("2026-11-25T09:00:04.25Z", "stdout", "{\"log\":\"not docker, the application's own JSON\"}"));
            assertThat(loki.entries()).filteredOn(e -> e.labels().get("pod").equals("order-7d4b9c8f6-q2w3e"))
                    .allSatisfy(e -> assertThat(e.labels()).containsEntry("app", "order")
                            .containsEntry("namespace", "shop").containsEntry("job", "shop/order")
                            .containsEntry("container", "app").containsEntry("node_name", NODE));
            assertThat(loki.entryCount()).isEqualTo(6);
        }
    }

    private record Shipped(Instant time, String stream, String line) {
    }

    private static void assertInFileOrderPerStream(List<Shipped> actual, Shipped... inFileOrder) {
        assertThat(actual).containsExactlyInAnyOrder(inFileOrder);
        for (String stream : List.of("stdout", "stderr")) {
            assertThat(actual.stream().filter(e -> e.stream().equals(stream)).toList()).as(stream)
                    .containsExactlyElementsOf(Stream.of(inFileOrder).filter(e -> e.stream().equals(stream)).toList());
        }
    }

    private static Shipped entry(String time, String stream, String line) {
        return new Shipped(Instant.parse(time), stream, line);
    }

    private static List<Shipped> entriesOf(LokiReceiver loki, String pod) {
        return loki.entries().stream().filter(e -> pod.equals(e.labels().get("pod")))
                .map(DockerRuntimeScenarioTest::shipped).toList();
    }

    private static Shipped shipped(ReceivedEntry e) {
        Instant time = Instant.ofEpochSecond(0, e.timestampNanos());
        return new Shipped(time, e.labels().get("stream"), e.line());
    }

    private static Path podDir(Path pods, Pod pod) {
        return pods.resolve("shop_" + pod.getMetadata().getName() + "_" + pod.getMetadata().getUid()).resolve("app");
    }

    private Pod create(String name, String app) {
        return kube.pods().inNamespace("shop").resource(new PodBuilder()
                .withNewMetadata().withNamespace("shop").withName(name).addToLabels("app", app).endMetadata()
                .withNewSpec().withNodeName(NODE).addNewContainer().withName("app").withImage("shop/" + app + ":1")
                .endContainer().endSpec()
                // Discovery, like Prometheus', makes no target of a pod without an IP.
                .withNewStatus().withPhase("Running").withPodIP("10.0.0." + (Math.abs(name.hashCode()) % 250 + 1))
                .endStatus()
                .build()).create();
    }
}
