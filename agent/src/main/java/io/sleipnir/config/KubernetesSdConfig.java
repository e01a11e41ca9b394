package io.sleipnir.config;

import java.util.List;

/**
 * One {@code kubernetes_sd_configs} entry, with Prometheus' keys. Only {@code role: pod} is accepted so far.
 *
 * @param role the object kind to discover; always {@code pod} for now
 * @param apiServer the API server URL, or null for fabric8's auto-configuration (in-cluster service account, else
 *     {@code KUBECONFIG} or {@code ~/.kube/config})
 * @param kubeconfigFile a kubeconfig to use instead, or null; exclusive with {@code apiServer}
 * @param namespaces {@code namespaces.names}; empty means all namespaces (unless {@code ownNamespace})
 * @param ownNamespace {@code namespaces.own_namespace}: also watch the namespace the agent runs in
 * @param selectors {@code selectors}: label and field selectors sent to the API server
 */
public record KubernetesSdConfig(String role, String apiServer, String kubeconfigFile, List<String> namespaces,
        boolean ownNamespace, List<Selector> selectors) {

    public KubernetesSdConfig {
        namespaces = List.copyOf(namespaces);
        selectors = List.copyOf(selectors);
    }

    /** One {@code selectors} entry; {@code label} and {@code field} are selector strings, null when absent. */
    public record Selector(String role, String label, String field) {
    }
}
