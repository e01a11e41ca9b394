package io.sleipnir.config;

import java.util.Map;

/**
 * A job's {@code gelf} block: Promtail's keys ({@code listen_address}, default {@code 0.0.0.0:12201}, {@code labels},
 * {@code use_incoming_timestamp}) and Sleipnir's own {@code listen_protocol}: {@code udp} (default, as Promtail) or
 * {@code tcp} (null-byte framed, which Promtail does not accept).
 */
public record GelfConfig(ListenAddress listenAddress, String protocol, Map<String, String> labels,
        boolean useIncomingTimestamp) implements SourceConfig {

    public static final String DEFAULT_LISTEN_ADDRESS = "0.0.0.0:12201";

    public GelfConfig {
        labels = Map.copyOf(labels);
    }

    @Override
    public String kind() {
        return "gelf";
    }

    public boolean tcp() {
        return protocol.equals("tcp");
    }
}
