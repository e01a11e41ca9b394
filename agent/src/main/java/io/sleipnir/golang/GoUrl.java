package io.sleipnir.golang;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go's net/url (Go 1.20): {@link #parse} is {@code url.Parse} and {@link #toString} is {@code URL.String}, for what
 * sprig's {@code urlParse} and {@code urlJoin} read and write. Escaping works on UTF-8 bytes as Go's does.
 */
record GoUrl(String scheme, String opaque, Userinfo user, String host, String path, String rawPath,
        boolean forceQuery, String rawQuery, String fragment, String rawFragment) {

    /** A user name and, when {@code password} is not null, a password. */
    record Userinfo(String username, String password) {
        /** Userinfo.String: both parts escaped again. */
        @Override
        public String toString() {
            String s = escape(username, Mode.USER_PASSWORD);
            return password == null ? s : s + ":" + escape(password, Mode.USER_PASSWORD);
        }
    }

    /** A parse failure; the message is Go's {@code url.Error} text ({@code parse "…": …}). */
    static final class UrlException extends Exception {
        private static final long serialVersionUID = 1L;

        UrlException(String message) {
            super(message);
        }
    }

    private enum Mode { PATH, PATH_SEGMENT, HOST, ZONE, USER_PASSWORD, QUERY_COMPONENT, FRAGMENT }

    /** A URL built from its parts, as sprig's urlJoin builds a {@code url.URL} literal. */
    static GoUrl of(String scheme, String opaque, Userinfo user, String host, String path, String rawQuery,
            String fragment) {
        return new GoUrl(scheme, opaque, user, host, path, "", false, rawQuery, fragment, "");
    }

    static GoUrl parse(String rawUrl) throws UrlException {
        int hash = rawUrl.indexOf('#');
        String u = hash < 0 ? rawUrl : rawUrl.substring(0, hash);
        GoUrl url;
        try {
            url = parseWithoutFragment(u);
        } catch (BadUrl e) {
            throw new UrlException("parse " + GoQuote.quote(u) + ": " + e.getMessage());
        }
        if (hash < 0) {
            return url;
        }
        String f = rawUrl.substring(hash + 1);
        if (f.isEmpty()) {
            return url;
        }
        try {
            String frag = unescape(f, Mode.FRAGMENT);
            String rawFragment = escape(frag, Mode.FRAGMENT).equals(f) ? "" : f;
            return new GoUrl(url.scheme, url.opaque, url.user, url.host, url.path, url.rawPath, url.forceQuery,
                    url.rawQuery, frag, rawFragment);
        } catch (BadUrl e) {
            throw new UrlException("parse " + GoQuote.quote(rawUrl) + ": " + e.getMessage());
        }
    }

    /** URL.Hostname: the host without its port and without the brackets of an IPv6 literal. */
    String hostname() {
        String h = host;
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && validOptionalPort(h.substring(colon))) {
            h = h.substring(0, colon);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (!scheme.isEmpty()) {
            b.append(scheme).append(':');
        }
        if (!opaque.isEmpty()) {
            b.append(opaque);
        } else {
            if (!scheme.isEmpty() || !host.isEmpty() || user != null) {
                if (!host.isEmpty() || !path.isEmpty() || user != null) {
                    b.append("//");
                }
                if (user != null) {
                    b.append(user).append('@');
                }
                if (!host.isEmpty()) {
                    b.append(escape(host, Mode.HOST));
                }
            }
            String p = escapedPath();
            if (!p.isEmpty() && p.charAt(0) != '/' && !host.isEmpty()) {
                b.append('/');
            }
            if (b.length() == 0) {
                // a first segment with a colon would read as a scheme
                int slash = p.indexOf('/');
                if ((slash < 0 ? p : p.substring(0, slash)).contains(":")) {
                    b.append("./");
                }
            }
            b.append(p);
        }
        if (forceQuery || !rawQuery.isEmpty()) {
            b.append('?').append(rawQuery);
        }
        if (!fragment.isEmpty()) {
            b.append('#').append(escapedRaw(rawFragment, fragment, Mode.FRAGMENT));
        }
        return b.toString();
    }

    private String escapedPath() {
        if (path.equals("*") && rawPath.isEmpty()) {
            return "*";
        }
        return escapedRaw(rawPath, path, Mode.PATH);
    }

    /** EscapedPath/EscapedFragment: the raw form when it is valid and means the same, else the escaped one. */
    private static String escapedRaw(String raw, String decoded, Mode mode) {
        if (!raw.isEmpty() && validEncoded(raw, mode)) {
            try {
                if (unescape(raw, mode).equals(decoded)) {
                    return raw;
                }
            } catch (BadUrl e) {
                // fall through to the escaped form, as Go does
            }
        }
        return escape(decoded, mode);
    }

    private static boolean validEncoded(String s, Mode mode) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@', '[', ']', '%' -> {
                }
                default -> {
                    if (c >= 0x80 || shouldEscape(c, mode)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** A failure inside parsing, before Go wraps it into its url.Error text. */
    private static final class BadUrl extends Exception {
        private static final long serialVersionUID = 1L;

        BadUrl(String message) {
            super(message, null, false, false);
        }
    }

    private static GoUrl parseWithoutFragment(String raw) throws BadUrl {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) < 0x20 || raw.charAt(i) == 0x7f) {
                throw new BadUrl("net/url: invalid control character in URL");
            }
        }
        if (raw.equals("*")) {
            return of("", "", null, "", "*", "", "");
        }
        String scheme = "";
        String rest = raw;
        schemeLoop:
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    break;
                }
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    throw new BadUrl("missing protocol scheme");
                }
                scheme = raw.substring(0, i).toLowerCase(java.util.Locale.ROOT);
                rest = raw.substring(i + 1);
            }
            break schemeLoop;
        }
        boolean forceQuery = false;
        String rawQuery = "";
        int q = rest.indexOf('?');
        if (rest.endsWith("?") && q == rest.length() - 1) {
            forceQuery = true;
            rest = rest.substring(0, rest.length() - 1);
        } else if (q >= 0) {
            rawQuery = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) {
                return new GoUrl(scheme, rest, null, "", "", "", forceQuery, rawQuery, "", "");
            }
            int slash = rest.indexOf('/');
            if ((slash < 0 ? rest : rest.substring(0, slash)).contains(":")) {
                throw new BadUrl("first path segment in URL cannot contain colon");
            }
        }
        Userinfo user = null;
        String host = "";
        if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
            String authority = rest.substring(2);
            rest = "";
            int slash = authority.indexOf('/');
            if (slash >= 0) {
                rest = authority.substring(slash);
                authority = authority.substring(0, slash);
            }
            int at = authority.lastIndexOf('@');
            host = parseHost(at < 0 ? authority : authority.substring(at + 1));
            if (at >= 0) {
                user = parseUserinfo(authority.substring(0, at));
            }
        }
        String path = unescape(rest, Mode.PATH);
        String rawPath = escape(path, Mode.PATH).equals(rest) ? "" : rest;
        return new GoUrl(scheme, "", user, host, path, rawPath, forceQuery, rawQuery, "", "");
    }

    private static Userinfo parseUserinfo(String userinfo) throws BadUrl {
        for (int i = 0; i < userinfo.length(); i++) {
            char c = userinfo.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0;
            if (!ok) {
                throw new BadUrl("net/url: invalid userinfo");
            }
        }
        int colon = userinfo.indexOf(':');
        if (colon < 0) {
            return new Userinfo(unescape(userinfo, Mode.USER_PASSWORD), null);
        }
        return new Userinfo(unescape(userinfo.substring(0, colon), Mode.USER_PASSWORD),
                unescape(userinfo.substring(colon + 1), Mode.USER_PASSWORD));
    }

    private static String parseHost(String host) throws BadUrl {
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) {
                throw new BadUrl("missing ']' in host");
            }
            String colonPort = host.substring(close + 1);
            if (!validOptionalPort(colonPort)) {
                throw new BadUrl("invalid port " + GoQuote.quote(colonPort) + " after host");
            }
            int zone = host.substring(0, close).indexOf("%25");
            if (zone >= 0) {
                return unescape(host.substring(0, zone), Mode.HOST) + unescape(host.substring(zone, close), Mode.ZONE)
                        + unescape(host.substring(close), Mode.HOST);
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && !validOptionalPort(host.substring(colon))) {
                throw new BadUrl("invalid port " + GoQuote.quote(host.substring(colon)) + " after host");
            }
        }
        return unescape(host, Mode.HOST);
    }

    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean shouldEscape(int c, Mode mode) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return false;
        }
        if ((mode == Mode.HOST || mode == Mode.ZONE) && "!$&'()*+,;=:[]<>\"".indexOf(c) >= 0) {
            return false;
        }
        switch (c) {
            case '-', '_', '.', '~' -> {
                return false;
            }
            case '$', '&', '+', ',', '/', ':', ';', '=', '?', '@' -> {
                return switch (mode) {
                    case PATH_SEGMENT -> c == '/' || c == ';' || c == ',' || c == '?';
                    case PATH -> c == '?';
                    case USER_PASSWORD -> c == '@' || c == '/' || c == '?' || c == ':';
                    case QUERY_COMPONENT -> true;
                    case FRAGMENT -> false;
                    default -> true;
                };
            }
            default -> {
            }
        }
        if (mode == Mode.FRAGMENT && (c == '!' || c == '(' || c == ')' || c == '*')) {
            return false;
        }
        return true;
    }

    private static String escape(String s, Mode mode) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if (c == ' ' && mode == Mode.QUERY_COMPONENT) {
                b.append('+');
            } else if (shouldEscape(c, mode)) {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static String unescape(String str, Mode mode) throws BadUrl {
        byte[] s = str.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < s.length; ) {
            int c = s[i] & 0xFF;
            if (c == '%') {
                if (i + 2 >= s.length || hex(s[i + 1]) < 0 || hex(s[i + 2]) < 0) {
                    int end = Math.min(s.length, i + 3);
                    throw new BadUrl("invalid URL escape " + GoQuote.quote(
                            new String(s, i, end - i, StandardCharsets.UTF_8)));
                }
                String three = new String(s, i, 3, StandardCharsets.US_ASCII);
                if (mode == Mode.HOST && hex(s[i + 1]) < 8 && !three.equals("%25")) {
                    throw new BadUrl("invalid URL escape " + GoQuote.quote(three));
                }
                if (mode == Mode.ZONE) {
                    int v = hex(s[i + 1]) << 4 | hex(s[i + 2]);
                    if (!three.equals("%25") && v != ' ' && shouldEscape(v, Mode.HOST)) {
                        throw new BadUrl("invalid URL escape " + GoQuote.quote(three));
                    }
                }
                i += 3;
            } else {
                if ((mode == Mode.HOST || mode == Mode.ZONE) && c < 0x80 && shouldEscape(c, mode)) {
                    throw new BadUrl("invalid character " + GoQuote.quote(String.valueOf((char) c))
                            + " in host name");
                }
                i++;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length);
        for (int i = 0; i < s.length; i++) {
            int c = s[i] & 0xFF;
            if (c == '%') {
                out.write(hex(s[i + 1]) << 4 | hex(s[i + 2]));
                i += 2;
            } else if (c == '+' && mode == Mode.QUERY_COMPONENT) {
                out.write(' ');
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b & 0xFF, 16);
    }
}
