package io.sleipnir.config;

/**
 * {@code limits_config}: {@code max_line_size} 0 means no limit (Promtail's default); {@code labelGuards} are
 * Sleipnir's per-label cardinality guards, off by default.
 */
public record LimitsConfig(long maxLineSize, boolean maxLineSizeTruncate, LabelGuardConfig labelGuards) {
    public LimitsConfig {
        if (labelGuards == null) {
            throw new NullPointerException("labelGuards");
        }
    }

    /** Without label guards. */
    public LimitsConfig(long maxLineSize, boolean maxLineSizeTruncate) {
        this(maxLineSize, maxLineSizeTruncate, LabelGuardConfig.off());
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(0, false);
    }
}
