package io.sleipnir.testing;

import java.util.Map;

/** One entry as the {@link LokiReceiver} stored it. */
public record ReceivedEntry(String tenant, Map<String, String> labels, long timestampNanos, String line,
        Map<String, String> structuredMetadata) {
}
