package io.sleipnir.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** One rendered Kubernetes object, with the few look-ups the manifest tests need. */
record KubeObject(JsonNode node) {

    String kind() {
        return node.path("kind").asText();
    }

    String name() {
        return node.path("metadata").path("name").asText();
    }

    /** The namespace, or "" for a cluster-scoped object. */
    String namespace() {
        return node.path("metadata").path("namespace").asText();
    }

    JsonNode at(String pointer) {
        return node.at(pointer);
    }

    /** The pod spec of a workload (DaemonSet, Deployment). */
    JsonNode podSpec() {
        return node.at("/spec/template/spec");
    }

    static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(element -> out.add(element.asText()));
        return out;
    }

    /** The element of {@code array} whose {@code name} field is {@code name}. */
    static Optional<JsonNode> named(JsonNode array, String name) {
        return list(array).stream().filter(element -> name.equals(element.path("name").asText())).findFirst();
    }

    static JsonNode requireNamed(JsonNode array, String name) {
        return named(array, name).orElseThrow(() -> new AssertionError("no element named " + name + " in " + array));
    }
}
