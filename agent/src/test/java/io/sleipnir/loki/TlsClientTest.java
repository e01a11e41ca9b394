package io.sleipnir.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.sleipnir.config.BackoffConfig;
import io.sleipnir.config.ClientConfig;
import io.sleipnir.config.LimitsConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.testing.LokiReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Loki client's {@code tls_config} against a real HTTPS receiver on 127.0.0.1, with a test CA made here:
 * trust by {@code ca_file}, refusal of an untrusted server, {@code insecure_skip_verify}, {@code server_name}
 * checked against the certificate's SAN, and a client certificate ({@code cert_file}/{@code key_file}) for a
 * receiver that requires one. A refused handshake is a connection error: retried, counted as
 * {@code promtail_request_duration_seconds{status_code="-1"}}, and nothing reaches Loki.
 */
class TlsClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration NOTHING_ARRIVES_FOR = Duration.ofMillis(700);
    private static final Labels APP = Labels.of("app", "order", "namespace", "shop");

    private static EventLoopGroup group;
    private static X509Bundle ca;
    private static X509Bundle otherCa;
    /** SAN: IP 127.0.0.1 and DNS loki.test. */
    private static X509Bundle serverForIp;
    /** SAN: DNS loki.test only, so a client that dials 127.0.0.1 must name the server. */
    private static X509Bundle serverForName;
    private static X509Bundle clientCert;
    private static X509Bundle clientRsaCert;
    private static String caFile;
    private static String otherCaFile;
    private static String clientCertFile;
    private static String clientKeyFile;
    private static String clientSec1KeyFile;
    private static String clientRsaCertFile;
    private static String clientPkcs1KeyFile;

    @TempDir
    static Path dir;

    private LokiReceiver loki;
    private final AgentMetrics metrics = new AgentMetrics();
    private final List<LokiClient> clients = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Instant now = Instant.now();
        CertificateBuilder base = new CertificateBuilder().ecp256()
                .notBefore(now.minus(Duration.ofHours(1))).notAfter(now.plus(Duration.ofDays(1)));
        ca = base.copy().subject("CN=Sleipnir Test CA").setIsCertificateAuthority(true).buildSelfSigned();
        otherCa = base.copy().subject("CN=Some Other CA").setIsCertificateAuthority(true).buildSelfSigned();
        serverForIp = base.copy().subject("CN=loki.test").addSanIpAddress("127.0.0.1").addSanDnsName("loki.test")
                .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        serverForName = base.copy().subject("CN=loki.test").addSanDnsName("loki.test")
                .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        clientCert = base.copy().subject("CN=sleipnir-agent").addExtendedKeyUsageClientAuth().buildIssuedBy(ca);
        caFile = write("ca.pem", ca.getCertificatePEM());
        otherCaFile = write("other-ca.pem", otherCa.getCertificatePEM());
        clientCertFile = write("client.pem", clientCert.getCertificatePEM());
        clientKeyFile = write("client-key.pem", clientCert.getPrivateKeyPEM());
        // The forms openssl and cert-manager write: SEC 1 after an EC PARAMETERS block, and PKCS#1.
        ECPrivateKey ec = (ECPrivateKey) clientCert.getKeyPair().getPrivate();
        clientSec1KeyFile = write("client-key-sec1.pem",
                pem("EC PARAMETERS", SECObjectIdentifiers.secp256r1.getEncoded())
                + pem("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(),
                        SECObjectIdentifiers.secp256r1).getEncoded()));
        clientRsaCert = base.copy().rsa2048().subject("CN=sleipnir-agent-rsa").addExtendedKeyUsageClientAuth()
                .buildIssuedBy(ca);
        clientRsaCertFile = write("client-rsa.pem", clientRsaCert.getCertificatePEM());
        clientPkcs1KeyFile = write("client-rsa-key-pkcs1.pem", pem("RSA PRIVATE KEY",
                PrivateKeyInfo.getInstance(clientRsaCert.getKeyPair().getPrivate().getEncoded()).parsePrivateKey()
                        .toASN1Primitive().getEncoded()));
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void tearDown() {
        clients.forEach(LokiClient::closeNow);
        if (loki != null) {
            loki.close();
        }
    }

    @Test
    void deliversToAServerSignedByTheCaInCaFile() throws Exception {
        loki = new LokiReceiver(serverContext(serverForIp, false));
        LokiClient client = client(new ClientConfig.TlsConfig(caFile, null, null, null, false));

        client.accept(entry("over tls"));

        await().atMost(WAIT).until(() -> loki.entryCount() == 1);
        assertThat(loki.url()).startsWith("https://");
        assertThat(loki.lines()).containsExactly("over tls");
        assertThat(loki.entries().get(0).labels()).isEqualTo(Map.of("app", "order", "namespace", "shop"));
        // The receiver stores before it answers: the client counts the push once the answer is back.
        await().atMost(WAIT).until(() -> durations(client, "204") == 1);
    }

    @Test
    void refusesAServerItDoesNotTrustWithoutCaFile() throws Exception {
        loki = new LokiReceiver(serverContext(serverForIp, false));
        LokiClient client = client(null); // the JDK's default trust store does not know our CA

        client.accept(entry("must not arrive"));

        assertRefusedAndRetried(client);
    }

    @Test
    void anUntrustedServerIsLoggedAsAFailedTlsHandshakeInPlainWords() throws Exception {
        loki = new LokiReceiver(serverContext(serverForIp, false));
        try (io.sleipnir.testing.LogCapture logs = io.sleipnir.testing.LogCapture.start(java.util.logging.Level.INFO)) {
            LokiClient client = client(null);
            client.accept(entry("must not arrive"));
            assertRefusedAndRetried(client);

            // The sending thread logs the failure after it counts the retry: wait for the line, not for the count.
            String failed = "push to " + loki.url() + " failed: TLS handshake failed: ";
            await().atMost(WAIT).until(() -> !logs.lines(java.util.logging.Level.WARNING, failed).isEmpty());
            assertThat(logs.lines(java.util.logging.Level.WARNING, failed)).singleElement().extracting(io.sleipnir.testing.LogCapture.Line::message).asString()
                    .doesNotContainPattern("\\b[a-z]+(\\.\\w+)+\\.[A-Z]\\w*(Exception|Error)");
        }
    }

    @Test
    void refusesAServerSignedByAnotherCaThanCaFile() throws Exception {
        loki = new LokiReceiver(serverContext(serverForIp, false));
        LokiClient client = client(new ClientConfig.TlsConfig(otherCaFile, null, null, null, false));

        client.accept(entry("must not arrive"));

        assertRefusedAndRetried(client);
    }

    @Test
    void insecureSkipVerifyDeliversToAnUntrustedServerWhoseNameDoesNotMatch() throws Exception {
        // Neither the issuer is trusted nor is 127.0.0.1 in the SAN: both checks must be off.
        loki = new LokiReceiver(serverContext(serverForName, false));
        LokiClient client = client(new ClientConfig.TlsConfig(null, null, null, null, true));

        client.accept(entry("skip verify"));

        await().atMost(WAIT).until(() -> loki.entryCount() == 1);
        assertThat(loki.lines()).containsExactly("skip verify");
    }

    @Test
    void refusesAServerWhoseCertificateDoesNotNameTheDialledAddress() throws Exception {
        loki = new LokiReceiver(serverContext(serverForName, false));
        LokiClient client = client(new ClientConfig.TlsConfig(caFile, null, null, null, false));

        client.accept(entry("must not arrive"));

        assertRefusedAndRetried(client);
    }

    @Test
    void serverNameThatMatchesTheSanIsAccepted() throws Exception {
        loki = new LokiReceiver(serverContext(serverForName, false));
        LokiClient client = client(new ClientConfig.TlsConfig(caFile, null, null, "loki.test", false));

        client.accept(entry("named"));

        await().atMost(WAIT).until(() -> loki.entryCount() == 1);
        assertThat(loki.lines()).containsExactly("named");
    }

    @Test
    void serverNameThatDoesNotMatchTheSanIsRefused() throws Exception {
        // The certificate does cover 127.0.0.1, but server_name replaces the dialled host in the check.
        loki = new LokiReceiver(serverContext(serverForIp, false));
        LokiClient client = client(new ClientConfig.TlsConfig(caFile, null, null, "wrong.test", false));

        client.accept(entry("must not arrive"));

        assertRefusedAndRetried(client);
    }

    @Test
    void clientCertificateIsPresentedToAServerThatRequiresOne() throws Exception {
        loki = new LokiReceiver(serverContext(serverForIp, true));
        LokiClient client = client(new ClientConfig.TlsConfig(caFile, clientCertFile, clientKeyFile, null, false));

        client.accept(entry("mutual tls"));

        await().atMost(WAIT).until(() -> loki.entryCount() == 1);
        assertThat(loki.lines()).containsExactly("mutual tls");
    }

    @Test
    void withoutAClientCertificateAServerThatRequiresOneRefuses() throws Exception {
        loki = new LokiReceiver(serverContext(serverForIp, true));
        LokiClient client = client(new ClientConfig.TlsConfig(caFile, null, null, null, false));

        client.accept(entry("must not arrive"));

        assertRefusedAndRetried(client);
    }

    @Test
    void clientKeyInSec1FormAfterEcParametersIsAccepted() throws Exception {
        assertThat(Files.readString(Path.of(clientSec1KeyFile))).startsWith("-----BEGIN EC PARAMETERS-----");
        loki = new LokiReceiver(serverContext(serverForIp, true));
        LokiClient client = client(new ClientConfig.TlsConfig(caFile, clientCertFile, clientSec1KeyFile, null, false));

        client.accept(entry("sec1 key"));

        await().atMost(WAIT).until(() -> loki.entryCount() == 1);
        assertThat(loki.lines()).containsExactly("sec1 key");
    }

    @Test
    void clientKeyInPkcs1FormIsAccepted() throws Exception {
        assertThat(Files.readString(Path.of(clientPkcs1KeyFile))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        loki = new LokiReceiver(serverContext(serverForIp, true));
        LokiClient client = client(new ClientConfig.TlsConfig(caFile, clientRsaCertFile, clientPkcs1KeyFile, null,
                false));

        client.accept(entry("pkcs1 key"));

        await().atMost(WAIT).until(() -> loki.entryCount() == 1);
        assertThat(loki.lines()).containsExactly("pkcs1 key");
    }

    @Test
    void certFileWithoutKeyFileIsAConfigurationError() {
        ClientConfig config = config("https://127.0.0.1:1/loki/api/v1/push",
                new ClientConfig.TlsConfig(caFile, clientCertFile, null, null, false));

        assertThatThrownBy(() -> NettyPushSender.create(config, group))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid tls_config: cert_file and key_file must be set together");
    }

    @Test
    void aKeyFileWithoutAKeyIsAConfigurationErrorNamingTheFile() throws Exception {
        String notAKey = write("not-a-key.pem", clientCert.getCertificatePEM());
        ClientConfig config = config("https://127.0.0.1:1/loki/api/v1/push",
                new ClientConfig.TlsConfig(caFile, clientCertFile, notAKey, null, false));

        assertThatThrownBy(() -> NettyPushSender.create(config, group))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid tls_config: key_file " + notAKey + ": no PEM block of a private key found");
    }

    /** Connection errors are retried (several status -1 requests), and nothing is ever received. */
    private void assertRefusedAndRetried(LokiClient client) {
        await().atMost(WAIT).until(() -> durations(client, "-1") >= 2);
        await().during(NOTHING_ARRIVES_FOR).atMost(NOTHING_ARRIVES_FOR.plusSeconds(2))
                .until(() -> loki.pushCount() == 0 && loki.entryCount() == 0);
        assertThat(durations(client, "204")).isZero();
    }

    private double durations(LokiClient client, String statusCode) {
        return metrics.value("promtail_request_duration_seconds_count", "status_code", statusCode,
                "host", client.host());
    }

    private LokiClient client(ClientConfig.TlsConfig tls) {
        ClientConfig config = config(loki.url(), tls);
        LokiClient c = new LokiClient(config, LimitsConfig.defaults(), NettyPushSender.create(config, group), metrics,
                Clock.systemUTC(), 256 * 1024);
        clients.add(c);
        return c;
    }

    private static ClientConfig config(String url, ClientConfig.TlsConfig tls) {
        // Short waits so that retries of a refused handshake show within the test's bounded wait.
        return new ClientConfig(url, "tls-test", "", Duration.ofMillis(20), 64 * 1024,
                Duration.ofSeconds(2), new BackoffConfig(Duration.ofMillis(20), Duration.ofMillis(100), 10), Map.of(),
                Map.of(), null, null, null, tls, false);
    }

    private static LogEntry entry(String line) {
        return LogEntry.of(1_700_000_000_000_000_000L, line, APP, new CountingDelivery());
    }

    private static SslContext serverContext(X509Bundle server, boolean requireClientCertificate) throws Exception {
        SslContextBuilder b = SslContextBuilder.forServer(server.getKeyPair().getPrivate(), server.getCertificatePath());
        if (requireClientCertificate) {
            b.trustManager(ca.getCertificate()).clientAuth(ClientAuth.REQUIRE);
        }
        return b.build();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String write(String name, String pem) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, pem);
        return file.toString();
    }
}
