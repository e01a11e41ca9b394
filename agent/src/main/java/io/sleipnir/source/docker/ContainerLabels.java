package io.sleipnir.source.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.sleipnir.config.DockerSdConfig;
import io.sleipnir.relabel.LabelNameSanitizer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A container's {@code __meta_docker_*} labels as Prometheus' Docker discovery makes them, from the container list
 * and the network list. Prometheus makes one target per network and published TCP port, and Promtail follows a
 * container once, with the labels of the first: here, the first network by name and its first TCP port.
 * A container on no network (podman with {@code --network none}) still gets its container labels; Prometheus makes
 * no target for it, so Promtail never reads it.
 */
final class ContainerLabels {
    static final String PREFIX = "__meta_docker_";
    static final String LOG_STREAM = PREFIX + "container_log_stream";

    private ContainerLabels() {
    }

    /** The network labels by network ID, from {@code GET /networks}. */
    static Map<String, Map<String, String>> networks(JsonNode list) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (JsonNode n : list) {
            String id = n.path("Id").asText("");
            Map<String, String> labels = new HashMap<>();
            labels.put(PREFIX + "network_id", id);
            labels.put(PREFIX + "network_name", n.path("Name").asText(""));
            labels.put(PREFIX + "network_scope", n.path("Scope").asText(""));
            labels.put(PREFIX + "network_internal", String.valueOf(n.path("Internal").asBoolean(false)));
            labels.put(PREFIX + "network_ingress", String.valueOf(n.path("Ingress").asBoolean(false)));
            putLabels(n.path("Labels"), PREFIX + "network_label_", labels);
            out.put(id, labels);
        }
        return out;
    }

    /** One container's labels, from its entry in {@code GET /containers/json}; null when it has no name. */
    static Map<String, String> of(JsonNode container, Map<String, Map<String, String>> networks, DockerSdConfig config) {
        JsonNode names = container.path("Names");
        if (!names.isArray() || names.isEmpty()) {
            return null; // as Prometheus: a container without a name is not a target
        }
        Map<String, String> labels = new HashMap<>();
        String networkMode = container.path("HostConfig").path("NetworkMode").asText("");
        labels.put(PREFIX + "container_id", container.path("Id").asText(""));
        labels.put(PREFIX + "container_name", names.get(0).asText(""));
        labels.put(PREFIX + "container_network_mode", networkMode);
        putLabels(container.path("Labels"), PREFIX + "container_label_", labels);

        JsonNode attached = container.path("NetworkSettings").path("Networks");
        TreeMap<String, JsonNode> byName = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = attached.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull()) {
                byName.put(e.getKey(), e.getValue());
            }
        }
        if (byName.isEmpty()) {
            return labels;
        }
        JsonNode network = byName.firstEntry().getValue();
        String ip = network.path("IPAddress").asText("");
        labels.put(PREFIX + "network_ip", ip);
        labels.putAll(networks.getOrDefault(network.path("NetworkID").asText(""), Map.of()));
        JsonNode tcp = null;
        for (JsonNode p : container.path("Ports")) {
            if (p.path("Type").asText("").equals("tcp")) {
                tcp = p;
                break;
            }
        }
        if (tcp != null) {
            int privatePort = tcp.path("PrivatePort").asInt(0);
            labels.put(PREFIX + "port_private", String.valueOf(privatePort));
            if (tcp.path("PublicPort").asInt(0) > 0) {
                labels.put(PREFIX + "port_public", String.valueOf(tcp.path("PublicPort").asInt()));
                labels.put(PREFIX + "port_public_ip", tcp.path("IP").asText(""));
            }
            labels.put("__address__", hostPort(ip, privatePort));
        } else {
            labels.put("__address__", networkMode.equals("host") ? config.hostNetworkingHost()
                    : hostPort(ip, config.port()));
        }
        return labels;
    }

    private static void putLabels(JsonNode labels, String prefix, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(prefix + LabelNameSanitizer.sanitize(e.getKey()), e.getValue().asText(""));
        }
    }

    /** Go's {@code net.JoinHostPort}: an IPv6 address in brackets. */
    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
