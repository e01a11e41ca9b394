package io.sleipnir.config;

import java.time.Duration;
import java.util.Map;

/**
 * A job's {@code syslog} block, with Promtail's keys and defaults: a TCP (optionally TLS) or UDP listener for RFC 5424
 * and RFC 3164 messages.
 *
 * @param listenAddress        where to listen, {@code host:port}
 * @param protocol             {@code tcp} (default) or {@code udp}
 * @param idleTimeout          a TCP connection with no byte for this long is closed (default 120s)
 * @param labelStructuredData  structured data elements become {@code __syslog_message_sd_<id>_<name>} labels
 * @param labels               added to every entry
 * @param useIncomingTimestamp the message's own timestamp instead of the time it arrived
 * @param useRfc5424Message    the whole RFC 5424 message as the line instead of its MSG part
 * @param format               {@code rfc5424} (default) or {@code rfc3164}: only a hint, the format is detected per
 *                             message
 * @param maxMessageLength     longer messages are refused and counted (default 8192 bytes)
 * @param tls                  server certificate and optional client CA (TCP only), or null
 */
public record SyslogConfig(ListenAddress listenAddress, String protocol, Duration idleTimeout,
        boolean labelStructuredData, Map<String, String> labels, boolean useIncomingTimestamp,
        boolean useRfc5424Message, String format, int maxMessageLength, ServerTls tls) implements SourceConfig {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 8192;

    public SyslogConfig {
        labels = Map.copyOf(labels);
    }

    @Override
    public String kind() {
        return "syslog";
    }

    public boolean udp() {
        return protocol.equals("udp");
    }
}
