package io.sleipnir.metrics;

/** Why entries were dropped; the label values are Promtail's, so existing dashboards keep working. */
public enum DropReason {
    /**
     * A final rejection by Loki (4xx other than 429 and 413, a 413 for a single entry), or an entry with no labels.
     * Retries never give up, so this is never counted for an outage.
     */
    INGESTER_ERROR("ingester_error"),
    /** A 429 with {@code drop_rate_limited_batches: true}. */
    RATE_LIMITED("rate_limited"),
    /** An entry of a new stream while its tenant's batch already holds {@code max_streams} streams. */
    STREAM_LIMITED("stream_limited"),
    /**
     * Sleipnir's own: an entry of a new tenant while its client already has {@code max_tenants} tenants open.
     * Counted with {@code tenant=""}, not the refused tenant's id, which would add a series per refused tenant.
     */
    TENANT_LIMITED("tenant_limited"),
    /** A line over {@code max_line_size} without {@code max_line_size_truncate}. */
    LINE_TOO_LONG("line_too_long");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
