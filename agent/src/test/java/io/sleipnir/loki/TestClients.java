package io.sleipnir.loki;

import io.sleipnir.config.BackoffConfig;
import io.sleipnir.config.ClientConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A small builder for {@link ClientConfig} in tests: short waits and a 10ms..50ms backoff. */
final class TestClients {
    String url;
    String tenant = "";
    Duration batchWait = Duration.ofMillis(20);
    long batchSize = 64 * 1024;
    Duration timeout = Duration.ofSeconds(2);
    BackoffConfig backoff = new BackoffConfig(Duration.ofMillis(10), Duration.ofMillis(50), 3);
    Map<String, String> externalLabels = new HashMap<>();
    Map<String, String> headers = new HashMap<>();
    ClientConfig.BasicAuth basicAuth;
    String bearerToken;
    String bearerTokenFile;
    boolean dropRateLimited;

    static TestClients to(String url) {
        TestClients t = new TestClients();
        t.url = url;
        return t;
    }

    TestClients tenant(String v) {
        tenant = v;
        return this;
    }

    TestClients batchWait(Duration v) {
        batchWait = v;
        return this;
    }

    TestClients batchSize(long v) {
        batchSize = v;
        return this;
    }

    TestClients timeout(Duration v) {
        timeout = v;
        return this;
    }

    TestClients externalLabel(String k, String v) {
        externalLabels.put(k, v);
        return this;
    }

    TestClients header(String k, String v) {
        headers.put(k, v);
        return this;
    }

    TestClients basicAuth(String user, String password) {
        basicAuth = new ClientConfig.BasicAuth(user, password, null);
        return this;
    }

    TestClients bearerToken(String v) {
        bearerToken = v;
        return this;
    }

    TestClients bearerTokenFile(String v) {
        bearerTokenFile = v;
        return this;
    }

    TestClients dropRateLimited() {
        dropRateLimited = true;
        return this;
    }

    ClientConfig build() {
        return new ClientConfig(url, "test", tenant, batchWait, batchSize, timeout, backoff, externalLabels, headers,
                basicAuth, bearerToken, bearerTokenFile, null, dropRateLimited);
    }
}
