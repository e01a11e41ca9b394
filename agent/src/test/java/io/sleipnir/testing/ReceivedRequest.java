package io.sleipnir.testing;

import java.util.Map;

/**
 * One HTTP request the {@link LokiReceiver} saw, with the status it answered ({@code -1}: connection closed
 * without an answer). Header names are lower case.
 */
public record ReceivedRequest(String method, String path, Map<String, String> headers, int bodyBytes, int status) {
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
