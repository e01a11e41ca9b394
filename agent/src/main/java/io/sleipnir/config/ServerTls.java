package io.sleipnir.config;

/**
 * A listener's TLS ({@code tls_config} of a syslog target): its certificate and key, and, when {@code caFile} is set,
 * the CA that every client must present a certificate from (Go's {@code RequireAndVerifyClientCert}).
 */
public record ServerTls(String certFile, String keyFile, String caFile) {
}
