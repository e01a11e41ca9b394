package io.sleipnir.server;

import java.util.function.Consumer;

/**
 * An endpoint answered by a WebSocket: {@code GET path} with {@code Upgrade: websocket}. The opener runs on the
 * event loop and must be quick: it checks the request and either refuses it with an HTTP answer, or accepts it
 * with what to do once the handshake is done (which must hand any lasting work to its own thread).
 */
public record WebSocketRoute(String path, Opener opener) {

    @FunctionalInterface
    public interface Opener {
        Upgrade open(Request request) throws Exception;
    }

    /** Either {@code refusal} (an HTTP answer, no upgrade) or {@code onOpen} (called after the handshake). */
    public record Upgrade(Response refusal, Consumer<WebSocketSession> onOpen) {
        public static Upgrade refuse(Response refusal) {
            return new Upgrade(refusal, null);
        }

        public static Upgrade accept(Consumer<WebSocketSession> onOpen) {
            return new Upgrade(null, onOpen);
        }
    }

    public WebSocketRoute {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with /, got " + path);
        }
        if (opener == null) {
            throw new IllegalArgumentException("WebSocket route " + path + " needs an opener");
        }
    }
}
