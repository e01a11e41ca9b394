package io.sleipnir.config;

import java.time.Duration;
import java.util.Map;

/** One entry of {@code clients}. Defaults are Promtail's: batchwait 1s, batchsize 1 MiB, timeout 10s. */
public record ClientConfig(
        String url,
        String name,
        String tenantId,
        Duration batchWait,
        long batchSize,
        Duration timeout,
        BackoffConfig backoff,
        Map<String, String> externalLabels,
        Map<String, String> headers,
        BasicAuth basicAuth,
        String bearerToken,
        String bearerTokenFile,
        TlsConfig tls,
        boolean dropRateLimitedBatches) {

    public static final Duration DEFAULT_BATCH_WAIT = Duration.ofSeconds(1);
    public static final long DEFAULT_BATCH_SIZE = 1024 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public ClientConfig {
        externalLabels = Map.copyOf(externalLabels);
        headers = Map.copyOf(headers);
    }

    /** A client with every default, for tests and the bench harness. */
    public static ClientConfig defaults(String url) {
        return new ClientConfig(url, "", "", DEFAULT_BATCH_WAIT, DEFAULT_BATCH_SIZE, DEFAULT_TIMEOUT,
                BackoffConfig.defaults(), Map.of(), Map.of(), null, null, null, null, false);
    }

    /** {@code basic_auth}: the password inline or read from {@code password_file}. */
    public record BasicAuth(String username, String password, String passwordFile) {
    }

    /** {@code tls_config}. */
    public record TlsConfig(String caFile, String certFile, String keyFile, String serverName, boolean insecureSkipVerify) {
    }
}
