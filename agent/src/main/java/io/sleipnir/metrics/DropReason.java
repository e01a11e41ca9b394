package io.sleipnir.metrics;

/** Why entries were dropped; the label values are Promtail's, so existing dashboards keep working. */
public enum DropReason {
    /** A final rejection by Loki (4xx other than 429), or retries given up. */
    INGESTER_ERROR("ingester_error"),
    /** A 429 with {@code drop_rate_limited_batches: true}. */
    RATE_LIMITED("rate_limited"),
    /** More streams than {@code max_streams}. */
    STREAM_LIMITED("stream_limited"),
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
