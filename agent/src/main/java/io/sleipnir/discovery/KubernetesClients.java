package io.sleipnir.discovery;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.io.IOException;

/**
 * Makes the fabric8 client for a watch: {@code api_server} alone (no in-cluster credentials, as in Prometheus), or a
 * {@code kubeconfig_file}, or else fabric8's auto-configuration (in-cluster service account, else
 * {@code KUBECONFIG} or {@code ~/.kube/config}).
 */
final class KubernetesClients {
    private KubernetesClients() {
    }

    static KubernetesClient create(String apiServer, String kubeconfigFile) throws IOException {
        try {
            if (apiServer != null) {
                Config config = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer).build();
                return new KubernetesClientBuilder().withConfig(config).build();
            }
            if (kubeconfigFile != null) {
                File file = new File(kubeconfigFile);
                if (!file.canRead()) {
                    throw new IOException("cannot read kubeconfig_file " + kubeconfigFile);
                }
                return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(file)).build();
            }
            return new KubernetesClientBuilder().build();
        } catch (KubernetesClientException | IllegalArgumentException e) {
            throw new IOException("cannot configure the Kubernetes client: " + e.getMessage(), e);
        }
    }
}
