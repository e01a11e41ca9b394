package io.sleipnir.config;

import java.util.List;
import java.util.Map;

/**
 * A job's {@code loki_push_api}: Loki's push endpoint on its own {@code server} block, as Promtail has it, plus
 * Sleipnir's bounds on what a pusher may make it hold.
 *
 * @param server               the push server's own listen address and port (Promtail's {@code server} block)
 * @param labels               added to every pushed stream before relabeling ({@code labels})
 * @param useIncomingTimestamp keep the pushed timestamps; else each entry gets the time it arrived
 * @param relabelConfigs       the job's {@code relabel_configs}, applied to each pushed stream's labels
 * @param maxBodyBytes         a request body larger than this, received or decompressed, is answered 413
 * @param maxEntriesPerRequest a request with more entries is answered 400
 * @param maxHeldBytes         bytes of accepted, not yet acknowledged entries; a request that does not fit gets 429
 */
public record LokiPushApiConfig(ServerConfig server, Map<String, String> labels, boolean useIncomingTimestamp,
        List<RelabelConfig> relabelConfigs, long maxBodyBytes, int maxEntriesPerRequest, long maxHeldBytes)
        implements SourceConfig {
    public static final String KIND = "loki_push_api";
    public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;
    public static final int DEFAULT_MAX_ENTRIES_PER_REQUEST = 100_000;
    public static final long DEFAULT_MAX_HELD_BYTES = 64L << 20;

    public LokiPushApiConfig {
        labels = Map.copyOf(labels);
        relabelConfigs = List.copyOf(relabelConfigs);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
