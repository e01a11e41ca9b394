package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateBuiltins.put;
import static io.sleipnir.golang.TemplateHelpers.asList;
import static io.sleipnir.golang.TemplateHelpers.base32;
import static io.sleipnir.golang.TemplateHelpers.bytes;
import static io.sleipnir.golang.TemplateHelpers.copy;
import static io.sleipnir.golang.TemplateHelpers.evalArgs;
import static io.sleipnir.golang.TemplateHelpers.expandEnv;
import static io.sleipnir.golang.TemplateHelpers.goSplit;
import static io.sleipnir.golang.TemplateHelpers.hex;
import static io.sleipnir.golang.TemplateHelpers.html;
import static io.sleipnir.golang.TemplateHelpers.indent;
import static io.sleipnir.golang.TemplateHelpers.index;
import static io.sleipnir.golang.TemplateHelpers.isGoSpace;
import static io.sleipnir.golang.TemplateHelpers.js;
import static io.sleipnir.golang.TemplateHelpers.json;
import static io.sleipnir.golang.TemplateHelpers.slice;
import static io.sleipnir.golang.TemplateHelpers.sprint;
import static io.sleipnir.golang.TemplateHelpers.strval;
import static io.sleipnir.golang.TemplateHelpers.title;
import static io.sleipnir.golang.TemplateHelpers.toFloat64;
import static io.sleipnir.golang.TemplateHelpers.toInt64;
import static io.sleipnir.golang.TemplateHelpers.untitle;
import static io.sleipnir.golang.TemplateHelpers.urlQuery;
import static io.sleipnir.golang.TemplateHelpers.utf8;
import static io.sleipnir.golang.TemplateValues.integer;
import static io.sleipnir.golang.TemplateValues.print;
import static io.sleipnir.golang.TemplateValues.str;
import static io.sleipnir.golang.TemplateValues.truthy;
import static io.sleipnir.golang.TemplateValues.typeName;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.GoTemplate.Func;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The rest of the functions Promtail's {@code template} stage has (template.go: Go's text/template built-ins, then
 * {@code sprig.TxtFuncMap()}, then Promtail's own): Go's {@code print printf println html js urlquery index slice}
 * and sprig's string, number, list, default, encoding and path functions, with Go's and sprig's semantics (byte
 * offsets, Go's number text, sprig's argument order with the piped string last). {@link #NOT_YET} names the sprig
 * functions Promtail has that are refused at start as "not supported yet" (dates, crypto, dicts, regex finders,
 * semver, randomness).
 */
final class GoTemplateFunctions {
    private GoTemplateFunctions() {
    }

    /** sprig functions Promtail 2.8 registers that Sleipnir does not implement yet. */
    static final Set<String> NOT_YET = Set.of(
            "ago", "date", "date_in_zone", "date_modify", "dateInZone", "dateModify", "duration", "durationRound",
            "htmlDate", "htmlDateInZone", "must_date_modify", "mustDateModify", "mustToDate", "now", "toDate",
            "unixEpoch", "abbrevboth", "randAlphaNum", "randAlpha", "randAscii", "randNumeric", "randSeededNumeric",
            "shuffle", "snakecase", "camelcase", "kebabcase", "wrap", "wrapWith", "toDecimal", "randInt",
            "mustCompact", "fromJson", "mustFromJson", "mustToJson", "mustToPrettyJson", "mustToRawJson", "deepCopy",
            "mustDeepCopy", "getHostByName", "mustAppend", "mustPush", "mustPrepend", "mustFirst", "mustRest",
            "mustLast", "mustInitial", "mustReverse", "mustUniq", "mustWithout", "mustHas", "mustSlice", "chunk",
            "mustChunk", "bcrypt", "htpasswd", "genPrivateKey", "derivePassword", "buildCustomCert", "genCA",
            "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey",
            "encryptAES", "decryptAES", "randBytes", "semver", "semverCompare", "urlParse", "urlJoin", "call");

    static void register(Map<String, Func> f) {
        registerGoBuiltins(f);
        registerSprigStrings(f);
        registerSprigStringLists(f);
        registerSprigNumbers(f);
        registerSprigDefaults(f);
        registerSprigEncoding(f);
        registerSprigPaths(f);
        registerSprigLists(f);
    }

    // Go's text/template built-ins
    private static void registerGoBuiltins(Map<String, Func> f) {
        put(f, "print", 0, -1, TemplateHelpers::sprint);
        put(f, "println", 0, -1, a -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < a.size(); i++) {
                b.append(i > 0 ? " " : "").append(print(a.get(i)));
            }
            return b.append('\n').toString();
        });
        put(f, "printf", 1, -1, a -> GoFormat.sprintf(str(a, 0, "printf"), a.subList(1, a.size())));
        put(f, "html", 0, -1, a -> html(evalArgs(a)));
        put(f, "js", 0, -1, a -> js(evalArgs(a)));
        put(f, "urlquery", 0, -1, a -> urlQuery(evalArgs(a)));
        put(f, "index", 1, -1, TemplateHelpers::index);
        put(f, "slice", 1, 4, TemplateHelpers::slice);
        put(f, "len", 1, 1, a -> {
            Object o = a.get(0);
            if (o instanceof String s) {
                return (long) s.getBytes(StandardCharsets.UTF_8).length;
            }
            if (o instanceof List<?> l) {
                return (long) l.size();
            }
            if (o instanceof Map<?, ?> m) {
                return (long) m.size();
            }
            throw new ExecutionException("error calling len: len of " + (o == null ? "nil pointer" : "type "
                    + typeName(o)));
        });
    }

    // sprig: strings
    private static void registerSprigStrings(Map<String, Func> f) {
        put(f, "hello", 0, 0, a -> "Hello!");
        put(f, "abbrev", 2, 2, a -> {
            long width = integer(a, 0, "abbrev");
            String s = str(a, 1, "abbrev");
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (width < 4 || b.length <= width) {
                return s;
            }
            return bytes(b, 0, (int) width - 3) + "...";
        });
        put(f, "trunc", 2, 2, a -> {
            long c = integer(a, 0, "trunc");
            String s = str(a, 1, "trunc");
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (c >= 0 && b.length > c) {
                return bytes(b, 0, (int) c);
            }
            if (c < 0 && b.length > -c) {
                return bytes(b, (int) (b.length + c), b.length);
            }
            return s;
        });
        put(f, "title", 1, 1, a -> title(str(a, 0, "title")));
        put(f, "untitle", 1, 1, a -> untitle(str(a, 0, "untitle")));
        put(f, "repeat", 2, 2, a -> {
            long n = integer(a, 0, "repeat");
            if (n < 0) {
                throw new ExecutionException("error calling repeat: strings: negative Repeat count");
            }
            return str(a, 1, "repeat").repeat((int) n);
        });
        put(f, "trimall", 2, 2, a -> TemplateBuiltins.trim(str(a, 1, "trimall"), str(a, 0, "trimall"), true, true));
        put(f, "trimAll", 2, 2, a -> TemplateBuiltins.trim(str(a, 1, "trimAll"), str(a, 0, "trimAll"), true, true));
        put(f, "trimSuffix", 2, 2, a -> {
            String s = str(a, 1, "trimSuffix");
            String x = str(a, 0, "trimSuffix");
            return s.endsWith(x) ? s.substring(0, s.length() - x.length()) : s;
        });
        put(f, "trimPrefix", 2, 2, a -> {
            String s = str(a, 1, "trimPrefix");
            String x = str(a, 0, "trimPrefix");
            return s.startsWith(x) ? s.substring(x.length()) : s;
        });
        put(f, "nospace", 1, 1, a -> {
            String s = str(a, 0, "nospace");
            StringBuilder b = new StringBuilder(s.length());
            s.codePoints().filter(c -> !isGoSpace(c)).forEach(b::appendCodePoint);
            return b.toString();
        });
        put(f, "initials", 1, 1, a -> {
            StringBuilder b = new StringBuilder();
            boolean start = true;
            for (int c : str(a, 0, "initials").codePoints().toArray()) {
                if (isGoSpace(c)) {
                    start = true;
                } else if (start) {
                    b.appendCodePoint(c);
                    start = false;
                }
            }
            return b.toString();
        });
        put(f, "swapcase", 1, 1, a -> {
            StringBuilder b = new StringBuilder();
            for (int c : str(a, 0, "swapcase").codePoints().toArray()) {
                b.appendCodePoint(Character.isUpperCase(c) || Character.isTitleCase(c) ? Character.toLowerCase(c)
                        : Character.isLowerCase(c) ? Character.toUpperCase(c) : c);
            }
            return b.toString();
        });
    }

    // sprig: quoting, joining, hashes and string lists
    private static void registerSprigStringLists(Map<String, Func> f) {
        put(f, "quote", 0, -1, a -> {
            List<String> out = new ArrayList<>();
            for (Object o : a) {
                if (o != null) {
                    out.add(GoQuote.quote(strval(o)));
                }
            }
            return String.join(" ", out);
        });
        put(f, "squote", 0, -1, a -> {
            List<String> out = new ArrayList<>();
            for (Object o : a) {
                if (o != null) {
                    out.add("'" + strval(o) + "'");
                }
            }
            return String.join(" ", out);
        });
        put(f, "cat", 0, -1, a -> {
            List<String> out = new ArrayList<>();
            for (Object o : a) {
                if (o != null) {
                    out.add(strval(o));
                }
            }
            return String.join(" ", out);
        });
        put(f, "indent", 2, 2, a -> indent(integer(a, 0, "indent"), str(a, 1, "indent")));
        put(f, "nindent", 2, 2, a -> "\n" + indent(integer(a, 0, "nindent"), str(a, 1, "nindent")));
        put(f, "plural", 3, 3, a -> integer(a, 2, "plural") == 1 ? str(a, 0, "plural") : str(a, 1, "plural"));
        put(f, "sha1sum", 1, 1, a -> hex("SHA-1", str(a, 0, "sha1sum")));
        put(f, "sha256sum", 1, 1, a -> hex("SHA-256", str(a, 0, "sha256sum")));
        put(f, "adler32sum", 1, 1, a -> {
            java.util.zip.Adler32 adler = new java.util.zip.Adler32();
            adler.update(str(a, 0, "adler32sum").getBytes(StandardCharsets.UTF_8));
            return Long.toString(adler.getValue());
        });
        put(f, "toString", 1, 1, a -> strval(a.get(0)));
        put(f, "toStrings", 1, 1, a -> {
            List<Object> out = new ArrayList<>();
            for (Object o : asList(a.get(0))) {
                out.add(o == null ? "" : strval(o));
            }
            return List.copyOf(out);
        });
        put(f, "splitList", 2, 2, a -> List.copyOf(goSplit(str(a, 1, "splitList"), str(a, 0, "splitList"))));
        put(f, "join", 2, 2, a -> {
            List<String> out = new ArrayList<>();
            for (Object o : asList(a.get(1))) {
                out.add(o == null ? "" : strval(o));
            }
            return String.join(str(a, 0, "join"), out);
        });
        put(f, "sortAlpha", 1, 1, a -> {
            List<String> out = new ArrayList<>();
            for (Object o : asList(a.get(0))) {
                out.add(o == null ? "" : strval(o));
            }
            out.sort(null);
            return List.<Object>copyOf(out);
        });
    }

    // sprig: numbers (int64, as sprig's toInt64 casts)
    private static void registerSprigNumbers(Map<String, Func> f) {
        put(f, "atoi", 1, 1, a -> {
            try {
                return Long.parseLong(str(a, 0, "atoi"));
            } catch (NumberFormatException e) {
                return 0L;
            }
        });
        put(f, "int64", 1, 1, a -> toInt64(a.get(0)));
        put(f, "int", 1, 1, a -> toInt64(a.get(0)));
        put(f, "float64", 1, 1, a -> toFloat64(a.get(0)));
        put(f, "add1", 1, 1, a -> toInt64(a.get(0)) + 1);
        put(f, "sub", 2, 2, a -> toInt64(a.get(0)) - toInt64(a.get(1)));
        put(f, "div", 2, 2, a -> {
            long d = toInt64(a.get(1));
            if (d == 0) {
                throw new ExecutionException("error calling div: runtime error: integer divide by zero");
            }
            return toInt64(a.get(0)) / d;
        });
        put(f, "mod", 2, 2, a -> {
            long d = toInt64(a.get(1));
            if (d == 0) {
                throw new ExecutionException("error calling mod: runtime error: integer divide by zero");
            }
            return toInt64(a.get(0)) % d;
        });
        put(f, "mul", 1, -1, a -> {
            long v = toInt64(a.get(0));
            for (int i = 1; i < a.size(); i++) {
                v *= toInt64(a.get(i));
            }
            return v;
        });
        put(f, "max", 1, -1, a -> {
            long v = toInt64(a.get(0));
            for (Object o : a) {
                v = Math.max(v, toInt64(o));
            }
            return v;
        });
        put(f, "biggest", 1, -1, f.get("max").impl());
        put(f, "min", 1, -1, a -> {
            long v = toInt64(a.get(0));
            for (Object o : a) {
                v = Math.min(v, toInt64(o));
            }
            return v;
        });
        put(f, "ceil", 1, 1, a -> Math.ceil(toFloat64(a.get(0))));
        put(f, "floor", 1, 1, a -> Math.floor(toFloat64(a.get(0))));
        put(f, "round", 2, 3, a -> {
            double value = toFloat64(a.get(0));
            long precision = toInt64(a.get(1));
            double roundOn = a.size() > 2 ? toFloat64(a.get(2)) : 0.5;
            double pow = Math.pow(10, precision);
            double digit = pow * value;
            double whole = digit < 0 ? Math.ceil(digit) : Math.floor(digit);
            double fraction = digit - whole;
            double rounded = fraction >= roundOn ? Math.ceil(digit) : Math.floor(digit);
            return rounded / pow;
        });
    }

    // sprig: defaults and flow
    private static void registerSprigDefaults(Map<String, Func> f) {
        put(f, "empty", 1, 1, a -> !truthy(a.get(0)));
        put(f, "coalesce", 0, -1, a -> {
            for (Object o : a) {
                if (truthy(o)) {
                    return o;
                }
            }
            return null;
        });
        put(f, "all", 0, -1, a -> a.stream().allMatch(TemplateValues::truthy));
        put(f, "any", 0, -1, a -> a.stream().anyMatch(TemplateValues::truthy));
        put(f, "ternary", 3, 3, a -> {
            if (!(a.get(2) instanceof Boolean b)) {
                throw new ExecutionException("error calling ternary: argument 3 is " + typeName(a.get(2))
                        + ", want bool");
            }
            return b ? a.get(0) : a.get(1);
        });
        put(f, "fail", 1, 1, a -> {
            throw new ExecutionException("error calling fail: " + str(a, 0, "fail"));
        });
        put(f, "toJson", 1, 1, a -> json(a.get(0), true));
        put(f, "toPrettyJson", 1, 1, a -> json(a.get(0), true));
        put(f, "toRawJson", 1, 1, a -> json(a.get(0), false));
        put(f, "env", 1, 1, a -> {
            String v = System.getenv(str(a, 0, "env"));
            return v == null ? "" : v;
        });
        put(f, "expandenv", 1, 1, a -> expandEnv(str(a, 0, "expandenv")));
        put(f, "uuidv4", 0, 0, a -> UUID.randomUUID().toString());
    }

    // sprig: encoding
    private static void registerSprigEncoding(Map<String, Func> f) {
        put(f, "b64enc", 1, 1, a -> Base64.getEncoder().encodeToString(utf8(str(a, 0, "b64enc"))));
        put(f, "b64dec", 1, 1, a -> {
            try {
                return new String(Base64.getDecoder().decode(str(a, 0, "b64dec")), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "illegal base64 data"; // sprig returns the error's text
            }
        });
        put(f, "b32enc", 1, 1, a -> base32(utf8(str(a, 0, "b32enc"))));
    }

    // sprig: paths (Go's path package, slash-separated; the os* forms are the same on Linux)
    private static void registerSprigPaths(Map<String, Func> f) {
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

    // sprig: lists
    private static void registerSprigLists(Map<String, Func> f) {
        put(f, "list", 0, -1, a -> java.util.Collections.unmodifiableList(new ArrayList<>(a)));
        put(f, "tuple", 0, -1, a -> java.util.Collections.unmodifiableList(new ArrayList<>(a)));
        put(f, "first", 1, 1, a -> {
            List<?> l = asList(a.get(0));
            return l.isEmpty() ? null : l.get(0);
        });
        put(f, "last", 1, 1, a -> {
            List<?> l = asList(a.get(0));
            return l.isEmpty() ? null : l.get(l.size() - 1);
        });
        put(f, "rest", 1, 1, a -> {
            List<?> l = asList(a.get(0));
            return l.isEmpty() ? List.of() : copy(l.subList(1, l.size()));
        });
        put(f, "initial", 1, 1, a -> {
            List<?> l = asList(a.get(0));
            return l.isEmpty() ? List.of() : copy(l.subList(0, l.size() - 1));
        });
        put(f, "reverse", 1, 1, a -> {
            List<Object> l = new ArrayList<>(asList(a.get(0)));
            java.util.Collections.reverse(l);
            return copy(l);
        });
        put(f, "uniq", 1, 1, a -> copy(new ArrayList<>(new LinkedHashSet<>(asList(a.get(0))))));
        put(f, "compact", 1, 1, a -> copy(asList(a.get(0)).stream().filter(TemplateValues::truthy).toList()));
        put(f, "has", 2, 2, a -> asList(a.get(1)).contains(a.get(0)));
        put(f, "without", 1, -1, a -> {
            List<Object> out = new ArrayList<>(asList(a.get(0)));
            out.removeIf(o -> a.subList(1, a.size()).contains(o));
            return copy(out);
        });
        put(f, "append", 2, 2, a -> {
            List<Object> out = new ArrayList<>(asList(a.get(0)));
            out.add(a.get(1));
            return copy(out);
        });
        put(f, "push", 2, 2, f.get("append").impl());
        put(f, "prepend", 2, 2, a -> {
            List<Object> out = new ArrayList<>(asList(a.get(0)));
            out.add(0, a.get(1));
            return copy(out);
        });
        put(f, "concat", 0, -1, a -> {
            List<Object> out = new ArrayList<>();
            for (Object o : a) {
                out.addAll(asList(o));
            }
            return copy(out);
        });
    }
}
