package io.sleipnir.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a route handler answers. The server adds {@code Content-Length} and the keep-alive headers.
 *
 * @param status      HTTP status code
 * @param contentType the {@code Content-Type} header value
 * @param body        the response body
 * @param headers     further headers (e.g. {@code Location}, {@code Allow})
 */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    public Response {
        headers = Map.copyOf(headers);
    }

    public static Response text(int status, String body) {
        return new Response(status, TEXT_PLAIN, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public Response withHeader(String name, String value) {
        java.util.HashMap<String, String> h = new java.util.HashMap<>(headers);
        h.put(name, value);
        return new Response(status, contentType, body, h);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
