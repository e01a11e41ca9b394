package io.sleipnir.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.sleipnir.model.Labels;
import io.sleipnir.relabel.LabelNameSanitizer;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The pod role's labels, name for name, as Prometheus' discovery/kubernetes/pod.go builds them. */
class PodTargetGroupsTest {

    @Test
    void podWithLabelsAnnotationsPortsInitContainersAndOwnerGetsPrometheusLabelsExactly() {
        TargetGroup group = PodTargetGroups.build(richPod());

        assertThat(group.source()).isEqualTo("pod/shop/order-7d4b9c8f6-x2x9q");
        assertThat(group.labels().toMap()).isEqualTo(map(
                "__meta_kubernetes_namespace", "shop",
                "__meta_kubernetes_pod_name", "order-7d4b9c8f6-x2x9q",
                "__meta_kubernetes_pod_ip", "10.1.2.3",
                "__meta_kubernetes_pod_ready", "true",
                "__meta_kubernetes_pod_phase", "Running",
                "__meta_kubernetes_pod_node_name", "node-a",
                "__meta_kubernetes_pod_host_ip", "192.168.0.10",
                "__meta_kubernetes_pod_uid", "0f9c-uid",
                "__meta_kubernetes_pod_label_app", "order",
                "__meta_kubernetes_pod_labelpresent_app", "true",
                "__meta_kubernetes_pod_label_app_kubernetes_io_name", "order-svc",
                "__meta_kubernetes_pod_labelpresent_app_kubernetes_io_name", "true",
                "__meta_kubernetes_pod_annotation_kubernetes_io_config_hash", "abc123",
                "__meta_kubernetes_pod_annotationpresent_kubernetes_io_config_hash", "true",
                "__meta_kubernetes_pod_annotation_empty", "",
                "__meta_kubernetes_pod_annotationpresent_empty", "true",
                "__meta_kubernetes_pod_controller_kind", "ReplicaSet",
                "__meta_kubernetes_pod_controller_name", "order-7d4b9c8f6"));

        String c = "__meta_kubernetes_pod_container_";
        assertThat(group.targets()).extracting(Labels::toMap).containsExactly(
                map("__address__", "10.1.2.3:8080", c + "name", "app", c + "id", "containerd://aaa",
                        c + "image", "shop/order:1.2", c + "init", "false", c + "port_name", "http",
                        c + "port_number", "8080", c + "port_protocol", "TCP"),
                map("__address__", "10.1.2.3:9090", c + "name", "app", c + "id", "containerd://aaa",
                        c + "image", "shop/order:1.2", c + "init", "false", c + "port_name", "",
                        c + "port_number", "9090", c + "port_protocol", "UDP"),
                map("__address__", "10.1.2.3", c + "name", "sidecar", c + "id", "",
                        c + "image", "envoy:1", c + "init", "false"),
                map("__address__", "10.1.2.3", c + "name", "migrate", c + "id", "containerd://iii",
                        c + "image", "shop/migrate:1", c + "init", "true"));
    }

    @Test
    void podWithoutIpHasAnEmptyGroupAsInPrometheus() {
        Pod pending = new PodBuilder(richPod()).editStatus().withPodIP(null).endStatus().build();

        TargetGroup group = PodTargetGroups.build(pending);

        assertThat(group.source()).isEqualTo("pod/shop/order-7d4b9c8f6-x2x9q");
        assertThat(group.targets()).isEmpty();
    }

    @Test
    void readinessIsUnknownWithoutConditionAndControllerLabelsNeedAControllerOwner() {
        Pod pod = new PodBuilder(richPod()).editStatus().withConditions().endStatus()
                .editMetadata().withOwnerReferences().addNewOwnerReference().withKind("Node").withName("n")
                .withController(false).endOwnerReference().endMetadata().build();

        Map<String, String> labels = PodTargetGroups.build(pod).labels().toMap();

        assertThat(labels).containsEntry("__meta_kubernetes_pod_ready", "unknown")
                .doesNotContainKeys("__meta_kubernetes_pod_controller_kind", "__meta_kubernetes_pod_controller_name");
    }

    @Test
    void sanitisesLikePrometheus() {
        assertThat(LabelNameSanitizer.sanitize("app.kubernetes.io/name")).isEqualTo("app_kubernetes_io_name");
        assertThat(LabelNameSanitizer.sanitize("a-b_c9")).isEqualTo("a_b_c9");
        assertThat(LabelNameSanitizer.sanitize("caf\u00e9\uD83D\uDE00")).isEqualTo("caf__");
    }

    private static Pod richPod() {
        return new PodBuilder()
                .withNewMetadata().withNamespace("shop").withName("order-7d4b9c8f6-x2x9q").withUid("0f9c-uid")
                .addToLabels("app", "order").addToLabels("app.kubernetes.io/name", "order-svc")
                .addToAnnotations("kubernetes.io/config.hash", "abc123").addToAnnotations("empty", "")
                .addNewOwnerReference().withKind("Deployment").withName("not-the-controller").endOwnerReference()
                .addNewOwnerReference().withKind("ReplicaSet").withName("order-7d4b9c8f6").withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec().withNodeName("node-a")
                .addNewInitContainer().withName("migrate").withImage("shop/migrate:1").endInitContainer()
                .addNewContainer().withName("app").withImage("shop/order:1.2")
                .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort()
                .addNewPort().withContainerPort(9090).withProtocol("UDP").endPort()
                .endContainer()
                .addNewContainer().withName("sidecar").withImage("envoy:1").endContainer()
                .endSpec()
                .withNewStatus().withPodIP("10.1.2.3").withHostIP("192.168.0.10").withPhase("Running")
                .addNewCondition().withType("Initialized").withStatus("True").endCondition()
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("app").withContainerID("containerd://aaa").endContainerStatus()
                .addNewInitContainerStatus().withName("migrate").withContainerID("containerd://iii")
                .endInitContainerStatus()
                .endStatus()
                .build();
    }

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
