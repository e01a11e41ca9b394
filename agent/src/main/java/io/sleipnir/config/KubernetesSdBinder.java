package io.sleipnir.config;

import io.sleipnir.config.NodeConverter.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code kubernetes_sd_configs}: Prometheus' keys and checks; only the pod role is implemented. */
final class KubernetesSdBinder {
    /** Prometheus' kubernetes_sd_configs keys; the HTTP client options are not wired to fabric8 yet. */
    private static final Keys KUBERNETES_SD = Keys.of("role", "api_server", "kubeconfig_file", "namespaces",
                    "selectors")
            .notYetSupported("basic_auth", "authorization", "oauth2", "bearer_token", "bearer_token_file",
                    "tls_config", "proxy_url", "no_proxy", "proxy_from_environment", "proxy_connect_header",
                    "follow_redirects", "enable_http2", "http_headers", "attach_metadata");
    private static final Keys KUBERNETES_NAMESPACES = Keys.of("names", "own_namespace");
    private static final Keys KUBERNETES_SELECTOR = Keys.of("role", "label", "field");
    /** Prometheus' roles; only pod is implemented. */
    private static final Set<String> KUBERNETES_ROLES = Set.of("pod", "service", "endpoints", "endpointslice",
            "node", "ingress");
    private final NodeConverter convert;

    KubernetesSdBinder(NodeConverter convert) {
        this.convert = convert;
    }

    List<KubernetesSdConfig> kubernetesSdConfigs(MappingReader scrape) throws ConfigException {
        List<KubernetesSdConfig> out = new ArrayList<>();
        List<YamlNode> items = scrape.list("kubernetes_sd_configs");
        for (int i = 0; i < items.size(); i++) {
            MappingReader m = convert.mapping(items.get(i),
                    ConfigPaths.index(scrape.path("kubernetes_sd_configs"), i), KUBERNETES_SD);
            String role = kubernetesRole(m, "role");
            if (!role.equals("pod")) {
                throw m.error("role", "role \"" + role + "\" is not supported yet");
            }
            String apiServer = m.string("api_server", null);
            String kubeconfigFile = m.string("kubeconfig_file", null);
            if (apiServer != null && kubeconfigFile != null) {
                throw m.error("kubeconfig_file", "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
            }
            if (apiServer != null && HttpUrl.parse(apiServer).isEmpty()) {
                throw m.error("api_server", "must be an http or https URL, got \"" + ClientConfig.redactUrl(apiServer)
                        + "\"");
            }
            MappingReader ns = m.mapping("namespaces", KUBERNETES_NAMESPACES);
            List<String> names = ns == null ? List.of() : ns.stringList("names");
            boolean own = ns != null && ns.bool("own_namespace", false);
            out.add(new KubernetesSdConfig(role, apiServer, kubeconfigFile, names, own, selectors(m, role)));
        }
        return out;
    }

    private String kubernetesRole(MappingReader m, String key) throws ConfigException {
        if (m.entry(key) == null) {
            throw m.missing(key);
        }
        String role = m.string(key, "");
        if (!KUBERNETES_ROLES.contains(role)) {
            throw m.error(key, "unknown Kubernetes SD role \"" + role
                    + "\" (use pod, service, endpoints, endpointslice, node or ingress)");
        }
        return role;
    }

    /** Prometheus' checks: a pod role takes only pod selectors, each role once. */
    private List<KubernetesSdConfig.Selector> selectors(MappingReader sd, String sdRole) throws ConfigException {
        List<KubernetesSdConfig.Selector> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        List<YamlNode> items = sd.list("selectors");
        for (int i = 0; i < items.size(); i++) {
            MappingReader m = convert.mapping(items.get(i), ConfigPaths.index(sd.path("selectors"), i),
                    KUBERNETES_SELECTOR);
            String role = kubernetesRole(m, "role");
            if (!role.equals(sdRole)) {
                throw m.error("role", sdRole + " role supports only " + sdRole + " selectors");
            }
            if (!seen.add(role)) {
                throw m.error("role", "duplicated selector role: " + role);
            }
            out.add(new KubernetesSdConfig.Selector(role, m.string("label", null), m.string("field", null)));
        }
        return out;
    }
}
