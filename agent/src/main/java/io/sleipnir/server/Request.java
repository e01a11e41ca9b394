package io.sleipnir.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as route handlers see it, free of Netty types so that handlers can live in any package.
 *
 * @param method  upper-case method name ({@code GET}, {@code POST}, ...)
 * @param path    the decoded path without the query string
 * @param query   decoded query parameters
 * @param headers request headers, names lower-cased; repeated headers keep their first value
 * @param body    the request body (empty for none)
 */
public record Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                     byte[] body) {

    public Request {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /** The first value of a query parameter, or null. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
