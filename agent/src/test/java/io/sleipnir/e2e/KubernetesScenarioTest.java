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
import io.sleipnir.targets.DroppedTarget;
import io.sleipnir.targets.TargetDropReason;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.NodeSelectorIgnoringDispatcher;
import io.sleipnir.testing.ReceivedEntry;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done-when 1: the agent, running the scrape config of Promtail's Helm chart against fabric8's mock API server (CRUD
 * mode), ships the CRI logs of this node's pods in namespace {@code shop} with the chart's labels, nothing of a pod on
 * another node, drains and releases a deleted pod's files, and picks up a new pod's logs within seconds.
 *
 * <p>The log tree is shaped like {@code /var/log/pods} ({@code <ns>_<pod>_<uid>/<container>/0.log}) under a temp dir.
 */
class KubernetesScenarioTest {
    private static final String NODE = "node-a";

    /**
     * The shipped {@code config/daemonset.yaml} as it is, with only what a test must change: the Loki URL (through
     * {@code LOKI_URL}, as in a cluster), the log tree and positions file rebased into the temp dir, the API server
     * pointed at the mock, and the HTTP port left to the system.
     */
    private String shippedConfig(Path pods) throws Exception {
        String shipped = Files.readString(Path.of("..", "config", "daemonset.yaml"));
        String rebased = shipped
                .replace("/var/log/pods/", pods + "/")
                .replace("/var/lib/sleipnir/positions.yaml", dir.resolve("positions.yaml").toString())
                .replace("http_listen_port: 9080", "http_listen_port: 0")
                .replace("      - role: pod\n", "      - role: pod\n        api_server: " + server.url("/") + "\n");
        assertThat(rebased).as("the rebasing found what it rewrites").doesNotContain("replacement: /var/log/pods/", "/var/lib/sleipnir")
                .contains("api_server: ");
        return rebased;
    }

    @TempDir
    Path dir;

    private KubernetesMockServer server;
    private NodeSelectorIgnoringDispatcher dispatcher;
    private NamespacedKubernetesClient kube;
    private final List<CriLogWriter> writers = new ArrayList<>();

    @BeforeEach
    void startApiServer() throws Exception {
        dispatcher = new NodeSelectorIgnoringDispatcher();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        kube = server.createClient();
    }

    @AfterEach
    void stopApiServer() throws Exception {
        for (CriLogWriter w : writers) {
            w.close();
        }
        stopApi();
    }

    private boolean apiStopped;

    private void stopApi() {
        if (!apiStopped) {
            apiStopped = true;
            kube.close();
            server.destroy();
        }
    }

