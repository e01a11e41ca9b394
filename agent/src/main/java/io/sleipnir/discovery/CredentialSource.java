package io.sleipnir.discovery;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Says in words where a pod watch's API server and credentials come from, for its failure messages: outside a
 * cluster, "connection refused" alone does not tell that the in-cluster service account was missing and no
 * kubeconfig was found, so that fabric8 fell back to {@code https://kubernetes.default.svc}.
 */
final class CredentialSource {
    /** Where Kubernetes mounts a pod's service account token. */
    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private CredentialSource() {
    }

    /**
     * @param env  the process environment ({@code KUBERNETES_SERVICE_HOST}, {@code KUBECONFIG})
     * @param home the user's home directory, where {@code .kube/config} is looked for
     */
    static String describe(String apiServer, String kubeconfigFile, Map<String, String> env, Path home,
            Path serviceAccountToken) {
        if (apiServer != null) {
            return "api_server from the config, without credentials";
        }
        if (kubeconfigFile != null) {
            return "kubeconfig_file " + kubeconfigFile;
        }
        String inCluster;
        String host = env.get("KUBERNETES_SERVICE_HOST");
        if (host == null || host.isEmpty()) {
            inCluster = "in-cluster service account: KUBERNETES_SERVICE_HOST is not set";
        } else if (!Files.isReadable(serviceAccountToken)) {
            inCluster = "in-cluster service account: no token at " + serviceAccountToken;
        } else {
            inCluster = "in-cluster service account (token " + serviceAccountToken + ")";
        }
        String listed = env.get("KUBECONFIG");
        Path kubeconfig = listed != null && !listed.isEmpty()
                ? Path.of(listed.split(File.pathSeparator, -1)[0])
                : home.resolve(".kube").resolve("config");
        String fromKubeconfig = Files.isReadable(kubeconfig)
                ? "kubeconfig " + kubeconfig
                : "kubeconfig: " + kubeconfig + " not found"
                        + (listed != null && !listed.isEmpty() ? " (KUBECONFIG)" : "");
        return inCluster + "; " + fromKubeconfig;
    }

    /** For the running process. */
    static String describe(String apiServer, String kubeconfigFile) {
        return describe(apiServer, kubeconfigFile, System.getenv(), Path.of(System.getProperty("user.home", "/")),
                SERVICE_ACCOUNT_TOKEN);
    }
}
