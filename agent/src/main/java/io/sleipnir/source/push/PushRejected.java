package io.sleipnir.source.push;

/**
 * A push request refused with Loki's status for the reason: 400 (malformed, too many entries), 413 (too large).
 * The message is what the pusher reads; it never holds a header value.
 */
final class PushRejected extends Exception {
    private final int status;

    PushRejected(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static PushRejected badRequest(String message) {
        return new PushRejected(400, message);
    }

    static PushRejected tooLarge(String message) {
        return new PushRejected(413, message);
    }

    int status() {
        return status;
    }
}
