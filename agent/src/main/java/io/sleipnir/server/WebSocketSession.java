package io.sleipnir.server;

/**
 * One open WebSocket, as a route sees it (free of Netty types). {@link #send} may be called from any thread and
 * never blocks: it queues the frame on the connection. A sender that must not let a slow peer grow that queue
 * sends only while {@link #isWritable()}.
 */
public interface WebSocketSession {
    /** Whether the connection is still open. */
    boolean isOpen();

    /** False while the frames already queued for the peer exceed the connection's high-water mark (64 KiB). */
    boolean isWritable();

    /** Queues one text frame. */
    void send(String text);

    /** Sends a close frame with {@code code} and {@code reason}, then closes the connection. */
    void close(int code, String reason);
}
