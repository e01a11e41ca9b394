package io.sleipnir.loki;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.sleipnir.golang.GoDuration;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * A transport failure in plain words for a log line ({@code connection refused}, {@code timed out after 10s},
 * {@code TLS handshake failed: …}), chosen by the exception's type, never by its message, and never naming a Java
 * class. The words carry no host or url: the caller names the (redacted) url once.
 */
final class ConnectionFailures {
    /** "sun.security.validator.ValidatorException: " inside a JDK message: a class name is no words for a user. */
    private static final java.util.regex.Pattern CLASS_PREFIX =
            java.util.regex.Pattern.compile("\\b([a-z][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error): ?");
    private ConnectionFailures() {
    }

    static String describe(Throwable cause, Duration timeout) {
        Throwable t = unwrap(cause);
        if (t instanceof ConnectTimeoutException) {
            return "connect timed out after " + GoDuration.format(timeout);
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof UnknownHostException) {
            return "no such host";
        }
        if (t instanceof SSLException) {
            // The deepest cause says it plainest ("unable to find valid certification path to requested target").
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String detail = message(root, message(t, "no detail"));
            return "TLS handshake failed: " + CLASS_PREFIX.matcher(detail).replaceAll("");
        }
        if (t instanceof ClosedChannelException) {
            return "connection closed";
        }
        if (t instanceof IOException) {
            return message(t, "I/O error").toLowerCase(java.util.Locale.ROOT);
        }
        return "unexpected transport error: " + message(t, "no detail");
    }

    static String timedOut(Duration timeout) {
        return "timed out after " + GoDuration.format(timeout) + " without an answer";
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof DecoderException || current instanceof java.util.concurrent.CompletionException
                || current instanceof java.util.concurrent.ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** The exception's own message, which for these types is the OS's or the TLS engine's words. */
    private static String message(Throwable t, String fallback) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? fallback : m;
    }
}
