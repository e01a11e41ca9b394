package io.sleipnir.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** One entry of {@code clients}. Defaults are Promtail's: batchwait 1s, batchsize 1 MiB, timeout 10s. */
public record ClientConfig(
        String url,
        String name,
        String tenantId,
        Duration batchWait,
        long batchSize,
        Duration timeout,
        BackoffConfig backoff,
        Map<String, String> externalLabels,
        Map<String, String> headers,
        BasicAuth basicAuth,
        String bearerToken,
        String bearerTokenFile,
        TlsConfig tls,
        boolean dropRateLimitedBatches) {

    public static final Duration DEFAULT_BATCH_WAIT = Duration.ofSeconds(1);
    public static final long DEFAULT_BATCH_SIZE = 1024 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public ClientConfig {
        externalLabels = Map.copyOf(externalLabels);
        headers = Map.copyOf(headers);
    }

    /** A client with every default, for tests and the bench harness. */
    public static ClientConfig defaults(String url) {
        return new ClientConfig(url, "", "", DEFAULT_BATCH_WAIT, DEFAULT_BATCH_SIZE, DEFAULT_TIMEOUT,
                BackoffConfig.defaults(), Map.of(), Map.of(), null, null, null, null, false);
    }

    /** What Go's {@code URL.Redacted} puts in place of a password; query values are masked the same way. */
    public static final String MASK = "xxxxx";

    /** The url split as Go's {@code net/url} splits it; the binder has checked that it parses. */
    public HttpUrl parsedUrl() {
        return HttpUrl.parse(url).orElseThrow(() ->
                new IllegalArgumentException("client url must be an http or https URL, got " + redactedUrl()));
    }

    /** The url as it may be printed or logged: see {@link #redactUrl}. */
    public String redactedUrl() {
        return redactUrl(url);
    }

    /**
     * {@code url} with the password of its user info replaced by {@value #MASK} (as Go's {@code URL.Redacted}) and
     * every query value masked too, since tokens travel there ({@code ?api_key=}). Works on text that is not a valid
     * URI as well, so a config error can quote a bad url without leaking it.
     */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        int fragment = url.indexOf('#');
        String rest = fragment < 0 ? url : url.substring(0, fragment);
        String tail = fragment < 0 ? "" : url.substring(fragment);
        int query = rest.indexOf('?');
        String beforeQuery = query < 0 ? rest : rest.substring(0, query);
        StringBuilder out = new StringBuilder(url.length());
        int schemeEnd = beforeQuery.indexOf("://");
        int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int authorityEnd = beforeQuery.indexOf('/', authorityStart);
        if (authorityEnd < 0) {
            authorityEnd = beforeQuery.length();
        }
        String authority = beforeQuery.substring(authorityStart, authorityEnd);
        int at = authority.lastIndexOf('@');
        out.append(beforeQuery, 0, authorityStart);
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            out.append(colon < 0 ? userInfo : userInfo.substring(0, colon + 1) + MASK);
            out.append(authority.substring(at));
        } else {
            out.append(authority);
        }
        out.append(beforeQuery.substring(authorityEnd));
        if (query >= 0) {
            out.append('?');
            String[] params = rest.substring(query + 1).split("&", -1);
            for (int i = 0; i < params.length; i++) {
                if (i > 0) {
                    out.append('&');
                }
                int eq = params[i].indexOf('=');
                out.append(eq < 0 ? params[i] : params[i].substring(0, eq + 1) + MASK);
            }
        }
        return out.append(tail).toString();
    }

    /**
     * The user info of the url ({@code https://user:token@host/...}), percent-decoded as Go's {@code url.Parse}
     * decodes it, or null when the url has none. Go's HTTP client sends it as basic auth.
     */
    public UrlUserInfo urlUserInfo() {
        String raw = HttpUrl.parse(url).map(HttpUrl::rawUserInfo).orElse(null);
        if (raw == null) {
            return null;
        }
        int colon = raw.indexOf(':');
        return colon < 0 ? new UrlUserInfo(percentDecode(raw), "")
                : new UrlUserInfo(percentDecode(raw.substring(0, colon)), percentDecode(raw.substring(colon + 1)));
    }

    /** Percent-decoding without turning {@code +} into a space (that is form encoding, not URL user info). */
    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The user name and password of a url; the password is "" when the url gives none (Go sends {@code user:}). */
    public record UrlUserInfo(String username, String password) {
        @Override
        public String toString() {
            return "UrlUserInfo[username=" + username + ", password=" + MASK + "]";
        }
    }

    /** {@code basic_auth}: the password inline or read from {@code password_file}. */
    public record BasicAuth(String username, String password, String passwordFile) {
        @Override
        public String toString() {
            return "BasicAuth[username=" + username + ", password=" + (password == null ? null : MASK)
                    + ", passwordFile=" + passwordFile + "]";
        }
    }

    /** Never the secrets: a record's own toString would print the url's password, the token and header values. */
    @Override
    public String toString() {
        return "ClientConfig[url=" + redactedUrl() + ", name=" + name + ", tenantId=" + tenantId + ", headers="
                + headers.keySet() + ", basicAuth=" + basicAuth + ", bearerToken=" + (bearerToken == null ? null : MASK)
                + ", bearerTokenFile=" + bearerTokenFile + "]";
    }

    /** {@code tls_config}. */
    public record TlsConfig(String caFile, String certFile, String keyFile, String serverName, boolean insecureSkipVerify) {
    }
}
