package io.sleipnir.server;

import java.util.concurrent.CompletionStage;

/**
 * One endpoint: an exact path and method, and the handler that answers it. Handlers run on the server's event
 * loop thread, so they must be quick and must not block; a slow one ({@code /reload}) is a {@link Deferred}:
 * it hands its work to another thread and is answered when that completes.
 *
 * @param method upper-case HTTP method
 * @param path   exact path, starting with {@code /}
 */
public record Route(String method, String path, Handler handler) {

    @FunctionalInterface
    public interface Handler {
        /** Answers the request; an exception becomes a 500 with the exception's message. */
        Response handle(Request request) throws Exception;
    }

    /**
     * A handler whose answer comes later: {@link #start} hands the work to another thread and returns at once; the
     * server writes the answer when the stage completes (a failure becomes a 500 with its message).
     */
    @FunctionalInterface
    public interface Deferred extends Handler {
        CompletionStage<Response> start(Request request);

        /** Blocks for the answer: for callers outside the server (the server itself never calls this). */
        @Override
        default Response handle(Request request) throws Exception {
            return start(request).toCompletableFuture().get();
        }
    }

    public Route {
        if (method == null || method.isEmpty() || !method.equals(method.toUpperCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("route method must be upper case, got " + method);
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with /, got " + path);
        }
        if (handler == null) {
            throw new IllegalArgumentException("route " + method + " " + path + " needs a handler");
        }
    }

    public static Route get(String path, Handler handler) {
        return new Route("GET", path, handler);
    }

    public static Route post(String path, Handler handler) {
        return new Route("POST", path, handler);
    }

    /** A route answered later, see {@link Deferred}. */
    public static Route deferred(String method, String path, Deferred handler) {
        return new Route(method, path, handler);
    }
}
