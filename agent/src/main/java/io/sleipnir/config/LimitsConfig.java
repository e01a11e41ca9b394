package io.sleipnir.config;

/**
 * {@code limits_config}: {@code max_line_size} 0 means no limit (Promtail's default); {@code max_streams} 0 means no
 * limit (Promtail's default); {@code max_tenants} is Sleipnir's own: tenants open at once per client;
 * {@code labelGuards} are Sleipnir's per-label cardinality guards, off by default; {@code readline} is Promtail's
 * {@code readline_rate*} limit, off by default.
 */
public record LimitsConfig(long maxLineSize, boolean maxLineSizeTruncate, int maxStreams, int maxTenants,
        LabelGuardConfig labelGuards, ReadlineRate readline) {
    public static final int DEFAULT_MAX_TENANTS = 1000;

    /**
     * {@code readline_rate_enabled}, {@code readline_rate} (lines per second over all jobs), {@code readline_burst},
     * {@code readline_rate_drop} (drop the line, else wait): Promtail's keys and defaults (10000, 10000, true).
     */
    public record ReadlineRate(boolean enabled, double rate, int burst, boolean drop) {
        public static ReadlineRate defaults() {
            return new ReadlineRate(false, 10000, 10000, true);
        }
    }

    public LimitsConfig {
        if (labelGuards == null) {
            throw new NullPointerException("labelGuards");
        }
        if (readline == null) {
            throw new NullPointerException("readline");
        }
    }

    /** Without the readline limit. */
    public LimitsConfig(long maxLineSize, boolean maxLineSizeTruncate, int maxStreams, int maxTenants,
            LabelGuardConfig labelGuards) {
        this(maxLineSize, maxLineSizeTruncate, maxStreams, maxTenants, labelGuards, ReadlineRate.defaults());
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