    /**
     * The API server going away (an upgrade of the control plane, a network cut) must not make the agent forget
     * the pods it knows: their files stay tailed and their new lines keep arriving while the watch retries.
     */
    @Test
    void keepsShippingKnownPodsWhileTheApiServerIsUnreachable() throws Exception {
        Path pods = Files.createDirectories(dir.resolve("var/log/pods"));
        CriLogWriter order = logFile(pods, create("order-7d4b9c8f6-q2w3e", "order", NODE), "order");
        for (int i = 0; i < 10; i++) {
            order.writeLine(1);
        }
        try (LokiReceiver loki = new LokiReceiver()) {
            AgentConfig config = ConfigLoader.parse(shippedConfig(pods), "daemonset.yaml", true,
                    Map.of("LOKI_URL", loki.url()));
            Agent agent = Agent.start(config, new Agent.Options(false, System.out, Clock.systemUTC(),
                    Map.of("NODE_NAME", NODE)));
            try {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(linesOf(loki, "order-7d4b9c8f6-q2w3e")).containsExactlyElementsOf(expected("order", 0, 10)));

                stopApi();
                for (int i = 10; i < 20; i++) {
                    order.writeLine(1);
                }
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(linesOf(loki, "order-7d4b9c8f6-q2w3e")).containsExactlyElementsOf(expected("order", 0, 20)));
                assertThat(agent.metrics().value("promtail_targets_active_total")).isEqualTo(1);
                assertThat(agent.metrics().value("promtail_files_active_total")).isEqualTo(1);
            } finally {
                agent.stop();
            }
        }
    }

    @Test
    void shipsThisNodesPodLogsWithTheChartsLabelsAndFollowsPodsComingAndGoing() throws Exception {
        Path pods = Files.createDirectories(dir.resolve("var/log/pods"));
        CriLogWriter order = logFile(pods, create("order-7d4b9c8f6-q2w3e", "order", NODE), "order");
        CriLogWriter delivery = logFile(pods, create("delivery-5c6b7d8f9-r4t5y", "delivery", NODE), "delivery");
        CriLogWriter elsewhere = logFile(pods, create("order-7d4b9c8f6-z9x8c", "order", "node-b"), "elsewhere");
        for (int i = 0; i < 20; i++) {
            order.writeLine(1);
            delivery.writeLine(i % 5 == 0 ? 3 : 1);
            elsewhere.writeLine(1);
        }

        try (LokiReceiver loki = new LokiReceiver()) {
            AgentConfig config = ConfigLoader.parse(shippedConfig(pods), "daemonset.yaml", true,
                    Map.of("LOKI_URL", loki.url()));
            Agent agent = Agent.start(config, new Agent.Options(false, System.out, Clock.systemUTC(),
                    Map.of("NODE_NAME", NODE, "HOSTNAME", "sleipnir-abcde")));
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> loki.entryCount() >= 40);

                assertThat(linesOf(loki, "order-7d4b9c8f6-q2w3e")).containsExactlyElementsOf(expected("order", 0, 20));
                assertThat(linesOf(loki, "delivery-5c6b7d8f9-r4t5y"))
                        .containsExactlyElementsOf(expected("delivery", 0, 20));
                assertThat(loki.entries()).filteredOn(e -> e.labels().get("pod").equals("order-7d4b9c8f6-q2w3e"))
                        .allSatisfy(e -> assertThat(e.labels()).isEqualTo(Map.of(
                                "namespace", "shop", "app", "order", "job", "shop/order",
                                "pod", "order-7d4b9c8f6-q2w3e", "container", "app", "node_name", NODE,
                                "stream", "stdout", "filename", order.path().toString())));
                assertThat(loki.entries()).filteredOn(e -> e.labels().get("pod").equals("delivery-5c6b7d8f9-r4t5y"))
                        .allSatisfy(e -> assertThat(e.labels()).containsEntry("job", "shop/delivery")
                                .containsEntry("app", "delivery").containsEntry("namespace", "shop")
                                .containsEntry("container", "app").containsEntry("node_name", NODE));
                assertThat(dispatcher.requestedNodes()).isNotEmpty().containsOnly(NODE);
                assertThat(agent.targets().droppedTargets()).extracting(DroppedTarget::reason)
                        .containsExactly(TargetDropReason.WRONG_HOST);
                assertThat(agent.metrics().value("promtail_targets_failed_total", "reason", "wrong_host"))
                        .isEqualTo(1);
                assertThat(agent.metrics().value("promtail_targets_active_total")).isEqualTo(2);

                // Deleting a pod: what it wrote is drained, then its file is released.
                for (int i = 20; i < 30; i++) {
                    order.writeLine(1);
                }
                kube.pods().inNamespace("shop").withName("order-7d4b9c8f6-q2w3e").delete();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(agent.metrics().value("promtail_files_active_total")).isEqualTo(1);
                    assertThat(linesOf(loki, "order-7d4b9c8f6-q2w3e"))
                            .containsExactlyElementsOf(expected("order", 0, 30));
                });
                assertThat(agent.metrics().value("promtail_targets_active_total")).isEqualTo(1);

                // A new pod: its logs arrive within seconds.
                CriLogWriter fresh = logFile(pods, create("order-7d4b9c8f6-m7n8b", "order", NODE), "fresh");
                for (int i = 0; i < 5; i++) {
                    fresh.writeLine(1);
                }
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(linesOf(loki, "order-7d4b9c8f6-m7n8b")).containsExactlyElementsOf(expected("fresh", 0, 5)));
                assertThat(loki.entries()).filteredOn(e -> e.labels().get("pod").equals("order-7d4b9c8f6-m7n8b"))
                        .allSatisfy(e -> assertThat(e.labels()).containsEntry("job", "shop/order"));

                assertThat(loki.entries()).noneMatch(e -> e.line().startsWith("elsewhere ")
                        || e.labels().get("pod").equals("order-7d4b9c8f6-z9x8c"));
            } finally {
                agent.stop();
            }
        }
    }

    /**
     * Two kubernetes_sd jobs whose relabeling both keep the same pod: its file is read once and shipped under each
     * job's labels and pipeline, as Promtail does (a tailer per target); a pod only one job keeps is shipped once.
     */
    @Test
    void twoJobsKeepingTheSamePodShipItsFileUnderEach() throws Exception {
        Path pods = Files.createDirectories(dir.resolve("var/log/pods"));
        CriLogWriter order = logFile(pods, create("order-7d4b9c8f6-q2w3e", "order", NODE), "order");
        CriLogWriter delivery = logFile(pods, create("delivery-5c6b7d8f9-r4t5y", "delivery", NODE), "delivery");
        for (int i = 0; i < 20; i++) {
            order.writeLine(1);
            delivery.writeLine(i % 5 == 0 ? 3 : 1);
        }
        String job = """
                  - job_name: %1$s
                    pipeline_stages:
                      - cri: {}
                      - static_labels:
                          pipeline: %1$s
                    kubernetes_sd_configs:
                      - role: pod
                        api_server: %2$s
                    relabel_configs:
                      - source_labels: [__meta_kubernetes_pod_label_app]
                        regex: '%3$s'
                        action: keep
                      - source_labels: [__meta_kubernetes_pod_name]
                        target_label: pod
                      - replacement: %1$s
                        target_label: job
                      - source_labels: [__meta_kubernetes_pod_uid, __meta_kubernetes_pod_container_name]
                        separator: /
                        replacement: %4$s/*$1/*.log
                        target_label: __path__
                """;
        try (LokiReceiver loki = new LokiReceiver()) {
            String yaml = """
                    server:
                      http_listen_port: 0
                    clients:
                      - url: %s
                        batchwait: 20ms
                    positions:
                      filename: %s
                    scrape_configs:
                    """.formatted(loki.url(), dir.resolve("positions.yaml"))
                    + job.formatted("everything", server.url("/"), ".+", pods)
                    + job.formatted("orders", server.url("/"), "order", pods);
            Agent agent = Agent.start(ConfigLoader.parse(yaml, "two-jobs.yaml", false, Map.of()),
                    new Agent.Options(false, System.out, Clock.systemUTC(), Map.of("NODE_NAME", NODE)));
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> loki.entryCount() >= 60 && agent.caughtUp());
                assertThat(loki.entryCount()).isEqualTo(60);
                for (String name : List.of("everything", "orders")) {
                    assertThat(loki.entriesFor(Map.of("pod", "order-7d4b9c8f6-q2w3e", "job", name,
                            "pipeline", name, "stream", "stdout")).stream().map(ReceivedEntry::line).toList())
                            .as("the order pod's lines under %s", name)
                            .containsExactlyElementsOf(expected("order", 0, 20));
                }
                assertThat(loki.entriesFor(Map.of("pod", "delivery-5c6b7d8f9-r4t5y")))
                        .allSatisfy(e -> assertThat(e.labels()).containsEntry("job", "everything"))
                        .extracting(ReceivedEntry::line).containsExactlyElementsOf(expected("delivery", 0, 20));
                assertThat(agent.metrics().value("promtail_targets_active_total")).isEqualTo(3);
                assertThat(agent.metrics().value("promtail_files_active_total")).as("each file read once")
                        .isEqualTo(2);
            } finally {
                agent.stop();
            }
        }
    }

    /** The kubelet's layout: {@code <ns>_<pod>_<uid>/<container>/0.log}. */
    private CriLogWriter logFile(Path pods, Pod pod, String name) throws Exception {
        Path file = Files.createDirectories(pods.resolve("shop_" + pod.getMetadata().getName() + "_"
                + pod.getMetadata().getUid()).resolve("app")).resolve("0.log");
        CriLogWriter w = new CriLogWriter(file, name);
        writers.add(w);
        return w;
    }

    /** Creates a Deployment's pod (owned by its ReplicaSet, labelled {@code app}); the API server assigns its uid. */
    private Pod create(String name, String app, String node) {
        return kube.pods().inNamespace("shop").resource(pod(name, app, node)).create();
    }

    private static Pod pod(String name, String app, String node) {
        String replicaSet = name.substring(0, name.lastIndexOf('-'));
        return new PodBuilder()
                .withNewMetadata().withNamespace("shop").withName(name).addToLabels("app", app)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(replicaSet)
                .withUid(replicaSet + "-uid").withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("app").withImage("shop/" + app + ":1")
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.0.0." + (Math.abs(name.hashCode()) % 250 + 1))
                .withHostIP("192.168.0.1").endStatus()
                .build();
    }

    private static List<String> linesOf(LokiReceiver loki, String pod) {
        return loki.entries().stream().filter(e -> pod.equals(e.labels().get("pod"))).map(ReceivedEntry::line).toList();
    }

    private static List<String> expected(String name, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(CriLogWriter.content(name, i));
        }
        return out;
    }
}
