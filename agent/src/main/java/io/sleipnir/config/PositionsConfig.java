package io.sleipnir.config;

import java.nio.file.Path;
import java.time.Duration;

/** {@code positions}: Promtail's defaults {@code /var/log/positions.yaml}, 10s, false. */
public record PositionsConfig(Path filename, Duration syncPeriod, boolean ignoreInvalidYaml) {
    public static PositionsConfig defaults() {
        return new PositionsConfig(Path.of("/var/log/positions.yaml"), Duration.ofSeconds(10), false);
    }
}
