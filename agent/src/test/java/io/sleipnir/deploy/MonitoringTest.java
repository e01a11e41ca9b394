package io.sleipnir.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sleipnir.cli.Agent;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.LokiReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the alerting rules under deploy/monitoring use only metrics a running agent exposes: every
 * metric name in their PromQL is looked up in a real {@code /metrics} scrape of an agent that has shipped lines
 * through the test receiver, dropped one in a stage and repaired one with invalid UTF-8. The PrometheusRule holds the
 * same rules as the plain file, and the kustomize component renders where kubectl exists.
 */
class MonitoringTest {
    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:$.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void everyMetricTheDashboardAndTheRulesUseIsExposedByARunningAgent() throws Exception {
        Map<String, Set<String>> used = new TreeMap<>();
        for (String expr : dashboardQueries()) {
            metricNames(expr).forEach(m -> used.computeIfAbsent(m, k -> new TreeSet<>()).add("dashboard"));
        }
        for (String expr : ruleExpressions(rulesFile().path("groups"))) {
            metricNames(expr).forEach(m -> used.computeIfAbsent(m, k -> new TreeSet<>()).add("rules"));
        }
        // The extraction must find what the files obviously use, or the check below would pass on nothing.
        assertThat(used.keySet()).contains("promtail_read_lines_total", "sleipnir_delivered_bytes",
                "promtail_request_duration_seconds_count", "process_cpu_seconds_total",
                "process_resident_memory_bytes", "jvm_memory_bytes_used", "sleipnir_build_info");

        Set<String> exposed = scrapeOfAnAgentThatShippedLines();

        assertThat(used.keySet()).allSatisfy(name -> assertThat(exposed)
                .as("%s, used by the %s, is on /metrics", name, used.get(name)).contains(name));
    }

    @Test
    void thePrometheusRuleHoldsExactlyTheRulesOfThePlainFile() throws IOException {
        JsonNode object = new YAMLMapper().readTree(Repository.read("deploy/monitoring/prometheusrule.yaml"));

        assertThat(object.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(object.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(object.at("/spec/groups")).isEqualTo(rulesFile().path("groups"));
        assertThat(ruleExpressions(object.at("/spec/groups"))).hasSize(5);
        List<String> alerts = new ArrayList<>();
        object.at("/spec/groups/0/rules").forEach(r -> alerts.add(r.path("alert").asText()));
        assertThat(alerts).containsExactly("SleipnirPushesFailing", "SleipnirEntriesDropped",
                "SleipnirDeliveryLagGrowing", "SleipnirFileNotShipped", "SleipnirClientBufferFull");
    }

    @Test
    void theComponentRendersTheRuleAndTheDashboardIntoTheDaemonSetsNamespace() throws IOException {
        assumeTrue(Kustomize.kubectlAvailable(), "kubectl not found: deploy/daemonset-monitored not rendered");

        List<KubeObject> objects = Kustomize.render("deploy/daemonset-monitored");

        KubeObject rule = objects.stream().filter(o -> o.kind().equals("PrometheusRule")).findFirst().orElseThrow();
        assertThat(rule.namespace()).isEqualTo("logging");
        assertThat(rule.at("/spec/groups")).isEqualTo(rulesFile().path("groups"));
        KubeObject dashboard = objects.stream()
                .filter(o -> o.kind().equals("ConfigMap") && o.name().equals("sleipnir-dashboard"))
                .findFirst().orElseThrow();
        assertThat(dashboard.namespace()).isEqualTo("logging");
        assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(new ObjectMapper().readTree(dashboard.at("/data/sleipnir-dashboard.json").asText()))
                .isEqualTo(dashboardJson());
        assertThat(objects.stream().filter(o -> o.kind().equals("DaemonSet"))).hasSize(1);
    }

    @Test
    void metricNameExtractionSkipsFunctionsLabelsRangesAndGrafanaVariables() {
        assertThat(metricNames("sum by (instance, path) (rate(a_total{job=~\"$job\",x=\"y z\"}[$__rate_interval]))"
                + " - on (instance) group_left () b offset 10m > bool 0 unless c[5m:1m]"))
                .containsExactlyInAnyOrder("a_total", "b", "c");
    }

    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (!PROMQL_WORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static JsonNode dashboardJson() throws IOException {
        return new ObjectMapper().readTree(Repository.read("deploy/monitoring/sleipnir-dashboard.json"));
    }

    private static JsonNode rulesFile() throws IOException {
        return new YAMLMapper().readTree(Repository.read("deploy/monitoring/sleipnir-alerts.yaml"));
    }

    private static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = dashboardJson();
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
        }
        assertThat(exprs).hasSizeGreaterThan(15).allMatch(e -> !e.isBlank());
        for (JsonNode variable : dashboard.at("/templating/list")) {
            Matcher m = LABEL_VALUES.matcher(variable.at("/query/query").asText(""));
            if (m.find()) {
                exprs.add(m.group(1));
            }
        }
        return exprs;
    }

    private static List<String> ruleExpressions(JsonNode groups) {
        List<String> exprs = new ArrayList<>();
        for (JsonNode group : groups) {
            group.path("rules").forEach(r -> exprs.add(r.path("expr").asText()));
        }
        return exprs;
    }

    /** The sample names of {@code /metrics} once lines reached the receiver. */
    private Set<String> scrapeOfAnAgentThatShippedLines() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("app.log");
        Files.write(log, ("GET /orders 200\nGET /healthcheck 200\nbad \u0000 byte: ").getBytes());
        Files.write(log, new byte[] {(byte) 0xff, '\n'}, java.nio.file.StandardOpenOption.APPEND);
        try (LokiReceiver loki = new LokiReceiver()) {
            Agent agent = Agent.start(ConfigLoader.parse("""
                    server:
                      http_listen_address: 127.0.0.1
                      http_listen_port: 0
                    clients:
                      - url: %s
                        batchwait: 50ms
                    positions:
                      filename: %s
                    global:
                      file_watch_config:
                        min_poll_frequency: 10ms
                        max_poll_frequency: 50ms
                    scrape_configs:
                      - job_name: app
                        static_configs:
                          - targets: [localhost]
                            labels:
                              job: app
                              __path__: %s/*.log
                        pipeline_stages:
                          - drop:
                              expression: healthcheck
                    """.formatted(loki.url(), dir.resolve("positions.yaml"), logs), "monitoring.yaml", false,
                    Map.of()), new Agent.Options(false, System.out, Clock.systemUTC()));
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> loki.lines().size() == 2);
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + agent.httpPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                Set<String> names = new TreeSet<>();
                for (String line : response.body().split("\n")) {
                    if (!line.isEmpty() && !line.startsWith("#")) {
                        names.add(line.split("[{ ]", 2)[0]);
                    }
                }
                return names;
            } finally {
                agent.stop();
            }
        }
    }
}
