package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding, validation and printing of kubernetes_sd_configs and relabel_configs. */
class KubernetesConfigTest {
    private static final String HEAD = """
            clients:
              - url: http://loki:3100/loki/api/v1/push
            scrape_configs:
              - job_name: pods
            """;

    private static AgentConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "promtail.yaml", false, Map.of());
    }

    private static String error(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void bindsPodDiscoveryAndRelabelRules() throws Exception {
        ScrapeConfig job = parse(HEAD + """
                    kubernetes_sd_configs:
                      - role: pod
                        api_server: https://k8s.example:6443
                        namespaces:
                          names: [shop, billing]
                        selectors:
                          - role: pod
                            label: app=order
                            field: status.phase=Running
                    relabel_configs:
                      - source_labels: [__meta_kubernetes_pod_uid, __meta_kubernetes_pod_container_name]
                        separator: /
                        replacement: /var/log/pods/*$1/*.log
                        target_label: __path__
                      - action: labeldrop
                        regex: tmp_.*
                      - source_labels: [x]
                        modulus: 8
                        target_label: shard
                        action: hashmod
                """).scrapeConfigs().get(0);

        assertThat(job.staticConfigs()).isEmpty();
        assertThat(job.kubernetesSdConfigs()).containsExactly(new KubernetesSdConfig("pod",
                "https://k8s.example:6443", null, List.of("shop", "billing"), false,
                List.of(new KubernetesSdConfig.Selector("pod", "app=order", "status.phase=Running"))));
        assertThat(job.relabelConfigs()).containsExactly(
                new RelabelConfig(List.of("__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"), "/",
                        "__path__", null, null, "/var/log/pods/*$1/*.log", null),
                new RelabelConfig(null, null, null, "tmp_.*", null, null, "labeldrop"),
                new RelabelConfig(List.of("x"), null, "shard", null, 8L, null, "hashmod"));
    }

    @Test
    void otherRolesAreNotSupportedYet() {
        assertThat(error(HEAD + "    kubernetes_sd_configs:\n      - role: service\n"))
                .isEqualTo("promtail.yaml:6:15: scrape_configs[0].kubernetes_sd_configs[0].role: "
                        + "role \"service\" is not supported yet");
        assertThat(error(HEAD + "    kubernetes_sd_configs:\n      - role: pods\n"))
                .isEqualTo("promtail.yaml:6:15: scrape_configs[0].kubernetes_sd_configs[0].role: "
                        + "unknown Kubernetes SD role \"pods\" (use pod, service, endpoints, endpointslice, node or ingress)");
        assertThat(error(HEAD + "    kubernetes_sd_configs:\n      - namespaces: {names: [a]}\n"))
                .isEqualTo("promtail.yaml:6:9: scrape_configs[0].kubernetes_sd_configs[0].role: required key is missing");
    }

    /** api_server is parsed as Go's net/url does (underscores allowed), and a refused one shows no password. */
    @Test
    void apiServerWithAnUnderscoreIsAcceptedAndABadOneIsQuotedRedacted() throws Exception {
        ScrapeConfig job = parse(HEAD + "    kubernetes_sd_configs:\n      - role: pod\n"
                + "        api_server: https://kube_api:6443\n").scrapeConfigs().get(0);
        assertThat(job.kubernetesSdConfigs().get(0).apiServer()).isEqualTo("https://kube_api:6443");
        assertThat(error(HEAD + "    kubernetes_sd_configs:\n      - role: pod\n"
                + "        api_server: kube://u:s3cret@k\n"))
                .isEqualTo("promtail.yaml:7:21: scrape_configs[0].kubernetes_sd_configs[0].api_server: "
                        + "must be an http or https URL, got \"kube://u:xxxxx@k\"");
    }

    @Test
    void kubernetesValidationFollowsPrometheus() {
        assertThat(error(HEAD + "    kubernetes_sd_configs:\n      - role: pod\n        api_server: http://a\n"
                + "        kubeconfig_file: /k\n"))
                .isEqualTo("promtail.yaml:8:26: scrape_configs[0].kubernetes_sd_configs[0].kubeconfig_file: "
                        + "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
        assertThat(error(HEAD + "    kubernetes_sd_configs:\n      - role: pod\n        selectors:\n"
                + "          - role: node\n            field: a=b\n"))
                .isEqualTo("promtail.yaml:8:19: scrape_configs[0].kubernetes_sd_configs[0].selectors[0].role: "
                        + "pod role supports only pod selectors");
        assertThat(error(HEAD + "    kubernetes_sd_configs:\n      - role: pod\n        tls_config: {}\n"))
                .isEqualTo("promtail.yaml:7:9: scrape_configs[0].kubernetes_sd_configs[0].tls_config: "
                        + "\"tls_config\" is not supported yet");
    }

    @Test
    void aBadRelabelRuleFailsAtLoadWithItsLocationAndPrometheusMessage() {
        assertThat(error(HEAD + "    static_configs: []\n    relabel_configs:\n      - source_labels: [a]\n"
                + "        action: replace\n"))
                .isEqualTo("promtail.yaml:7:9: scrape_configs[0].relabel_configs[0]: "
                        + "relabel configuration for replace action requires 'target_label' value");
        assertThat(error(HEAD + "    static_configs: []\n    relabel_configs:\n      - target_label: a\n"
                + "      - regex: '(unclosed'\n        target_label: b\n"))
                .startsWith("promtail.yaml:8:9: scrape_configs[0].relabel_configs[1]: ");
        assertThat(error(HEAD + "    static_configs: []\n    relabel_configs:\n      - action: explode\n"))
                .startsWith("promtail.yaml:7:9: scrape_configs[0].relabel_configs[0]: ");
    }

    @Test
    void printsBackToTheSameConfig() throws Exception {
        AgentConfig config = parse(HEAD + """
                    kubernetes_sd_configs:
                      - role: pod
                        kubeconfig_file: /etc/kube.yaml
                        namespaces:
                          own_namespace: true
                        selectors:
                          - role: pod
                            field: spec.nodeName=n1
                    relabel_configs:
                      - source_labels: [__meta_kubernetes_pod_node_name]
                        target_label: __host__
                      - action: keep
                        regex: ''
                        source_labels: [a, b]
                        separator: ''
                """);

        String yaml = ConfigPrinter.toYaml(config);

        assertThat(yaml).contains("kubernetes_sd_configs:", "relabel_configs:", "own_namespace: true");
        assertThat(ConfigLoader.parse(yaml, "printed.yaml", false, Map.of())).isEqualTo(config);
    }
}
