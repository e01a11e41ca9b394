package io.sleipnir.loki;

import java.util.concurrent.CompletableFuture;

/**
 * The transport seam between a {@link LokiClient} and Loki. {@link NettyPushSender} is the real one; tests
 * may plug in an in-memory fake. Implementations are thread-safe: a client's sending thread calls {@code send}, and
 * the answers complete on the transport's threads.
 */
public interface PushSender extends AutoCloseable {
    /**
     * Sends one push. The body's bytes must be copied before this returns: the caller encodes the next push into
     * the same buffer at once, while this one may still be in flight. The future always completes normally:
     * transport failures and the per-request timeout become {@link PushResponse#connectionError}.
     */
    CompletableFuture<PushResponse> send(PushRequestBody body);

    /** Releases connections; in-flight sends complete as connection errors. */
    @Override
    void close();
}
