package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateBuiltins.put;
import static io.sleipnir.golang.TemplateValues.str;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.GoTemplate.Func;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * sprig v3.2.3's url.go: {@code urlParse} gives a dict of a URL's parts as Go's net/url parses them, and
 * {@code urlJoin} builds a URL from such a dict with {@code url.URL.String}. sprig panics on a bad URL or a
 * non-string part; text/template turns the panic into an error calling the function, which is what this throws.
 */
final class SprigUrl {
    private SprigUrl() {
    }

    static void register(Map<String, Func> f) {
        put(f, "urlParse", 1, 1, a -> urlParse(str(a, 0, "urlParse")));
        put(f, "urlJoin", 1, 1, a -> urlJoin(SprigCollections.dict(a.get(0), "urlJoin")));
    }

    static Map<String, Object> urlParse(String v) throws ExecutionException {
        GoUrl url;
        try {
            url = GoUrl.parse(v);
        } catch (GoUrl.UrlException e) {
            throw new ExecutionException("error calling urlParse: unable to parse url: " + e.getMessage());
        }
        Map<String, Object> d = new HashMap<>();
        d.put("scheme", url.scheme());
        d.put("host", url.host());
        d.put("hostname", url.hostname());
        d.put("path", url.path());
        d.put("query", url.rawQuery());
        d.put("opaque", url.opaque());
        d.put("fragment", url.fragment());
        d.put("userinfo", url.user() == null ? "" : url.user().toString());
        return d;
    }

    static String urlJoin(Map<String, Object> d) throws ExecutionException {
        String userinfo = part(d, "userinfo");
        GoUrl.Userinfo user = null;
        if (!userinfo.isEmpty()) {
            try {
                user = GoUrl.parse("proto://" + userinfo + "@host").user();
            } catch (GoUrl.UrlException e) {
                throw new ExecutionException("error calling urlJoin: unable to parse userinfo in dict: "
                        + e.getMessage());
            }
        }
        return GoUrl.of(part(d, "scheme"), part(d, "opaque"), user, part(d, "host"), part(d, "path"),
                part(d, "query"), part(d, "fragment")).toString();
    }

    /** sprig's dictGetOrEmpty: a missing key is empty, a value that is not a string fails naming its kind. */
    private static String part(Map<String, Object> d, String key) throws ExecutionException {
        if (!d.containsKey(key)) {
            return "";
        }
        Object value = d.get(key);
        if (value instanceof String s) {
            return s;
        }
        if (value == null) {
            throw new ExecutionException("error calling urlJoin: runtime error: invalid memory address or nil"
                    + " pointer dereference");
        }
        String kind = value instanceof Long ? "int" : value instanceof Double ? "float64"
                : value instanceof Boolean ? "bool" : value instanceof List ? "slice"
                : value instanceof Map ? "map" : value instanceof GoSemver ? "ptr" : "struct";
        throw new ExecutionException("error calling urlJoin: unable to parse " + key + " key, must be of type"
                + " string, but " + kind + " found");
    }
}
