package io.sleipnir.targets;

/** Why a discovered target is not tailed: Promtail's {@code promtail_targets_failed_total{reason}} values. */
public enum TargetDropReason {
    /** A keep/drop rule of {@code relabel_configs} dropped it. */
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
