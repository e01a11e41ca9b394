package io.sleipnir.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A listener's {@code host:port} as Go's {@code net.Listen} takes it: {@code 0.0.0.0:1514}, {@code :1514} (every
 * interface), {@code [::1]:1514}, {@code localhost:1514}. The host is resolved when the listener starts.
 *
 * @param host empty for every interface
 * @param port 0 to 65535 (0: any free port)
 */
public record ListenAddress(String host, int port) {

    /** Parses {@code text}; the message of the exception says what is wrong, for the config error. */
    public static ListenAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address " + text + ": missing port in address");
        }
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("address " + text + ": too many colons in address");
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address " + text + ": invalid port \"" + port + "\"");
        }
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException("address " + text + ": invalid port \"" + port + "\"");
        }
        return new ListenAddress(host, number);
    }

    /** The address to bind, resolving the host now (every interface when it is empty). */
    public InetSocketAddress resolve() throws UnknownHostException {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
