package io.sleipnir.source.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sleipnir.config.DockerSdConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code __meta_docker_*} labels of Prometheus' Docker discovery, from Engine API answers as Docker gives them. */
class ContainerLabelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DockerSdConfig CONFIG = new DockerSdConfig(Path.of("/var/run/docker.sock"), 80, "localhost",
            Map.of(), Duration.ofSeconds(60), true);
    private static final String NETWORKS = """
            [{"Name":"bridge","Id":"net1","Scope":"local","Internal":false,"Ingress":false,
              "Labels":{"com.example.tier":"front"}},
             {"Name":"backend","Id":"net2","Scope":"swarm","Internal":true,"Ingress":false,"Labels":{}}]""";

    @Test
    void containerNetworkAndFirstTcpPortLabels() throws Exception {
        String container = """
                {"Id":"c0ffee","Names":["/web-1"],"Labels":{"com.docker.compose.service":"web","logging":"promtail"},
                 "HostConfig":{"NetworkMode":"default"},
                 "Ports":[{"PrivatePort":53,"Type":"udp"},{"IP":"0.0.0.0","PrivatePort":8080,"PublicPort":32768,"Type":"tcp"}],
                 "NetworkSettings":{"Networks":{"bridge":{"NetworkID":"net1","IPAddress":"172.17.0.2"},
                                                "backend":{"NetworkID":"net2","IPAddress":"10.0.1.5"}}}}""";
        Map<String, String> labels = ContainerLabels.of(JSON.readTree(container),
                ContainerLabels.networks(JSON.readTree(NETWORKS)), CONFIG);
        // Of two networks, the first by name (backend), as Prometheus' match_first_network.
        assertThat(labels).isEqualTo(Map.ofEntries(
                Map.entry("__meta_docker_container_id", "c0ffee"),
                Map.entry("__meta_docker_container_name", "/web-1"),
                Map.entry("__meta_docker_container_network_mode", "default"),
                Map.entry("__meta_docker_container_label_com_docker_compose_service", "web"),
                Map.entry("__meta_docker_container_label_logging", "promtail"),
                Map.entry("__meta_docker_network_id", "net2"),
                Map.entry("__meta_docker_network_name", "backend"),
                Map.entry("__meta_docker_network_scope", "swarm"),
                Map.entry("__meta_docker_network_internal", "true"),
                Map.entry("__meta_docker_network_ingress", "false"),
                Map.entry("__meta_docker_network_ip", "10.0.1.5"),
                Map.entry("__meta_docker_port_private", "8080"),
                Map.entry("__meta_docker_port_public", "32768"),
                Map.entry("__meta_docker_port_public_ip", "0.0.0.0"),
                Map.entry("__address__", "10.0.1.5:8080")));
    }

    @Test
    void withoutATcpPortTheConfiguredPortOrTheHostNetworkingHost() throws Exception {
        Map<String, Map<String, String>> networks = ContainerLabels.networks(JSON.readTree(NETWORKS));
        Map<String, String> bridge = ContainerLabels.of(JSON.readTree("""
                {"Id":"a","Names":["/a"],"Labels":{},"HostConfig":{"NetworkMode":"bridge"},"Ports":[],
                 "NetworkSettings":{"Networks":{"bridge":{"NetworkID":"net1","IPAddress":"172.17.0.3"}}}}"""),
                networks, CONFIG);
        assertThat(bridge).containsEntry("__address__", "172.17.0.3:80")
                .containsEntry("__meta_docker_network_label_com_example_tier", "front")
                .doesNotContainKey("__meta_docker_port_private");
        Map<String, String> host = ContainerLabels.of(JSON.readTree("""
                {"Id":"b","Names":["/b"],"HostConfig":{"NetworkMode":"host"},
                 "NetworkSettings":{"Networks":{"host":{"NetworkID":"nethost","IPAddress":""}}}}"""), networks, CONFIG);
        assertThat(host).containsEntry("__address__", "localhost").containsEntry("__meta_docker_network_ip", "");
    }

    @Test
    void aContainerOnNoNetworkKeepsItsContainerLabelsAndOneWithoutANameIsNoTarget() throws Exception {
        // podman's answer for --network none: no HostConfig, Networks null.
        Map<String, String> none = ContainerLabels.of(JSON.readTree("""
                {"Id":"c","Names":["/c"],"Labels":{"app":"x"},"NetworkSettings":{"Networks":null}}"""), Map.of(),
                CONFIG);
        assertThat(none).isEqualTo(Map.of("__meta_docker_container_id", "c", "__meta_docker_container_name", "/c",
                "__meta_docker_container_network_mode", "", "__meta_docker_container_label_app", "x"));
        assertThat(ContainerLabels.of(JSON.readTree("{\"Id\":\"d\",\"Names\":[]}"), Map.of(), CONFIG)).isNull();
    }

    @Test
    void networkListLabels() throws Exception {
        assertThat(ContainerLabels.networks(JSON.readTree(NETWORKS)).get("net1")).isEqualTo(Map.of(
                "__meta_docker_network_id", "net1", "__meta_docker_network_name", "bridge",
                "__meta_docker_network_scope", "local", "__meta_docker_network_internal", "false",
                "__meta_docker_network_ingress", "false", "__meta_docker_network_label_com_example_tier", "front"));
        assertThat(List.copyOf(ContainerLabels.networks(JSON.readTree("[]")).keySet())).isEmpty();
    }
}
