package io.sleipnir.server;

/**
 * One endpoint: an exact path and method, and the handler that answers it. Handlers run on the server's event
 * loop thread, so they must be quick and must not block (a slow one, such as a future {@code /reload}, should
 * hand its work to another thread and answer when it may).
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
}
