package io.sleipnir.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sleipnir.config.KubernetesSdConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Done-when 2: the pod watch is node-scoped. The mock server runs in expectations mode and answers only the exact
 * list and watch paths carrying {@code fieldSelector=spec.nodeName=<node>} (any other path gets 404), because its
 * CRUD mode ignores {@code spec.nodeName} field selectors (STYLE.md, trap 2).
 */
class NodeScopedWatchTest {
    private static final String LIST = "/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-a&resourceVersion=0";
    private static final String WATCH = "/api/v1/pods?allowWatchBookmarks=true&fieldSelector=spec.nodeName%3Dnode-a"
            + "&resourceVersion=1&timeoutSeconds=600&watch=true";

    private KubernetesMockServer server;
    private KubernetesDiscovery discovery;

    @BeforeEach
    void startServer() throws Exception {
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        if (discovery != null) {
            discovery.close();
        }
        server.destroy();
    }

    @Test
    void listAndWatchAskTheApiServerForThisNodesPodsOnly() throws Exception {
        server.expect().get().withPath(LIST)
                .andReturn(200, new PodListBuilder().withNewMetadata().withResourceVersion("1").endMetadata()
                        .withItems(pod("order-1", "uid-1")).build())
                .always();
        server.expect().get().withPath(WATCH)
                .andUpgradeToWebSocket().open()
                .waitFor(50).andEmit(new WatchEvent(pod("delivery-1", "uid-2"), "ADDED"))
                .done().always();

        discovery = new KubernetesDiscovery("node-a");
        TargetGroupProvider pods = discovery.register(
                new KubernetesSdConfig("pod", server.url("/"), null, List.of(), false, List.of()));
        discovery.start(() -> { });

        // Generous: on a loaded machine the fabric8 client alone took 5 s to send its first list.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pods.groups())
                .extracting(TargetGroup::source)
                .containsExactlyInAnyOrder("pod/shop/order-1", "pod/shop/delivery-1"));
        List<String> paths = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            paths.add(r.getPath());
        }
        assertThat(paths).startsWith(LIST, WATCH).allMatch(p -> p.contains("fieldSelector=spec.nodeName%3Dnode-a"));
    }

    @Test
    void theNodeSelectorIsAppendedToTheUsersFieldSelectorAndLabelSelectorsPassThrough() throws Exception {
        // fabric8 sends the equalities first, then the inequalities.
        String list = "/api/v1/namespaces/shop/pods?fieldSelector=spec.nodeName%3Dnode-a%2Cstatus.phase%21%3DFailed"
                + "&labelSelector=app%3Dorder&resourceVersion=0";
        server.expect().get().withPath(list)
                .andReturn(200, new PodListBuilder().withNewMetadata().withResourceVersion("1").endMetadata()
                        .withItems(pod("order-1", "uid-1")).build())
                .always();

        discovery = new KubernetesDiscovery("node-a");
        TargetGroupProvider pods = discovery.register(new KubernetesSdConfig("pod", server.url("/"), null,
                List.of("shop"), false,
                List.of(new KubernetesSdConfig.Selector("pod", "app=order", "status.phase!=Failed"))));
        discovery.start(() -> { });

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pods.groups())
                .extracting(TargetGroup::source).containsExactly("pod/shop/order-1"));
    }

    @Test
    void configsThatWatchTheSameThingShareOneInformer() {
        discovery = new KubernetesDiscovery("node-a");
        KubernetesSdConfig sd = new KubernetesSdConfig("pod", server.url("/"), null, List.of("b", "a"), false, List.of());
        TargetGroupProvider first = discovery.register(sd);
        TargetGroupProvider second = discovery.register(
                new KubernetesSdConfig("pod", server.url("/"), null, List.of("a", "b"), false, List.of()));
        TargetGroupProvider other = discovery.register(
                new KubernetesSdConfig("pod", server.url("/"), null, List.of("a"), false, List.of()));

        assertThat(second).isSameAs(first);
        assertThat(other).isNotSameAs(first);
        assertThat(discovery.watchCount()).isEqualTo(2);
    }

    private static Pod pod(String name, String uid) {
        return new PodBuilder()
                .withNewMetadata().withNamespace("shop").withName(name).withUid(uid).withResourceVersion("1")
                .endMetadata()
                .withNewSpec().withNodeName("node-a").addNewContainer().withName("app").withImage("shop:1")
                .endContainer().endSpec()
                .withNewStatus().withPodIP("10.0.0.7").withHostIP("192.168.1.5").withPhase("Running").endStatus()
                .build();
    }
}
