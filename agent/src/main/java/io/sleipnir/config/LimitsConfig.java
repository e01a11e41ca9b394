package io.sleipnir.config;

/** {@code limits_config}: {@code max_line_size} 0 means no limit (Promtail's default). */
public record LimitsConfig(long maxLineSize, boolean maxLineSizeTruncate) {
    public static LimitsConfig defaults() {
        return new LimitsConfig(0, false);
    }
}
