package io.sleipnir.config;

import io.sleipnir.config.NodeConverter.Keys;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Binds a job's {@code syslog} and {@code gelf} blocks into {@link SourceConfig} records, with Promtail's defaults. */
final class NetworkSourceBinder {
    static final Set<String> KEYS = Set.of("syslog", "gelf");

    private static final Keys SYSLOG = Keys.of("listen_address", "listen_protocol", "idle_timeout",
            "label_structured_data", "labels", "use_incoming_timestamp", "use_rfc5424_message", "syslog_format",
            "max_message_length", "tls_config");
    /** A server's TLS: Promtail reads only these three; the client-side keys change nothing for a listener. */
    private static final Keys SERVER_TLS = Keys.of("cert_file", "key_file", "ca_file")
            .ignored(Set.of("server_name", "insecure_skip_verify"));
    private static final Keys GELF = Keys.of("listen_address", "labels", "use_incoming_timestamp", "listen_protocol");

    private NetworkSourceBinder() {
    }

    /** Adds the job's syslog and gelf sources, if any, to {@code out}. */
    static void bind(MappingReader scrape, List<SourceConfig> out) throws ConfigException {
        MappingReader syslog = scrape.mapping("syslog", SYSLOG);
        if (syslog != null) {
            out.add(syslog(syslog));
        }
        MappingReader gelf = scrape.mapping("gelf", GELF);
        if (gelf != null) {
            out.add(gelf(gelf));
        }
    }

    private static SyslogConfig syslog(MappingReader m) throws ConfigException {
        if (m.entry("listen_address") == null) {
            throw m.missing("listen_address");
        }
        ListenAddress address = address(m, m.string("listen_address", ""));
        String protocol = protocol(m, "tcp");
        Duration idle = m.duration("idle_timeout", Duration.ZERO);
        if (idle.isNegative()) {
            throw m.error("idle_timeout", "must not be negative");
        }
        String format = m.string("syslog_format", "rfc5424");
        if (format.isEmpty()) {
            format = "rfc5424";
        }
        if (!format.equals("rfc5424") && !format.equals("rfc3164")) {
            throw m.error("syslog_format", "unknown syslog format: " + format + " (use rfc5424 or rfc3164)");
        }
        long maxLength = m.integer("max_message_length", 0, 0, Integer.MAX_VALUE);
        MappingReader t = m.mapping("tls_config", SERVER_TLS);
        ServerTls tls = null;
        if (t != null) {
            String cert = emptyToNull(t.string("cert_file", null));
            String key = emptyToNull(t.string("key_file", null));
            String ca = emptyToNull(t.string("ca_file", null));
            if (cert != null || key != null || ca != null) {
                if (cert == null || key == null) {
                    throw m.error("tls_config", "certificate and key files are required");
                }
                tls = new ServerTls(cert, key, ca);
            }
        }
        // Promtail treats 0 as "the default" for both.
        return new SyslogConfig(address, protocol, idle.isZero() ? SyslogConfig.DEFAULT_IDLE_TIMEOUT : idle,
                m.bool("label_structured_data", false), m.stringMap("labels", true),
                m.bool("use_incoming_timestamp", false), m.bool("use_rfc5424_message", false), format,
                maxLength == 0 ? SyslogConfig.DEFAULT_MAX_MESSAGE_LENGTH : (int) maxLength, tls);
    }

    private static GelfConfig gelf(MappingReader m) throws ConfigException {
        String text = m.string("listen_address", "");
        ListenAddress address = address(m, text.isEmpty() ? GelfConfig.DEFAULT_LISTEN_ADDRESS : text);
        return new GelfConfig(address, protocol(m, "udp"), m.stringMap("labels", true),
                m.bool("use_incoming_timestamp", false));
    }

    private static String protocol(MappingReader m, String defaultProtocol) throws ConfigException {
        String protocol = m.string("listen_protocol", defaultProtocol);
        if (protocol.isEmpty()) {
            return defaultProtocol;
        }
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw m.error("listen_protocol", "invalid transport protocol. expected 'tcp' or 'udp', got '"
                    + protocol + "'");
        }
        return protocol;
    }

    private static ListenAddress address(MappingReader m, String text) throws ConfigException {
        try {
            return ListenAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw m.error("listen_address", e.getMessage());
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
