package io.sleipnir.source.syslog;

import java.util.List;

/**
 * One parsed syslog message. A header field the message left out ({@code -} in RFC 5424) is null.
 *
 * @param timestampNanos Unix nanoseconds, or {@link #NO_TIMESTAMP}
 * @param message        the MSG part, or null when the message has none
 * @param rfc5424        RFC 5424 (else RFC 3164)
 */
record SyslogMessage(int facility, int severity, long timestampNanos, String hostname, String appName, String procId,
        String msgId, List<StructuredData> structuredData, String message, boolean rfc5424) {

    static final long NO_TIMESTAMP = Long.MIN_VALUE;

    /** One SD-ELEMENT: its id and its params in order (a name may repeat, as RFC 5424 allows). */
    record StructuredData(String id, List<String[]> params) {
    }

    /** Severity keywords as go-syslog's {@code SeverityLevel()} (Promtail's {@code __syslog_message_severity}). */
    private static final String[] SEVERITIES = {"emergency", "alert", "critical", "error", "warning", "notice",
        "informational", "debug"};

    /**
     * Facility keywords as go-syslog v3's {@code FacilityLevel()}: its keyword, or its description for the codes that
     * have no keyword there (9, 12, 13, 14).
     */
    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
        "uucp", "clock daemon", "authpriv", "ftp", "NTP subsystem", "log audit", "log alert", "cron", "local0",
        "local1", "local2", "local3", "local4", "local5", "local6", "local7"};

    String severityLevel() {
        return SEVERITIES[severity];
    }

    String facilityLevel() {
        return FACILITIES[facility];
    }
}
