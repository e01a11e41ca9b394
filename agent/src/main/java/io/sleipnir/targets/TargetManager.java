package io.sleipnir.targets;

import io.prometheus.client.Counter;
import io.sleipnir.discovery.TargetGroup;
import io.sleipnir.discovery.TargetGroupProvider;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.relabel.Relabeler;
import io.sleipnir.tail.FileTarget;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Turns the target groups of every scrape job (static and discovered alike) into the tail's file targets, as
 * Promtail's file target manager does: each discovered target is relabeled with its job's rules; a target that a
 * rule drops, that relabeling leaves without labels, whose {@code __host__} names another node, or that has no {@code __path__} is dropped with that
 * reason; labels beginning with {@code __} are then removed ({@code __path__}/{@code __path_exclude__} become the
 * file target's globs), and one target per job, path and label set is kept. When the resulting set differs from
 * the running one, the full new list goes to the tail, which starts new files and drains then releases the files no
 * longer matched. Unchanged targets keep their {@link FileTarget} instance, so the tail sees them as unchanged.
 *
 * <p>{@link #sync} runs at start and whenever discovery reports a change; it is cheap (no I/O) and serialised.
 */
public final class TargetManager {
    private static final System.Logger LOG = System.getLogger(TargetManager.class.getName());
    static final String HOST_LABEL = "__host__";
    static final String PATH_LABEL = "__path__";
    static final String PATH_EXCLUDE_LABEL = "__path_exclude__";

    private final List<ScrapeJob> jobs;
    private final String hostName;
    private final Consumer<List<FileTarget>> tail;
    private final Path workingDir;
    private final EnumMap<TargetDropReason, Counter.Child> failed = new EnumMap<>(TargetDropReason.class);
    private final AgentMetrics metrics;

    private Map<Key, FileTarget> running = Map.of();
    private Set<DroppedTarget> droppedBefore = Set.of();
    private volatile List<ActiveTarget> active = List.of();
    private volatile List<DroppedTarget> dropped = List.of();

    /**
     * @param hostName the node name that {@code __host__} must equal
     * @param tail receives the full target list whenever it changes (the tail manager's {@code setTargets})
     * @param workingDir relative globs are resolved against it (a laptop user's {@code ./logs/*.log})
     */
    public TargetManager(List<ScrapeJob> jobs, String hostName, Consumer<List<FileTarget>> tail, AgentMetrics metrics,
            Path workingDir) {
        this.jobs = List.copyOf(jobs);
        this.hostName = hostName;
        this.tail = tail;
        this.metrics = metrics;
        this.workingDir = workingDir.toAbsolutePath();
        for (TargetDropReason r : TargetDropReason.values()) {
            failed.put(r, metrics.targetsFailed.labels(r.label()));
        }
    }

    /** Recomputes every job's targets and hands the tail the new list if it changed. */
    public synchronized void sync() {
        Map<Key, FileTarget> desired = new LinkedHashMap<>();
        List<ActiveTarget> nowActive = new ArrayList<>();
        List<DroppedTarget> nowDropped = new ArrayList<>();
        for (ScrapeJob job : jobs) {
            Set<Key> seen = new HashSet<>();
            for (TargetGroupProvider provider : job.providers()) {
                List<TargetGroup> groups = new ArrayList<>(provider.groups());
                groups.sort(Comparator.comparing(TargetGroup::source)); // deterministic: the first target wins
                for (TargetGroup group : groups) {
                    for (Labels target : group.targets()) {
                        Labels discovered = group.labels().merge(target);
                        TargetDropReason reason = add(job, discovered, seen, desired, nowActive);
                        if (reason != null) {
                            nowDropped.add(new DroppedTarget(job.name(), discovered, reason));
                        }
                    }
                }
            }
        }
        Set<DroppedTarget> droppedNow = new HashSet<>(nowDropped);
        for (DroppedTarget d : droppedNow) {
            if (!droppedBefore.contains(d)) {
                failed.get(d.reason()).inc();
            }
        }
        droppedBefore = droppedNow;
        active = List.copyOf(nowActive);
        dropped = List.copyOf(nowDropped);
        metrics.targetsActive.set(desired.size());
        if (!desired.keySet().equals(running.keySet())) {
            running = desired;
            LOG.log(Level.INFO, () -> "targets: " + desired.size() + " active, " + nowDropped.size() + " dropped");
            tail.accept(List.copyOf(desired.values()));
        }
    }

    /** Adds the target to {@code desired} and returns null, or returns why it is dropped. */
    private TargetDropReason add(ScrapeJob job, Labels discovered, Set<Key> seen, Map<Key, FileTarget> desired,
            List<ActiveTarget> nowActive) {
        Labels relabeled = Relabeler.process(discovered, job.rules());
        if (relabeled == null) {
            return TargetDropReason.DROPPED_BY_RELABEL;
        }
        if (relabeled.isEmpty()) {
            return TargetDropReason.EMPTY_LABELS;
        }
        String host = relabeled.get(HOST_LABEL);
        if (host != null && !host.equals(hostName)) {
            return TargetDropReason.WRONG_HOST;
        }
        String path = relabeled.get(PATH_LABEL);
        if (path == null || path.isEmpty()) {
            return TargetDropReason.NO_PATH;
        }
        String exclude = relabeled.get(PATH_EXCLUDE_LABEL);
        String absPath = absolute(path);
        String absExclude = exclude == null || exclude.isEmpty() ? "" : absolute(exclude);
        Labels labels = publicLabels(relabeled);
        Key key = new Key(job.name(), absPath, absExclude, labels);
        if (!seen.add(key)) {
            return TargetDropReason.EXISTS;
        }
        FileTarget target = running.get(key);
        if (target == null) {
            target = new FileTarget(absPath, absExclude.isEmpty() ? List.of() : List.of(absExclude), labels,
                    job.sink(), job.decompression());
        }
        desired.put(key, target);
        nowActive.add(new ActiveTarget(job.name(), discovered, labels, absPath, absExclude));
        return null;
    }

    /** Without {@code __} labels and without empty values, which Loki treats as absent anyway. */
    private static Labels publicLabels(Labels relabeled) {
        Labels visible = relabeled.withoutInternal();
        Map<String, String> kept = new TreeMap<>();
        boolean anyEmpty = false;
        for (int i = 0; i < visible.size(); i++) {
            if (visible.value(i).isEmpty()) {
                anyEmpty = true;
            } else {
                kept.put(visible.name(i), visible.value(i));
            }
        }
        return anyEmpty ? Labels.of(kept) : visible;
    }

    /** Globs relative to the working directory, as a laptop user writes them, become absolute. */
    private String absolute(String glob) {
        return glob.startsWith("/") ? glob : workingDir.resolve(glob).toString();
    }

    /** The targets being tailed, in job order. */
    public List<ActiveTarget> activeTargets() {
        return active;
    }

    /** The discovered targets not tailed, with reasons. */
    public List<DroppedTarget> droppedTargets() {
        return dropped;
    }

    /** Promtail's target key: one target per job, path glob, exclude glob and label set. */
    private record Key(String job, String path, String exclude, Labels labels) {
    }
}
