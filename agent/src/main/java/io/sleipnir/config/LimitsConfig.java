package io.sleipnir.config;

/**
 * {@code limits_config}: {@code max_line_size} 0 means no limit (Promtail's default); {@code max_streams} 0 means no
 * limit (Promtail's default); {@code max_tenants} is Sleipnir's own: tenants open at once per client.
 */
public record LimitsConfig(long maxLineSize, boolean maxLineSizeTruncate, int maxStreams, int maxTenants) {
    public static final int DEFAULT_MAX_TENANTS = 1000;

    /** Line limits only; no stream limit and the default tenant limit. */
    public LimitsConfig(long maxLineSize, boolean maxLineSizeTruncate) {
        this(maxLineSize, maxLineSizeTruncate, 0, DEFAULT_MAX_TENANTS);
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(0, false);
    }
}
