package io.sleipnir.config;

/**
 * {@code limits_config}: {@code max_line_size} 0 means no limit (Promtail's default); {@code max_streams} 0 means no
 * limit (Promtail's default); {@code max_tenants} is Sleipnir's own: tenants open at once per client;
 * {@code labelGuards} are Sleipnir's per-label cardinality guards, off by default.
 */
public record LimitsConfig(long maxLineSize, boolean maxLineSizeTruncate, int maxStreams, int maxTenants,
        LabelGuardConfig labelGuards) {
    public static final int DEFAULT_MAX_TENANTS = 1000;

    public LimitsConfig {
        if (labelGuards == null) {
            throw new NullPointerException("labelGuards");
        }
    }

    /** Stream and tenant limits, without label guards. */
    public LimitsConfig(long maxLineSize, boolean maxLineSizeTruncate, int maxStreams, int maxTenants) {
        this(maxLineSize, maxLineSizeTruncate, maxStreams, maxTenants, LabelGuardConfig.off());
    }

    /** Label guards, no stream limit and the default tenant limit. */
    public LimitsConfig(long maxLineSize, boolean maxLineSizeTruncate, LabelGuardConfig labelGuards) {
        this(maxLineSize, maxLineSizeTruncate, 0, DEFAULT_MAX_TENANTS, labelGuards);
    }

    /** Line limits only; no stream limit, the default tenant limit, no label guards. */
    public LimitsConfig(long maxLineSize, boolean maxLineSizeTruncate) {
        this(maxLineSize, maxLineSizeTruncate, 0, DEFAULT_MAX_TENANTS, LabelGuardConfig.off());
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(0, false);
    }
}
