package io.sleipnir.config;

import java.util.Locale;
import java.util.Optional;

/**
 * An http or https URL split as Go's {@code net/url.Parse} splits it: the one parser for client urls and
 * {@code api_server}. {@link java.net.URI} is not used because it takes a host with an underscore
 * ({@code loki_gateway}) for a registry-based authority and returns no host, while Go (and so Promtail) accepts it.
 *
 * @param scheme       {@code http} or {@code https}, lower case
 * @param rawUserInfo  what precedes the last {@code @} of the authority, still percent-encoded, or null
 * @param host         the host as written; an IPv6 literal keeps its brackets ({@code [::1]})
 * @param port         the port, or -1 when the url gives none
 * @param rawPath      the path, still percent-encoded ("" when none)
 * @param rawQuery     the query without its {@code ?}, or null
 */
public record HttpUrl(String scheme, String rawUserInfo, String host, int port, String rawPath, String rawQuery) {

    /**
     * Characters Go's {@code url.Parse} allows in a host name besides letters, digits and {@code %} escapes
     * ({@code shouldEscape} in {@code encodeHost} mode): unreserved, sub-delims, and a few it tolerates.
     */
    private static final String HOST_PUNCTUATION = "-._~!$&'()*+,;=\"<>";

    /** The url split, or empty when it is not an http or https URL with a host. */
    public static Optional<HttpUrl> parse(String url) {
        if (url == null) {
            return Optional.empty();
        }
        int colon = url.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || !url.startsWith("//", colon + 1)) {
            return Optional.empty();
        }
        String rest = url.substring(colon + 3);
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        int query = rest.indexOf('?');
        String rawQuery = query < 0 ? null : rest.substring(query + 1);
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String rawPath = slash < 0 ? "" : rest.substring(slash);
        int at = authority.lastIndexOf('@');
        String rawUserInfo = at < 0 ? null : authority.substring(0, at);
        String hostPort = authority.substring(at + 1);
        String host;
        String portText;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return Optional.empty(); // Go: missing ']' in host
            }
            host = hostPort.substring(0, close + 1);
            String afterHost = hostPort.substring(close + 1);
            if (!afterHost.isEmpty() && !afterHost.startsWith(":")) {
                return Optional.empty();
            }
            portText = afterHost.isEmpty() ? null : afterHost.substring(1);
        } else {
            int portColon = hostPort.lastIndexOf(':');
            host = portColon < 0 ? hostPort : hostPort.substring(0, portColon);
            portText = portColon < 0 ? null : hostPort.substring(portColon + 1);
        }
        if (!validHost(host)) {
            return Optional.empty();
        }
        int port = -1;
        if (portText != null && !portText.isEmpty()) {
            if (portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty(); // Go: invalid port after host
            }
            port = Integer.parseInt(portText);
            if (port > 65535) {
                return Optional.empty();
            }
        }
        return Optional.of(new HttpUrl(scheme, rawUserInfo, host, port, rawPath, rawQuery));
    }

    private static boolean validHost(String host) {
        if (host.isEmpty()) {
            return false; // Go accepts an empty host, but there is nothing to push to
        }
        if (host.startsWith("[")) {
            return host.length() > 2 && host.substring(1, host.length() - 1).chars()
                    .allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%');
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || HOST_PUNCTUATION.indexOf(c) >= 0 || c == '%' || c > 0x7f;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The port to connect to: the url's, else 443 for https and 80 for http. */
    public int effectivePort() {
        return port >= 0 ? port : scheme.equals("https") ? 443 : 80;
    }

    /** The host to resolve and connect to: an IPv6 literal without its brackets. */
    public String connectHost() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The {@code Host} header Go's HTTP client sends: host, with the port only when the url gives one. */
    public String hostHeader() {
        return port >= 0 ? host + ":" + port : host;
    }

    /** {@code host:port} with the default port filled in, as Promtail's {@code host} metric label. */
    public String hostAndPort() {
        return host + ":" + effectivePort();
    }

    /** The request target of an HTTP request to this url: path (or {@code /}) and query. */
    public String requestTarget() {
        String path = rawPath.isEmpty() ? "/" : rawPath;
        return rawQuery == null ? path : path + "?" + rawQuery;
    }

    /** Never the user info nor the query (tokens travel there): this record may end up in a log line. */
    @Override
    public String toString() {
        return scheme + "://" + hostHeader() + rawPath;
    }
}
