package io.sleipnir.status;

import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.targets.ActiveTarget;
import io.sleipnir.targets.DroppedTarget;
import io.sleipnir.tail.GlobMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The targets and their files at one moment: what one request to a status page shows. */
public record TargetsSnapshot(List<ActiveTargetStatus> active, List<DroppedTarget> dropped) {
    public TargetsSnapshot {
        active = List.copyOf(active);
        dropped = List.copyOf(dropped);
    }

    /**
     * Reads the sources and shows each tailed file under every active target whose {@code __path__} selects it and
     * whose {@code __path_exclude__} does not, as the tail does: a file several targets cover is read once and
     * shipped under each of them. The globs are compiled per request: this is a page a person opens now and then,
     * not the read path.
     */
    static TargetsSnapshot capture(StatusSources sources) {
        List<ActiveTarget> targets = sources.activeTargets().get();
        List<String> tailed = sources.tailedFiles().get();
        Map<String, Long> delivered = sources.delivered().get();
        List<ActiveTargetStatus> active = new ArrayList<>(targets.size());
        for (ActiveTarget target : targets) {
            GlobMatcher include = GlobMatcher.compile(target.path());
            GlobMatcher exclude = target.pathExclude().isEmpty() ? null : GlobMatcher.compile(target.pathExclude());
            List<TailedFile> files = new ArrayList<>();
            for (String path : tailed) {
                if (include.selects(path) && (exclude == null || !exclude.selects(path))) {
                    files.add(tailedFile(path, sources.metrics(), delivered));
                }
            }
            active.add(new ActiveTargetStatus(target, files));
        }
        return new TargetsSnapshot(active, sources.droppedTargets().get());
    }

    private static TailedFile tailedFile(String path, AgentMetrics metrics, Map<String, Long> delivered) {
        return new TailedFile(path, (long) metrics.value("promtail_read_bytes_total", "path", path),
                delivered.getOrDefault(path, -1L), (long) metrics.value("promtail_file_bytes_total", "path", path));
    }
}
