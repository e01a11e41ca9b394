package io.sleipnir.targets;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.discovery.TargetGroup;
import io.sleipnir.discovery.TargetGroupProvider;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.EntrySink;
import io.sleipnir.model.Labels;
import io.sleipnir.relabel.RelabelAction;
import io.sleipnir.relabel.RelabelRule;
import io.sleipnir.tail.FileTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Promtail's file target rules: relabel, __host__, __path__, no __ labels, one target per path and label set. */
class TargetManagerTest {
    private static final EntrySink SINK = entry -> { };
    private final AgentMetrics metrics = new AgentMetrics();
    private final List<List<FileTarget>> pushed = new ArrayList<>();

    @Test
    void relabelsStripsInternalLabelsAndResolvesRelativeGlobs() {
        TargetManager manager = manager(fixed(group(Labels.of("__path__", "logs/*.log", "__path_exclude__",
                "logs/*.gz", "__tmp", "x", "job", "app", "empty", ""), Labels.of("__address__", "localhost"))),
                List.of(RelabelRule.builder().sourceLabels("job").targetLabel("team").build()));

        manager.sync();

        assertThat(pushed).hasSize(1);
        FileTarget t = pushed.get(0).get(0);
        assertThat(t.pathGlob()).isEqualTo("/work/dir/logs/*.log");
        assertThat(t.excludeGlobs()).containsExactly("/work/dir/logs/*.gz");
        assertThat(t.labels()).isEqualTo(Labels.of("job", "app", "team", "app"));
        assertThat(manager.activeTargets()).hasSize(1);
    }

    @Test
    void dropsWithPromtailsReasonsAndCountsEachDroppedTargetOnce() {
        TargetGroupProvider provider = fixed(new TargetGroup("g", Labels.empty(), List.of(
                Labels.of("__path__", "/a/*.log", "__host__", "node-a", "n", "1"),
                Labels.of("__path__", "/b/*.log", "__host__", "node-b", "n", "2"),
                Labels.of("n", "3"),
                Labels.of("__path__", "/d/*.log", "drop", "yes", "n", "4"))));
        TargetManager manager = manager(provider,
                List.of(RelabelRule.builder().sourceLabels("drop").regex("yes").action(RelabelAction.DROP).build()));

        manager.sync();
        manager.sync();

        assertThat(pushed).hasSize(1);
        assertThat(pushed.get(0)).extracting(FileTarget::pathGlob).containsExactly("/a/*.log");
        assertThat(manager.droppedTargets()).extracting(DroppedTarget::reason).containsExactly(
                TargetDropReason.WRONG_HOST, TargetDropReason.NO_PATH, TargetDropReason.DROPPED_BY_RELABEL);
        assertThat(metrics.value("promtail_targets_failed_total", "reason", "wrong_host")).isEqualTo(1);
        assertThat(metrics.value("promtail_targets_failed_total", "reason", "no_path")).isEqualTo(1);
        assertThat(metrics.value("promtail_targets_failed_total", "reason", "dropped_by_relabel")).isEqualTo(1);
        assertThat(metrics.value("promtail_targets_failed_total", "reason", "empty_labels")).isZero();
        assertThat(metrics.value("promtail_targets_failed_total", "reason", "exists")).isZero();
        assertThat(metrics.value("promtail_targets_active_total")).isEqualTo(1);
    }

    @Test
    void aTargetRelabelingLeavesWithoutLabelsIsEmptyLabelsNotARelabelDrop() {
        TargetManager manager = manager(fixed(new TargetGroup("g", Labels.empty(), List.of(Labels.of("gone", "1")))),
                List.of(RelabelRule.builder().regex("gone").action(RelabelAction.LABELDROP).build()));

        manager.sync();

        assertThat(manager.droppedTargets()).extracting(DroppedTarget::reason)
                .containsExactly(TargetDropReason.EMPTY_LABELS);
        assertThat(metrics.value("promtail_targets_failed_total", "reason", "empty_labels")).isEqualTo(1);
        assertThat(metrics.value("promtail_targets_failed_total", "reason", "dropped_by_relabel")).isZero();
    }

    @Test
    void targetsOfOneContainersPortsCollapseIntoOneFileTarget() {
        TargetGroup pod = new TargetGroup("pod/shop/a", Labels.of("__path__", "/p/*.log", "pod", "a"), List.of(
                Labels.of("__address__", "10.0.0.1:80", "__meta_kubernetes_pod_container_port_number", "80"),
                Labels.of("__address__", "10.0.0.1:81", "__meta_kubernetes_pod_container_port_number", "81")));
        TargetManager manager = manager(fixed(pod), List.of());

        manager.sync();

        assertThat(pushed.get(0)).hasSize(1);
        assertThat(manager.droppedTargets()).extracting(DroppedTarget::reason).containsExactly(TargetDropReason.EXISTS);
    }

    @Test
    void changesReachTheTailOnlyWhenTheSetChangesAndUnchangedTargetsKeepTheirInstance() {
        AtomicReference<List<TargetGroup>> groups = new AtomicReference<>(List.of(
                group(Labels.of("__path__", "/a/*.log"), Labels.empty())));
        TargetManager manager = manager(groups::get, List.of());
        manager.sync();
        manager.sync();
        assertThat(pushed).hasSize(1);
        FileTarget a = pushed.get(0).get(0);

        groups.set(List.of(group(Labels.of("__path__", "/a/*.log"), Labels.empty()),
                new TargetGroup("h", Labels.of("__path__", "/b/*.log"), List.of(Labels.empty()))));
        manager.sync();

        assertThat(pushed).hasSize(2);
        assertThat(pushed.get(1)).extracting(FileTarget::pathGlob).containsExactly("/a/*.log", "/b/*.log");
        assertThat(pushed.get(1).get(0)).isSameAs(a);

        groups.set(List.of());
        manager.sync();
        assertThat(pushed.get(2)).isEmpty();
        assertThat(metrics.value("promtail_targets_active_total")).isZero();
    }

    private TargetManager manager(TargetGroupProvider provider, List<RelabelRule> rules) {
        return new TargetManager(List.of(new ScrapeJob("job", List.of(provider), rules, SINK)), "node-a",
                pushed::add, metrics, Path.of("/work/dir"));
    }

    private static TargetGroupProvider fixed(TargetGroup... groups) {
        return () -> List.of(groups);
    }

    private static TargetGroup group(Labels common, Labels target) {
        return new TargetGroup("g", common, List.of(target));
    }
}
