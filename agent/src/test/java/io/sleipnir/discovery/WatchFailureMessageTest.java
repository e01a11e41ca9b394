package io.sleipnir.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.config.KubernetesSdConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A failing pod watch says which API server it tried, with which credentials, and why it failed, in plain words. */
class WatchFailureMessageTest {
    @TempDir
    Path home;

    @Test
    @Timeout(60)
    void anUnreachableApiServerIsNamedWithTheCauseInPlainWords() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // closed again: nothing listens there
        }
        Logger logger = Logger.getLogger(PodWatch.class.getName());
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        KubernetesDiscovery discovery = new KubernetesDiscovery("node-a");
        try {
            discovery.register(new KubernetesSdConfig("pod", "http://127.0.0.1:" + closedPort, null, List.of(), false,
                    List.of()));
            discovery.start(() -> { });

            await().atMost(Duration.ofSeconds(45)).until(() -> !warnings.isEmpty());
        } finally {
            discovery.close();
            logger.removeHandler(capture);
        }

        assertThat(warnings.get(0))
                .isEqualTo("pod watch of all namespaces (spec.nodeName=node-a) at http://127.0.0.1:" + closedPort
                        + "/ (api_server from the config, without credentials) failed: connection refused;"
                        + " retrying, known targets are kept");
    }

    @Test
    void outsideAClusterWithoutKubeconfigBothMissingSourcesAreNamed() {
        String described = CredentialSource.describe(null, null, Map.of(), home, home.resolve("no-token"));

        assertThat(described).isEqualTo("in-cluster service account: KUBERNETES_SERVICE_HOST is not set; kubeconfig: "
                + home.resolve(".kube/config") + " not found");
    }

    @Test
    void inAClusterWithoutTokenAndWithAKubeconfigFromTheEnvironment() throws IOException {
        Path kubeconfig = Files.writeString(home.resolve("kc.yaml"), "apiVersion: v1\n");

        String described = CredentialSource.describe(null, null,
                Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "KUBECONFIG", kubeconfig.toString()), home,
                home.resolve("no-token"));

        assertThat(described).isEqualTo("in-cluster service account: no token at " + home.resolve("no-token")
                + "; kubeconfig " + kubeconfig);
    }

    @Test
    void aConfiguredKubeconfigFileIsNamed() {
        assertThat(CredentialSource.describe(null, "/etc/kube.yaml", Map.of(), home, home))
                .isEqualTo("kubeconfig_file /etc/kube.yaml");
    }

    @Test
    void networkCausesAreNamedInPlainWordsThroughTheirWrappers() {
        assertThat(WatchErrors.describe(new java.util.concurrent.CompletionException(
                new io.fabric8.kubernetes.client.KubernetesClientException("Operation: [list] failed",
                        new java.net.UnknownHostException("kubernetes.default.svc")))))
                .isEqualTo("unknown host kubernetes.default.svc");
        assertThat(WatchErrors.describe(new io.fabric8.kubernetes.client.KubernetesClientException("forbidden", 403,
                null))).isEqualTo("HTTP 403: forbidden");
        assertThat(WatchErrors.describe(new java.util.concurrent.CompletionException(
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed"))))
                .isEqualTo("TLS handshake failed: PKIX path building failed");
    }
}
