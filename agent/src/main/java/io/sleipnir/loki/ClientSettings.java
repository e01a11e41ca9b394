package io.sleipnir.loki;

import io.sleipnir.config.BackoffConfig;
import io.sleipnir.config.ClientConfig;
import java.time.Duration;

/** What the sending side of a client needs from its config, compiled once. */
record ClientSettings(String name, String host, long batchSize, Duration batchWait, BackoffConfig backoff,
        RetryPolicy retryPolicy, String redactedUrl, CredentialSource credentials, Duration timeout) {

    static ClientSettings of(ClientConfig config) {
        String host = config.parsedUrl().hostAndPort();
        String name = config.name() == null || config.name().isEmpty() ? host : config.name();
        return new ClientSettings(name, host,
                config.batchSize() > 0 ? config.batchSize() : ClientConfig.DEFAULT_BATCH_SIZE,
                config.batchWait() != null ? config.batchWait() : ClientConfig.DEFAULT_BATCH_WAIT,
                config.backoff() != null ? config.backoff() : BackoffConfig.defaults(),
                new RetryPolicy(config.dropRateLimitedBatches()), config.redactedUrl(),
                PushHeaders.credentialSource(config),
                config.timeout() != null ? config.timeout() : ClientConfig.DEFAULT_TIMEOUT);
    }
}
