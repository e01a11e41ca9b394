package io.sleipnir.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.config.EnvExpander;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ready configs for Kubernetes, read as YAML (config/daemonset.yaml needs Kubernetes discovery, which the
 * agent's loader does not know yet; the scenario tests load it).
 */
class ConfigFilesTest {
    private static final String DEFAULT_LOKI_URL = "http://loki-gateway.loki.svc.cluster.local/loki/api/v1/push";
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void daemonSetConfigHasPromtailsTopLevelKeysAndOnePodScrapeConfig() throws Exception {
        JsonNode config = YAML.readTree(Repository.read("config/daemonset.yaml"));
        assertThat(fieldNames(config)).containsExactly("server", "clients", "positions", "scrape_configs");
        assertThat(config.at("/server/http_listen_port").asInt()).isEqualTo(9080);
        assertThat(config.at("/clients").size()).isEqualTo(1);
        assertThat(config.at("/clients/0/url").asText()).isEqualTo("${LOKI_URL:-" + DEFAULT_LOKI_URL + "}");
        assertThat(config.at("/positions/filename").asText()).isEqualTo("/var/lib/sleipnir/positions.yaml");
        JsonNode scrapeConfigs = config.at("/scrape_configs");
        assertThat(scrapeConfigs.size()).isEqualTo(1);
        JsonNode pods = scrapeConfigs.get(0);
        assertThat(pods.path("job_name").asText()).isEqualTo("kubernetes-pods");
        assertThat(YAML.writeValueAsString(pods.path("kubernetes_sd_configs")))
                .isEqualTo(YAML.writeValueAsString(YAML.readTree("[{role: pod}]")));
        assertThat(YAML.writeValueAsString(pods.path("pipeline_stages")))
                .isEqualTo(YAML.writeValueAsString(YAML.readTree("[{cri: {}}]")));
    }

    @Test
    void daemonSetRelabelingIsThatOfPromtailsHelmChartPlusHost() throws Exception {
        JsonNode rules = YAML.readTree(Repository.read("config/daemonset.yaml")).at("/scrape_configs/0/relabel_configs");
        String firstNonEmpty = "^;*([^;]+)(;.*)?$";
        List<Map<String, Object>> expected = List.of(
                rule(List.of("__meta_kubernetes_pod_controller_name"), "__tmp_controller_name",
                        "regex", "([0-9a-z-.]+?)(-[0-9a-f]{8,10})?"),
                rule(List.of("__meta_kubernetes_pod_label_app_kubernetes_io_name", "__meta_kubernetes_pod_label_app",
                        "__tmp_controller_name", "__meta_kubernetes_pod_name"), "app", "regex", firstNonEmpty),
                rule(List.of("__meta_kubernetes_pod_label_app_kubernetes_io_instance",
                        "__meta_kubernetes_pod_label_instance"), "instance", "regex", firstNonEmpty),
                rule(List.of("__meta_kubernetes_pod_label_app_kubernetes_io_component",
                        "__meta_kubernetes_pod_label_component"), "component", "regex", firstNonEmpty),
                rule(List.of("__meta_kubernetes_pod_node_name"), "node_name"),
                rule(List.of("__meta_kubernetes_namespace"), "namespace"),
                rule(List.of("namespace", "app"), "job", "separator", "/", "replacement", "$1"),
                rule(List.of("__meta_kubernetes_pod_name"), "pod"),
                rule(List.of("__meta_kubernetes_pod_container_name"), "container"),
                rule(List.of("__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"), "__path__",
                        "separator", "/", "replacement", "/var/log/pods/*$1/*.log"),
                rule(List.of("__meta_kubernetes_pod_annotationpresent_kubernetes_io_config_hash",
                        "__meta_kubernetes_pod_annotation_kubernetes_io_config_hash",
                        "__meta_kubernetes_pod_container_name"), "__path__",
                        "separator", "/", "regex", "true/(.*)", "replacement", "/var/log/pods/*$1/*.log"),
                rule(List.of("__meta_kubernetes_pod_node_name"), "__host__"));
        assertThat(YAML.convertValue(rules, List.class)).isEqualTo(expected);
    }

    @Test
    void dockerRuntimeConfigIsTheDaemonSetConfigWithAPipelineForBothFormats() throws Exception {
        ObjectNode docker = (ObjectNode) YAML.readTree(Repository.read("config/docker-runtime/daemonset.yaml"));
        ObjectNode cri = (ObjectNode) YAML.readTree(Repository.read("config/daemonset.yaml"));
        JsonNode pipeline = docker.at("/scrape_configs/0/pipeline_stages");
        assertThat(YAML.writeValueAsString(pipeline)).isEqualTo(YAML.writeValueAsString(YAML.readTree("""
                - match:
                    selector: '{filename=~".+"} |~ `^\\{"log":`'
                    stages:
                      - docker: {}
                - match:
                    selector: '{filename=~".+", stream=""}'
                    stages:
                      - cri: {}
                """)));
        ((ObjectNode) docker.at("/scrape_configs/0")).remove("pipeline_stages");
        ((ObjectNode) cri.at("/scrape_configs/0")).remove("pipeline_stages");
        assertThat(docker).isEqualTo(cri);
    }

    @Test
    void expandingTheEnvironmentChangesOnlyTheLokiUrl() throws Exception {
        String text = Repository.read("config/daemonset.yaml");
        ObjectNode raw = (ObjectNode) YAML.readTree(text);

        JsonNode withDefault = YAML.readTree(EnvExpander.expand(text, "daemonset.yaml", Map.of()));
        JsonNode withUrl = YAML.readTree(EnvExpander.expand(text, "daemonset.yaml",
                Map.of("LOKI_URL", "http://loki.example:3100/loki/api/v1/push")));

        assertThat(withDefault.at("/clients/0/url").asText()).isEqualTo(DEFAULT_LOKI_URL);
        assertThat(withUrl.at("/clients/0/url").asText()).isEqualTo("http://loki.example:3100/loki/api/v1/push");
        // The regexes' "$" anchors and the replacements' "$1" must survive expansion untouched.
        ((ObjectNode) raw.at("/clients/0")).put("url", DEFAULT_LOKI_URL);
        assertThat(withDefault).isEqualTo(raw);
    }

    @Test
    void sidecarConfigLabelsTheSharedVolumesFilesFromTheEnvironment() throws Exception {
        JsonNode config = YAML.readTree(Repository.read("config/sidecar.yaml"));
        assertThat(fieldNames(config)).containsExactly("server", "clients", "positions", "scrape_configs");
        assertThat(config.at("/clients/0/url").asText()).isEqualTo("${LOKI_URL:-" + DEFAULT_LOKI_URL + "}");
        JsonNode labels = config.at("/scrape_configs/0/static_configs/0/labels");
        assertThat(YAML.convertValue(labels, Map.class)).isEqualTo(Map.of(
                "job", "${POD_NAMESPACE}/${APP:-app}",
                "namespace", "${POD_NAMESPACE}",
                "app", "${APP:-app}",
                "pod", "${POD_NAME}",
                "node_name", "${NODE_NAME}",
                "__path__", "/var/log/app/*.log"));
    }

    @Test
    void agentLoadsTheSidecarConfigWithThePodsEnvironment() throws Exception {
        Map<String, String> env = Map.of("POD_NAMESPACE", "shop", "POD_NAME", "order-7d4b9c-x2x8q",
                "NODE_NAME", "node-1", "APP", "order");

        AgentConfig config = ConfigLoader.parse(Repository.read("config/sidecar.yaml"), "sidecar.yaml", true, env);

        assertThat(config.clients()).singleElement()
                .satisfies(client -> assertThat(client.url()).isEqualTo(DEFAULT_LOKI_URL));
        // Not 9080: the sidecar listens in the application's network namespace.
        assertThat(config.server().httpListenPort()).isEqualTo(3101);
        assertThat(ConfigLoader.parse(Repository.read("config/sidecar.yaml"), "sidecar.yaml", true,
                Map.of("SLEIPNIR_HTTP_PORT", "4242")).server().httpListenPort()).isEqualTo(4242);
        assertThat(config.positions().filename()).hasToString("/var/lib/sleipnir/positions.yaml");
        assertThat(config.scrapeConfigs()).singleElement().satisfies(scrape -> assertThat(scrape.staticConfigs())
                .singleElement().satisfies(group -> assertThat(group.labels()).isEqualTo(Map.of(
                        "job", "shop/order", "namespace", "shop", "app", "order", "pod", "order-7d4b9c-x2x8q",
                        "node_name", "node-1", "__path__", "/var/log/app/*.log"))));
    }

    private static Map<String, Object> rule(List<String> sourceLabels, String targetLabel, String... fields) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("source_labels", sourceLabels);
        for (int i = 0; i < fields.length; i += 2) {
            rule.put(fields[i], fields[i + 1]);
        }
        rule.put("action", "replace");
        rule.put("target_label", targetLabel);
        return rule;
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }
}
