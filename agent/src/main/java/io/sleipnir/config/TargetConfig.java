package io.sleipnir.config;

import java.time.Duration;

/** {@code target_config}: how often globs are re-resolved (Promtail's default 10s). */
public record TargetConfig(Duration syncPeriod) {
    public static TargetConfig defaults() {
        return new TargetConfig(Duration.ofSeconds(10));
    }
}
