package io.sleipnir.config;

import java.time.Duration;

/** {@code backoff_config}: Promtail's defaults 500ms, 5m, 10 retries. */
public record BackoffConfig(Duration minPeriod, Duration maxPeriod, int maxRetries) {
    public static BackoffConfig defaults() {
        return new BackoffConfig(Duration.ofMillis(500), Duration.ofMinutes(5), 10);
    }
}
