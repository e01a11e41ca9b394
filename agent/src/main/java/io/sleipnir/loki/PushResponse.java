package io.sleipnir.loki;

import java.time.Duration;

/**
 * Loki's answer to one push, or the transport failure that took its place (status {@link #CONNECTION_ERROR},
 * as Promtail's status -1). A sender completes its future with one of these, never exceptionally, so the
 * retry decision is made on data ({@link RetryPolicy}) and never on exception messages.
 *
 * @param status     the HTTP status, or {@link #CONNECTION_ERROR}
 * @param body       the first bytes (at most {@link #MAX_BODY_CHARS}) of the answer, or the transport error
 * @param retryAfter the server's {@code Retry-After}, or null when absent or unparseable
 */
public record PushResponse(int status, String body, Duration retryAfter) {
    public static final int CONNECTION_ERROR = -1;
    public static final int MAX_BODY_CHARS = 1024;

    public static PushResponse of(int status) {
        return new PushResponse(status, "", null);
    }

    public static PushResponse connectionError(String description) {
        return new PushResponse(CONNECTION_ERROR, description, null);
    }

    public boolean isConnectionError() {
        return status == CONNECTION_ERROR;
    }
}
