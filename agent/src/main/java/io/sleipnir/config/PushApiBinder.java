package io.sleipnir.config;

import io.sleipnir.config.NodeConverter.Keys;
import java.util.List;

/**
 * Binds a job's {@code loki_push_api}. Promtail's keys ({@code server}, {@code labels},
 * {@code use_incoming_timestamp}) and Sleipnir's bounds ({@code max_body_size}, {@code max_entries_per_request},
 * {@code max_held_bytes}). The {@code server} block is read as the agent's own (its gRPC keys are accepted and have
 * no effect: no gRPC server runs).
 */
final class PushApiBinder {
    static final Keys KEYS = Keys.of("server", "labels", "use_incoming_timestamp", "max_body_size",
            "max_entries_per_request", "max_held_bytes");

    /** The agent's {@code server} binding, reused for the push server's block. */
    interface ServerPart {
        ServerConfig bind(MappingReader job) throws ConfigException;
    }

    private PushApiBinder() {
    }

    static LokiPushApiConfig bind(MappingReader job, List<RelabelConfig> relabelConfigs, ServerPart server)
            throws ConfigException {
        MappingReader m = job.mapping(LokiPushApiConfig.KIND, KEYS);
        if (m == null) {
            throw job.error(LokiPushApiConfig.KIND, "must be a map with at least a server block");
        }
        ServerConfig serverConfig = server.bind(m);
        long maxBody = m.byteSize("max_body_size", LokiPushApiConfig.DEFAULT_MAX_BODY_BYTES);
        if (maxBody <= 0 || maxBody > Integer.MAX_VALUE - 8) {
            throw m.error("max_body_size", "must be more than 0 and less than 2GiB");
        }
        long maxHeld = m.byteSize("max_held_bytes", Math.max(LokiPushApiConfig.DEFAULT_MAX_HELD_BYTES, maxBody));
        if (maxHeld < maxBody) {
            throw m.error("max_held_bytes", "must be at least max_body_size (" + maxBody + " bytes), or no request"
                    + " of that size could ever be accepted");
        }
        int maxEntries = (int) m.integer("max_entries_per_request",
                LokiPushApiConfig.DEFAULT_MAX_ENTRIES_PER_REQUEST, 1, Integer.MAX_VALUE);
        return new LokiPushApiConfig(serverConfig, m.stringMap("labels", true),
                m.bool("use_incoming_timestamp", false), relabelConfigs, maxBody, maxEntries, maxHeld);
    }
}
