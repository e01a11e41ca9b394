package io.sleipnir.discovery;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.sleipnir.model.Labels;
import io.sleipnir.relabel.LabelNameSanitizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the target group of one pod exactly as Prometheus' pod role does ({@code discovery/kubernetes/pod.go}):
 *
 * <ul>
 *   <li>group labels: {@code __meta_kubernetes_namespace}, {@code _pod_name}, {@code _pod_ip}, {@code _pod_ready},
 *       {@code _pod_phase}, {@code _pod_node_name}, {@code _pod_host_ip}, {@code _pod_uid}, {@code _pod_label_*},
 *       {@code _pod_labelpresent_*}, {@code _pod_annotation_*}, {@code _pod_annotationpresent_*} (names
 *       sanitised), and {@code _pod_controller_kind}/{@code _name} from the owner reference marked controller;</li>
 *   <li>targets: regular containers then init containers; a container without ports gives one target
 *       ({@code __address__} = pod IP), a container with ports one target per port ({@code __address__} =
 *       {@code ip:port} plus {@code _pod_container_port_name/number/protocol}); every target has
 *       {@code _pod_container_name}, {@code _pod_container_id} (from the status, "" until known),
 *       {@code _pod_container_image} and {@code _pod_container_init}.</li>
 * </ul>
 *
 * <p>Log files are per container, not per port: after relabeling, the targets of one container's ports have the
 * same path and labels, and the target layer keeps one of them (as Promtail's key on path and labels does). We keep
 * Prometheus' targets as they are so that relabel rules written for Prometheus see the same input.
 *
 * <p>As in Prometheus, a pod without an IP yet (being scheduled, or evicted) has an empty group; its containers
 * cannot have started, so there are no log files to miss.
 */
final class PodTargetGroups {
    static final String META = "__meta_kubernetes_";
    static final String POD = META + "pod_";

    private PodTargetGroups() {
    }

    static String source(String namespace, String name) {
        return "pod/" + namespace + "/" + name;
    }

    static TargetGroup build(Pod pod) {
        String namespace = nullToEmpty(pod.getMetadata().getNamespace());
        String source = source(namespace, pod.getMetadata().getName());
        String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (podIp == null || podIp.isEmpty()) {
            return new TargetGroup(source, Labels.empty(), List.of());
        }
        Map<String, String> group = new TreeMap<>();
        group.put(META + "namespace", namespace);
        group.put(POD + "name", nullToEmpty(pod.getMetadata().getName()));
        group.put(POD + "ip", podIp);
        group.put(POD + "ready", ready(pod));
        group.put(POD + "phase", nullToEmpty(pod.getStatus().getPhase()));
        group.put(POD + "node_name", pod.getSpec() == null ? "" : nullToEmpty(pod.getSpec().getNodeName()));
        group.put(POD + "host_ip", nullToEmpty(pod.getStatus().getHostIP()));
        group.put(POD + "uid", nullToEmpty(pod.getMetadata().getUid()));
        metaLabels(group, "label", pod.getMetadata().getLabels());
        metaLabels(group, "annotation", pod.getMetadata().getAnnotations());
        OwnerReference controller = controllerOf(pod);
        if (controller != null) {
            if (controller.getKind() != null && !controller.getKind().isEmpty()) {
                group.put(POD + "controller_kind", controller.getKind());
            }
            if (controller.getName() != null && !controller.getName().isEmpty()) {
                group.put(POD + "controller_name", controller.getName());
            }
        }

        List<Labels> targets = new ArrayList<>();
        if (pod.getSpec() != null) {
            addContainers(targets, podIp, pod.getSpec().getContainers(), pod.getStatus().getContainerStatuses(), false);
            addContainers(targets, podIp, pod.getSpec().getInitContainers(),
                    pod.getStatus().getInitContainerStatuses(), true);
        }
        return new TargetGroup(source, Labels.of(group), targets);
    }

    private static void addContainers(List<Labels> targets, String podIp, List<Container> containers,
            List<ContainerStatus> statuses, boolean init) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            Map<String, String> base = new TreeMap<>();
            base.put(POD + "container_name", nullToEmpty(c.getName()));
            base.put(POD + "container_id", containerId(statuses, c.getName()));
            base.put(POD + "container_image", nullToEmpty(c.getImage()));
            base.put(POD + "container_init", Boolean.toString(init));
            List<ContainerPort> ports = c.getPorts();
            if (ports == null || ports.isEmpty()) {
                base.put("__address__", podIp);
                targets.add(Labels.of(base));
                continue;
            }
            for (ContainerPort port : ports) {
                String number = port.getContainerPort() == null ? "0" : Integer.toString(port.getContainerPort());
                Map<String, String> t = new TreeMap<>(base);
                t.put("__address__", joinHostPort(podIp, number));
                t.put(POD + "container_port_number", number);
                t.put(POD + "container_port_name", nullToEmpty(port.getName()));
                t.put(POD + "container_port_protocol", nullToEmpty(port.getProtocol()));
                targets.add(Labels.of(t));
            }
        }
    }

    /** Go's {@code net.JoinHostPort}: IPv6 addresses are bracketed. */
    private static String joinHostPort(String host, String port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static String containerId(List<ContainerStatus> statuses, String name) {
        if (statuses != null) {
            for (ContainerStatus s : statuses) {
                if (s.getName() != null && s.getName().equals(name)) {
                    return nullToEmpty(s.getContainerID());
                }
            }
        }
        return "";
    }

    /** Both {@code _<kind>_<name>} with the value and {@code _<kind>present_<name>} = "true", names sanitised. */
    private static void metaLabels(Map<String, String> out, String kind, Map<String, String> values) {
        if (values == null) {
            return;
        }
        values.forEach((k, v) -> {
            String name = LabelNameSanitizer.sanitize(k);
            out.put(POD + kind + "_" + name, nullToEmpty(v));
            out.put(POD + kind + "present_" + name, "true");
        });
    }

    /** The PodReady condition's status in lower case, "unknown" without one. */
    private static String ready(Pod pod) {
        List<PodCondition> conditions = pod.getStatus().getConditions();
        if (conditions != null) {
            for (PodCondition c : conditions) {
                if ("Ready".equals(c.getType())) {
                    return nullToEmpty(c.getStatus()).toLowerCase(Locale.ROOT);
                }
            }
        }
        return "unknown";
    }

    /** Kubernetes' {@code GetControllerOf}: the owner reference with {@code controller: true}. */
    private static OwnerReference controllerOf(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        if (owners != null) {
            for (OwnerReference o : owners) {
                if (Boolean.TRUE.equals(o.getController())) {
                    return o;
                }
            }
        }
        return null;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
