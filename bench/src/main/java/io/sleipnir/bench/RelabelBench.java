package io.sleipnir.bench;

import io.sleipnir.model.Labels;
import io.sleipnir.relabel.RelabelAction;
import io.sleipnir.relabel.RelabelRule;
import io.sleipnir.relabel.Relabeler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Relabeling of one discovered pod container: the regex rules of {@code config/daemonset.yaml} (the controller name
 * without its hash, the first non-empty of three label pairs, the path) plus a {@code labelmap} over the pod's labels
 * and a {@code keep}, on the meta labels Kubernetes discovery gives a Deployment's pod.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class RelabelBench {
    private List<RelabelRule> rules;
    private Labels[] targets;
    private int next;

    @Setup
    public void setUp() {
        String firstNonEmpty = "^;*([^;]+)(;.*)?$";
        rules = List.of(
                RelabelRule.builder().sourceLabels("__meta_kubernetes_pod_controller_name")
                        .regex("([0-9a-z-.]+?)(-[0-9a-f]{8,10})?").targetLabel("__tmp_controller_name").build(),
                RelabelRule.builder().sourceLabels("__meta_kubernetes_pod_label_app_kubernetes_io_name",
                        "__meta_kubernetes_pod_label_app", "__tmp_controller_name", "__meta_kubernetes_pod_name")
                        .regex(firstNonEmpty).targetLabel("app").build(),
                RelabelRule.builder().sourceLabels("__meta_kubernetes_pod_label_app_kubernetes_io_instance",
                        "__meta_kubernetes_pod_label_instance").regex(firstNonEmpty).targetLabel("instance").build(),
                RelabelRule.builder().sourceLabels("__meta_kubernetes_pod_label_app_kubernetes_io_component",
                        "__meta_kubernetes_pod_label_component").regex(firstNonEmpty).targetLabel("component").build(),
                RelabelRule.builder().sourceLabels("__meta_kubernetes_namespace").targetLabel("namespace").build(),
                RelabelRule.builder().sourceLabels("namespace", "app").separator("/").targetLabel("job").build(),
                RelabelRule.builder().sourceLabels("__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name")
                        .separator("/").replacement("/var/log/pods/*$1/*.log").targetLabel("__path__").build(),
                RelabelRule.builder().action(RelabelAction.LABELMAP)
                        .regex("__meta_kubernetes_pod_label_(.+)").build(),
                RelabelRule.builder().action(RelabelAction.KEEP).sourceLabels("__meta_kubernetes_pod_phase")
                        .regex("Pending|Running").build());
        targets = new Labels[8];
        for (int i = 0; i < targets.length; i++) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("__meta_kubernetes_namespace", "shop");
            meta.put("__meta_kubernetes_pod_name", "order-7d9c5b6f4d-x" + i + "k2p");
            meta.put("__meta_kubernetes_pod_uid", "0b3f6a52-1c2d-4e5f-8a9b-" + String.format("%012d", i));
            meta.put("__meta_kubernetes_pod_container_name", "order");
            meta.put("__meta_kubernetes_pod_controller_name", "order-7d9c5b6f4d");
            meta.put("__meta_kubernetes_pod_controller_kind", "ReplicaSet");
            meta.put("__meta_kubernetes_pod_node_name", "node-1");
            meta.put("__meta_kubernetes_pod_phase", "Running");
            meta.put("__meta_kubernetes_pod_label_app_kubernetes_io_name", "order");
            meta.put("__meta_kubernetes_pod_label_pod_template_hash", "7d9c5b6f4d");
            meta.put("__meta_kubernetes_pod_labelpresent_app_kubernetes_io_name", "true");
            meta.put("__meta_kubernetes_pod_ip", "10.0.0." + i);
            targets[i] = Labels.of(meta);
        }
        for (Labels target : targets) {
            Labels out = Relabeler.process(target, rules);
            if (out == null || !"order".equals(out.get("app")) || !"shop/order".equals(out.get("job"))
                    || !"order".equals(out.get("app_kubernetes_io_name"))) {
                throw new IllegalStateException("relabeling gave " + out);
            }
        }
    }

    @Benchmark
    public Labels relabelTarget() {
        return Relabeler.process(targets[next++ & (targets.length - 1)], rules);
    }
}
