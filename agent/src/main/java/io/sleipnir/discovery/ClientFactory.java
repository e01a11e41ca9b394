package io.sleipnir.discovery;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;

/** Makes a fabric8 client for an API server URL or kubeconfig file (both null: auto-configuration). */
@FunctionalInterface
interface ClientFactory {
    ClientFactory DEFAULT = KubernetesClients::create;

    KubernetesClient create(String apiServer, String kubeconfigFile) throws IOException;
}
