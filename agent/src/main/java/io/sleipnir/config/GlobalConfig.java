package io.sleipnir.config;

import java.time.Duration;

/**
 * {@code global.file_watch_config}: how often a file with no news is polled. The interval starts at the minimum and
 * doubles up to the maximum while nothing changes. Promtail's defaults: 250ms and 250ms.
 */
public record GlobalConfig(Duration minPollFrequency, Duration maxPollFrequency) {
    public static GlobalConfig defaults() {
        return new GlobalConfig(Duration.ofMillis(250), Duration.ofMillis(250));
    }
}
