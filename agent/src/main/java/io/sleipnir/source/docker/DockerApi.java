package io.sleipnir.source.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The few Docker Engine API calls the source makes, on the daemon's unix socket, unversioned (the daemon's own
 * version, as Docker's CLI does before negotiating; podman's compatible API answers the same paths): the container
 * list, the network list, one container's inspection and its log stream.
 */
final class DockerApi {
    /** A list of containers or networks is read whole; a daemon answering more than this is refused. */
    static final int MAX_JSON_BYTES = 32 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path socket;

    DockerApi(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    /** {@code GET /containers/json}: the running containers, through the Engine API's filters. */
    JsonNode containers(Map<String, List<String>> filters) throws IOException {
        String query = filters.isEmpty() ? ""
                : "?filters=" + URLEncoder.encode(JSON.writeValueAsString(filters), StandardCharsets.UTF_8);
        return json("/containers/json" + query);
    }

    JsonNode networks() throws IOException {
        return json("/networks");
    }

    JsonNode inspect(String id) throws IOException {
        return json("/containers/" + id + "/json");
    }

    /**
     * {@code GET /containers/{id}/logs}, followed, both streams, with timestamps; from {@code sinceSeconds}
     * (inclusive) when it is not negative. Without it the daemon starts at the first line it kept: podman reads
     * {@code since=0} as "now".
     */
    UnixHttpExchange logs(String id, long sinceSeconds) throws IOException {
        String path = "/containers/" + id + "/logs?follow=1&stdout=1&stderr=1&timestamps=1"
                + (sinceSeconds >= 0 ? "&since=" + sinceSeconds : "");
        UnixHttpExchange exchange = UnixHttpExchange.get(socket, path);
        try {
            checkOk(exchange, path);
            return exchange;
        } catch (IOException e) {
            exchange.close();
            throw e;
        }
    }

    private JsonNode json(String path) throws IOException {
        try (UnixHttpExchange exchange = UnixHttpExchange.get(socket, path)) {
            checkOk(exchange, path);
            return JSON.readTree(exchange.readBody(MAX_JSON_BYTES));
        }
    }

    private static void checkOk(UnixHttpExchange exchange, String path) throws IOException {
        if (exchange.status() == 200) {
            return;
        }
        String message = "";
        try {
            JsonNode error = JSON.readTree(exchange.readBody(64 * 1024));
            message = error == null ? "" : ": " + error.path("message").asText("");
        } catch (IOException unreadable) {
            // the status says enough
        }
        throw new DockerApiException(exchange.status(), "GET " + path.replaceFirst("\\?.*", "") + " answered "
                + exchange.status() + message);
    }

    /** The daemon answered, with an error status (404: no such container). */
    static final class DockerApiException extends IOException {
        private final int status;

        DockerApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
