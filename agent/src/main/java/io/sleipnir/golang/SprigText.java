package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateBuiltins.put;
import static io.sleipnir.golang.TemplateHelpers.strslice;
import static io.sleipnir.golang.TemplateHelpers.strval;
import static io.sleipnir.golang.TemplateHelpers.utf8;
import static io.sleipnir.golang.TemplateValues.integer;
import static io.sleipnir.golang.TemplateValues.str;

import io.sleipnir.golang.GoTemplate.Func;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** sprig's quoting, joining, string-list, encoding and path functions (strings.go, encoding.go, paths). */
final class SprigText {
    private SprigText() {
    }

    static void register(Map<String, Func> f) {
        registerQuoting(f);
        registerStringLists(f);
        registerEncoding(f);
        registerPaths(f);
    }

    private static void registerQuoting(Map<String, Func> f) {
        put(f, "quote", 0, -1, a -> joinNonNil(a, "\"", true));
        put(f, "squote", 0, -1, a -> joinNonNil(a, "'", false));
        put(f, "cat", 0, -1, a -> joinNonNil(a, "", false));
        put(f, "indent", 2, 2, a -> indent(integer(a, 0, "indent"), str(a, 1, "indent")));
        put(f, "nindent", 2, 2, a -> "\n" + indent(integer(a, 0, "nindent"), str(a, 1, "nindent")));
        put(f, "toString", 1, 1, a -> strval(a.get(0)));
    }

    /** sprig's quote, squote and cat: each non-nil argument (quoted as asked), joined by spaces. */
    private static String joinNonNil(List<Object> args, String mark, boolean goQuote) {
        List<String> out = new ArrayList<>();
        for (Object o : args) {
            if (o != null) {
                out.add(goQuote ? GoQuote.quote(strval(o)) : mark + strval(o) + mark);
            }
        }
        return String.join(" ", out);
    }

    static String indent(long spaces, String s) {
        String pad = " ".repeat((int) Math.max(0, spaces));
        return pad + s.replace("\n", "\n" + pad);
    }

    private static void registerStringLists(Map<String, Func> f) {
        put(f, "toStrings", 1, 1, a -> {
            List<Object> out = new ArrayList<>();
            for (Object o : strslice(a.get(0))) {
                out.add(o == null ? "" : strval(o));
            }
            return List.copyOf(out);
        });
        put(f, "splitList", 2, 2, a -> List.<Object>copyOf(
                GoStrings.splitN(str(a, 1, "splitList"), str(a, 0, "splitList"), -1)));
        put(f, "join", 2, 2, a -> {
            List<String> out = new ArrayList<>();
            for (Object o : strslice(a.get(1))) {
                out.add(o == null ? "" : strval(o));
            }
            return String.join(str(a, 0, "join"), out);
        });
        put(f, "sortAlpha", 1, 1, a -> {
            List<String> out = new ArrayList<>();
            for (Object o : strslice(a.get(0))) {
                out.add(o == null ? "" : strval(o));
            }
            out.sort(null);
            return List.<Object>copyOf(out);
        });
    }

    private static void registerEncoding(Map<String, Func> f) {
        put(f, "b64enc", 1, 1, a -> Base64.getEncoder().encodeToString(utf8(str(a, 0, "b64enc"))));
        put(f, "b64dec", 1, 1, a -> {
            try {
                return new String(Base64.getDecoder().decode(str(a, 0, "b64dec")), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "illegal base64 data"; // sprig returns the error's text
            }
        });
        put(f, "b32enc", 1, 1, a -> TemplateHelpers.base32(utf8(str(a, 0, "b32enc"))));
        put(f, "b32dec", 1, 1, a -> {
            byte[] decoded = TemplateHelpers.base32Decode(str(a, 0, "b32dec"));
            return decoded == null ? "illegal base32 data" : new String(decoded, StandardCharsets.UTF_8);
        });
    }

    /** Go's path package, slash-separated; the os* forms (path/filepath) are the same on Linux. */
    private static void registerPaths(Map<String, Func> f) {
        for (String prefix : new String[] {"", "os"}) {
            String base = prefix.isEmpty() ? "base" : "osBase";
            String dir = prefix.isEmpty() ? "dir" : "osDir";
            String clean = prefix.isEmpty() ? "clean" : "osClean";
            String ext = prefix.isEmpty() ? "ext" : "osExt";
            String isAbs = prefix.isEmpty() ? "isAbs" : "osIsAbs";
            put(f, base, 1, 1, a -> GoPath.base(str(a, 0, base)));
            put(f, dir, 1, 1, a -> GoPath.dir(str(a, 0, dir)));
            put(f, clean, 1, 1, a -> GoPath.clean(str(a, 0, clean)));
            put(f, ext, 1, 1, a -> GoPath.ext(str(a, 0, ext)));
            put(f, isAbs, 1, 1, a -> str(a, 0, isAbs).startsWith("/"));
        }
    }
}
