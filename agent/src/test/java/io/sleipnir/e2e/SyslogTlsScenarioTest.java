package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.sleipnir.cli.Agent;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.FreePorts;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog over TLS with client certificates ({@code tls_config} with {@code ca_file}, Go's RequireAndVerifyClientCert).
 * util-linux logger has no TLS, so the client is the JDK's TLS socket writing octet-counted RFC 5424 frames.
 */
@Timeout(120)
class SyslogTlsScenarioTest {
    @TempDir
    Path dir;

    @Test
    void onlyClientsWithACertificateFromTheCaAreHeard() throws Exception {
        Instant now = Instant.now();
        CertificateBuilder base = new CertificateBuilder().ecp256()
                .notBefore(now.minus(Duration.ofHours(1))).notAfter(now.plus(Duration.ofDays(1)));
        X509Bundle ca = base.copy().subject("CN=Syslog CA").setIsCertificateAuthority(true).buildSelfSigned();
        X509Bundle otherCa = base.copy().subject("CN=Other CA").setIsCertificateAuthority(true).buildSelfSigned();
        X509Bundle server = base.copy().subject("CN=syslog.test").addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        X509Bundle client = base.copy().subject("CN=sender").addExtendedKeyUsageClientAuth().buildIssuedBy(ca);
        X509Bundle stranger = base.copy().subject("CN=stranger").addExtendedKeyUsageClientAuth().buildIssuedBy(otherCa);
        Path cert = Files.writeString(dir.resolve("server.pem"), server.getCertificatePEM());
        Path key = Files.writeString(dir.resolve("server-key.pem"), server.getPrivateKeyPEM());
        Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM());
        int port = FreePorts.pick();
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent agent = Agent.start(ConfigLoader.parse("""
                    server:
                      http_listen_port: 0
                    clients:
                      - url: %s
                        batchwait: 20ms
                    positions:
                      filename: %s
                    scrape_configs:
                      - job_name: syslog-tls
                        syslog:
                          listen_address: 127.0.0.1:%d
                          labels: {job: syslog-tls}
                          tls_config:
                            cert_file: %s
                            key_file: %s
                            ca_file: %s
                    """.formatted(loki.url(), dir.resolve("positions.yaml"), port, cert, key, caFile), "tls.yaml",
                    false, Map.of()), new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                assertThatThrownBy(() -> send(port, ca, stranger, "from a stranger"))
                        .as("a certificate from another CA").isInstanceOf(IOException.class);
                assertThatThrownBy(() -> send(port, ca, null, "without a certificate"))
                        .isInstanceOf(IOException.class);
                send(port, ca, client, "first over tls");
                send(port, ca, client, "second over tls");
                await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 2);
                assertThat(loki.entries()).extracting(ReceivedEntry::line)
                        .containsExactlyInAnyOrder("first over tls", "second over tls");
                assertThat(loki.entries()).extracting(ReceivedEntry::labels)
                        .containsOnly(Map.of("job", "syslog-tls"));
            } finally {
                agent.stop();
            }
        }
    }

    /** Writes one octet-counted RFC 5424 message and reads until the agent closes or the handshake fails. */
    private static void send(int port, X509Bundle trusted, X509Bundle identity, String text) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = identity == null ? null : identity.toKeyManagerFactory();
        context.init(kmf == null ? null : kmf.getKeyManagers(), trusted.toTrustManagerFactory().getTrustManagers(),
                null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            byte[] message = ("<14>1 - sender app - - - " + text).getBytes(StandardCharsets.UTF_8);
            out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(message);
            out.flush();
            socket.shutdownOutput();
            // TLS 1.3 reports a refused client certificate only on the first read
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }
}
