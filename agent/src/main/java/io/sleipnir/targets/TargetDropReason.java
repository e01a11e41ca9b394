package io.sleipnir.targets;

/** Why a discovered target is not tailed: Promtail's {@code promtail_targets_failed_total{reason}} values. */
public enum TargetDropReason {
    /**
     * A {@code keep}, {@code drop}, {@code keepequal} or {@code dropequal} rule of {@code relabel_configs} dropped it.
     * Promtail counts these as {@code empty_labels}; Sleipnir names them, so a drop meant by the config is told
     * apart from a target whose labels relabeling emptied.
     */
    DROPPED_BY_RELABEL("dropped_by_relabel"),
    /** Relabeling left it without any label. */
    EMPTY_LABELS("empty_labels"),
    /** Its {@code __host__} label names another node. */
    WRONG_HOST("wrong_host"),
    /** It has no {@code __path__} after relabeling. */
    NO_PATH("no_path"),
    /** Another target of the same job already has the same path and labels (e.g. the ports of one container). */
    EXISTS("exists");

    private final String label;

    TargetDropReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
