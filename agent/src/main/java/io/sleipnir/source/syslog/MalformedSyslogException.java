package io.sleipnir.source.syslog;

/** A message that is neither RFC 5424 nor RFC 3164; the message says where it went wrong. */
final class MalformedSyslogException extends Exception {
    MalformedSyslogException(String message) {
        super(message, null, false, false);
    }
}
