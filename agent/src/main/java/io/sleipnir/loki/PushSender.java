package io.sleipnir.loki;

import java.util.concurrent.CompletableFuture;

/**
 * The transport seam between a {@link LokiClient} and Loki. {@link NettyPushSender} is the real one; tests
 * may plug in an in-memory fake. Implementations are thread-safe (each tenant sends on its own thread).
 */
public interface PushSender extends AutoCloseable {
    /**
     * Sends one push. The body's bytes must be copied or consumed before this returns (the caller reuses
     * the buffer after the answer). The future always completes normally: transport failures and the
     * per-request timeout become {@link PushResponse#connectionError}.
     */
    CompletableFuture<PushResponse> send(PushRequestBody body);

    /** Releases connections; in-flight sends complete as connection errors. */
    @Override
    void close();
}
