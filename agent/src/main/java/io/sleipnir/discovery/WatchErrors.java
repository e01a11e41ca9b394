package io.sleipnir.discovery;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/** A pod watch failure in plain words (an HTTP status and Kubernetes' message, or the network cause), no Java names. */
final class WatchErrors {
    private WatchErrors() {
    }

    static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() > 0) {
                return "HTTP " + k.getCode() + ": " + k.getMessage();
            }
            String plain = network(t);
            if (plain != null) {
                return plain;
            }
        }
        Throwable root = error;
        while ((root instanceof CompletionException || root instanceof ExecutionException
                || root instanceof KubernetesClientException) && root.getCause() != null) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? "unexpected " + root.getClass().getSimpleName() : m;
    }

    private static String network(Throwable t) {
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (t instanceof HttpConnectTimeoutException || t instanceof SocketTimeoutException) {
            return "connection timed out";
        }
        if (t instanceof HttpTimeoutException) {
            return "request timed out";
        }
        if (t instanceof SSLException) {
            return "TLS handshake failed: " + t.getMessage();
        }
        return null;
    }
}
