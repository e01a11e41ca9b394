package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateValues.integer;
import static io.sleipnir.golang.TemplateValues.print;
import static io.sleipnir.golang.TemplateBuiltins.put;
import static io.sleipnir.golang.TemplateValues.str;
import static io.sleipnir.golang.TemplateValues.truthy;
import static io.sleipnir.golang.TemplateValues.typeName;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.GoTemplate.Func;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
        // ---- Go's text/template built-ins ----
        put(f, "print", 0, -1, GoTemplateFunctions::sprint);
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
        put(f, "index", 1, -1, GoTemplateFunctions::index);
        put(f, "slice", 1, 4, GoTemplateFunctions::slice);
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

        // ---- sprig: strings ----
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

        // ---- sprig: numbers (int64, as sprig's toInt64 casts) ----
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

        // ---- sprig: defaults and flow ----
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

        // ---- sprig: encoding ----
        put(f, "b64enc", 1, 1, a -> Base64.getEncoder().encodeToString(utf8(str(a, 0, "b64enc"))));
        put(f, "b64dec", 1, 1, a -> {
            try {
                return new String(Base64.getDecoder().decode(str(a, 0, "b64dec")), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "illegal base64 data"; // sprig returns the error's text
            }
        });
        put(f, "b32enc", 1, 1, a -> base32(utf8(str(a, 0, "b32enc"))));

        // ---- sprig: paths (Go's path package, slash-separated; the os* forms are the same on Linux) ----
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

        // ---- sprig: lists ----
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

    // ---- helpers ----

    private static List<Object> copy(List<?> l) {
        return java.util.Collections.unmodifiableList(new ArrayList<>(l));
    }

    private static List<?> asList(Object o) throws ExecutionException {
        if (o instanceof List<?> l) {
            return l;
        }
        if (o instanceof String s) {
            return List.of(s); // sprig's strslice of a single value
        }
        throw new ExecutionException("cannot use " + typeName(o) + " as a list");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String bytes(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** fmt.Sprint: spaces between operands when neither side is a string. */
    static String sprint(List<Object> args) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            Object o = args.get(i);
            if (i > 0 && !(o instanceof String) && !(args.get(i - 1) instanceof String)) {
                b.append(' ');
            }
            b.append(o == null ? "<nil>" : print(o));
        }
        return b.toString();
    }

    /** text/template's evalArgs: a single string as it is, else fmt.Sprint of all. */
    private static String evalArgs(List<Object> args) {
        if (args.size() == 1 && args.get(0) instanceof String s) {
            return s;
        }
        return sprint(args);
    }

    /** sprig's strval: strings as they are, anything else as fmt's %v. */
    private static String strval(Object o) {
        return o == null ? "<nil>" : print(o);
    }

    /** text/template's HTMLEscapeString. */
    static String html(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("&#34;");
                case '\'' -> b.append("&#39;");
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\0' -> b.append('\uFFFD');
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** text/template's JSEscapeString. */
    static String js(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '"' -> b.append("\\\"");
                case '<' -> b.append("\\u003C");
                case '>' -> b.append("\\u003E");
                case '&' -> b.append("\\u0026");
                case '=' -> b.append("\\u003D");
                default -> {
                    if (c < ' ') {
                        b.append(String.format("\\u00%02X", c));
                    } else if (c >= 0x80 && !isGoPrint(c)) {
                        b.append(String.format("\\u%04X", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Go's url.QueryEscape. */
    static String urlQuery(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : utf8(s)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else if (c == ' ') {
                b.append('+');
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    private static boolean isGoPrint(int c) {
        int type = Character.getType(c);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && (type != Character.SPACE_SEPARATOR || c == ' ');
    }

    static boolean isGoSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || (c > 0xFF && Character.isSpaceChar(c));
    }

    private static Object index(List<Object> a) throws ExecutionException {
        Object item = a.get(0);
        for (int i = 1; i < a.size(); i++) {
            Object key = a.get(i);
            if (item instanceof TemplateValues.Data data) {
                if (!(key instanceof String k)) {
                    throw new ExecutionException("error calling index: value has type " + typeName(key)
                            + "; should be string");
                }
                item = data.lookup().apply(k);
            } else if (item instanceof Map<?, ?> map) {
                if (!(key instanceof String k)) {
                    throw new ExecutionException("error calling index: value has type " + typeName(key)
                            + "; should be string");
                }
                item = map.get(k);
            } else if (item instanceof String s) {
                byte[] b = utf8(s);
                int at = indexArg(key, b.length, "index");
                item = (long) (b[at] & 0xFF);
            } else if (item instanceof List<?> l) {
                item = l.get(indexArg(key, l.size(), "index"));
            } else {
                throw new ExecutionException("error calling index: can't index item of type "
                        + (item == null ? "nil" : typeName(item)));
            }
        }
        return item;
    }

    private static int indexArg(Object key, int length, String fn) throws ExecutionException {
        if (!(key instanceof Long l)) {
            throw new ExecutionException("error calling " + fn + ": cannot index slice/array with type "
                    + typeName(key));
        }
        if (l < 0 || l >= length) {
            throw new ExecutionException("error calling " + fn + ": index out of range: " + l);
        }
        return (int) (long) l;
    }

    private static Object slice(List<Object> a) throws ExecutionException {
        Object item = a.get(0);
        int length;
        if (item instanceof String s) {
            length = utf8(s).length;
            if (a.size() > 3) {
                throw new ExecutionException("error calling slice: cannot 3-index slice a string");
            }
        } else if (item instanceof List<?> l) {
            length = l.size();
        } else {
            throw new ExecutionException("error calling slice: can't slice item of type "
                    + (item == null ? "nil" : typeName(item)));
        }
        int[] idx = {0, length};
        for (int i = 1; i < a.size() && i < 3; i++) {
            if (!(a.get(i) instanceof Long l) || l < 0 || l > length) {
                throw new ExecutionException("error calling slice: index out of range: " + a.get(i));
            }
            idx[i - 1] = (int) (long) l;
        }
        if (idx[0] > idx[1]) {
            throw new ExecutionException("error calling slice: invalid slice index: " + idx[0] + " > " + idx[1]);
        }
        if (item instanceof String s) {
            return bytes(utf8(s), idx[0], idx[1]);
        }
        return copy(((List<?>) item).subList(idx[0], idx[1]));
    }

    /** Go's strings.Title: the first letter after each separator (not a letter, digit or {@code _}) upper-cased. */
    private static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean prevSeparator = true;
        for (int c : s.codePoints().toArray()) {
            b.appendCodePoint(prevSeparator ? Character.toTitleCase(c) : c);
            if (c < 0x80) {
                prevSeparator = !(Character.isLetterOrDigit(c) || c == '_');
            } else {
                prevSeparator = !Character.isLetterOrDigit(c) && isGoSpace(c);
            }
        }
        return b.toString();
    }

    /** goutils' Uncapitalize: the first letter of each white-space separated word lower-cased. */
    private static String untitle(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (int c : s.codePoints().toArray()) {
            b.appendCodePoint(start ? Character.toLowerCase(c) : c);
            start = isGoSpace(c);
        }
        return b.toString();
    }

    private static String indent(long spaces, String s) {
        String pad = " ".repeat((int) Math.max(0, spaces));
        return pad + s.replace("\n", "\n" + pad);
    }

    private static String hex(String algorithm, String s) throws ExecutionException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(utf8(s)));
        } catch (NoSuchAlgorithmException e) {
            throw new ExecutionException(algorithm + " is not available in this JVM");
        }
    }

    /** Go's strings.Split: an empty separator splits after each UTF-8 sequence. */
    private static List<Object> goSplit(String s, String sep) {
        List<Object> out = new ArrayList<>();
        if (sep.isEmpty()) {
            s.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
            return out;
        }
        int from = 0;
        int at;
        while ((at = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    /** sprig's toInt64 (through cast): ints as they are, floats truncated, numeric strings parsed, else 0. */
    static long toInt64(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Double d) {
            return (long) (double) d;
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (o instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                try {
                    double d = Double.parseDouble(s);
                    return d == Math.rint(d) ? (long) d : 0;
                } catch (NumberFormatException notFloat) {
                    return 0;
                }
            }
        }
        return 0;
    }

    static double toFloat64(Object o) {
        if (o instanceof Double d) {
            return d;
        }
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (o instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** Go's json.Marshal of a template value ({@code escapeHtml}: as json.Marshal; false: toRawJson). */
    private static String json(Object o, boolean escapeHtml) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20 || c == '\u2028' || c == '\u2029'
                                || (escapeHtml && (c == '<' || c == '>' || c == '&'))) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
        if (o instanceof Double d) {
            double abs = Math.abs(d);
            return abs == 0 || (abs >= 1e-6 && abs < 1e21) ? GoFloat.formatF(d) : GoFloat.formatE(d);
        }
        if (o instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                b.append(i > 0 ? "," : "").append(json(l.get(i), escapeHtml));
            }
            return b.append(']').toString();
        }
        return o.toString();
    }

    private static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder b = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte x : data) {
            buffer = (buffer << 8) | (x & 0xFF);
            bits += 8;
            while (bits >= 5) {
                b.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            b.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        while (b.length() % 8 != 0) {
            b.append('=');
        }
        return b.toString();
    }

    /** Go's os.ExpandEnv: $VAR and ${VAR}; unset variables are empty. */
    private static String expandEnv(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            int start = i + 1;
            int end;
            String name;
            if (s.charAt(start) == '{') {
                end = s.indexOf('}', start);
                if (end < 0) {
                    b.append(c);
                    continue;
                }
                name = s.substring(start + 1, end);
                i = end;
            } else {
                end = start;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                    end++;
                }
                if (end == start) {
                    b.append(c);
                    continue;
                }
                name = s.substring(start, end);
                i = end - 1;
            }
            String v = System.getenv(name);
            b.append(v == null ? "" : v);
        }
        return b.toString();
    }

    /** Go's path package: slash-separated paths, lexical only. */
    static final class GoPath {
        private GoPath() {
        }

        static String clean(String path) {
            if (path.isEmpty()) {
                return ".";
            }
            boolean rooted = path.charAt(0) == '/';
            List<String> parts = new ArrayList<>();
            for (String part : path.split("/")) {
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                        parts.remove(parts.size() - 1);
                    } else if (!rooted) {
                        parts.add("..");
                    }
                    continue;
                }
                parts.add(part);
            }
            String joined = String.join("/", parts);
            if (rooted) {
                return "/" + joined;
            }
            return joined.isEmpty() ? "." : joined;
        }

        static String base(String path) {
            if (path.isEmpty()) {
                return ".";
            }
            int end = path.length();
            while (end > 0 && path.charAt(end - 1) == '/') {
                end--;
            }
            if (end == 0) {
                return "/";
            }
            String trimmed = path.substring(0, end);
            return trimmed.substring(trimmed.lastIndexOf('/') + 1);
        }

        static String dir(String path) {
            int slash = path.lastIndexOf('/');
            return clean(path.substring(0, slash + 1));
        }

        static String ext(String path) {
            for (int i = path.length() - 1; i >= 0 && path.charAt(i) != '/'; i--) {
                if (path.charAt(i) == '.') {
                    return path.substring(i);
                }
            }
            return "";
        }
    }

    /** A small fmt.Sprintf: verbs v s q d x X o b c f e g t and %%, with flags - + 0 space #, width and precision. */
    static final class GoFormat {
        private GoFormat() {
        }

        static String sprintf(String format, List<Object> args) {
            StringBuilder out = new StringBuilder();
            int arg = 0;
            int i = 0;
            while (i < format.length()) {
                char c = format.charAt(i++);
                if (c != '%') {
                    out.append(c);
                    continue;
                }
                if (i >= format.length()) {
                    out.append("%!(NOVERB)");
                    break;
                }
                boolean minus = false;
                boolean plus = false;
                boolean zero = false;
                boolean space = false;
                boolean sharp = false;
                for (; i < format.length(); i++) {
                    char flag = format.charAt(i);
                    if (flag == '-') {
                        minus = true;
                    } else if (flag == '+') {
                        plus = true;
                    } else if (flag == '0') {
                        zero = true;
                    } else if (flag == ' ') {
                        space = true;
                    } else if (flag == '#') {
                        sharp = true;
                    } else {
                        break;
                    }
                }
                int width = -1;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    width = Math.max(width, 0) * 10 + (format.charAt(i++) - '0');
                }
                int precision = -1;
                if (i < format.length() && format.charAt(i) == '.') {
                    i++;
                    precision = 0;
                    while (i < format.length() && Character.isDigit(format.charAt(i))) {
                        precision = precision * 10 + (format.charAt(i++) - '0');
                    }
                }
                if (i >= format.length()) {
                    out.append("%!(NOVERB)");
                    break;
                }
                char verb = format.charAt(i++);
                if (verb == '%') {
                    out.append('%');
                    continue;
                }
                if (arg >= args.size()) {
                    out.append("%!").append(verb).append("(MISSING)");
                    continue;
                }
                Object value = args.get(arg++);
                String text = format(verb, value, precision, plus, space, sharp);
                if (text == null) {
                    out.append("%!").append(verb).append('(').append(value == null ? "<nil>"
                            : typeName(value) + "=" + print(value)).append(')');
                    continue;
                }
                out.append(pad(text, width, minus, zero && !minus && isNumeric(value) && verb != 's' && verb != 'q'));
            }
            if (arg < args.size()) {
                out.append("%!(EXTRA ");
                for (int k = arg; k < args.size(); k++) {
                    Object v = args.get(k);
                    out.append(k > arg ? ", " : "").append(v == null ? "<nil>" : typeName(v) + "=" + print(v));
                }
                out.append(')');
            }
            return out.toString();
        }

        private static boolean isNumeric(Object o) {
            return o instanceof Long || o instanceof Double;
        }

        private static String format(char verb, Object v, int precision, boolean plus, boolean space, boolean sharp) {
            if (verb == 'T') {
                return v == null ? "<nil>" : typeName(v);
            }
            if (v == null) {
                return verb == 'v' || verb == 's' ? "%!" + verb + "(<nil>)" : null;
            }
            switch (verb) {
                case 'v':
                    if (v instanceof String s) {
                        return s;
                    }
                    return sign(print(v), v, plus, space);
                case 's':
                    if (v instanceof String s) {
                        return precision >= 0 && precision < s.codePointCount(0, s.length())
                                ? s.substring(0, s.offsetByCodePoints(0, precision)) : s;
                    }
                    return v instanceof List ? print(v) : null;
                case 'q':
                    return v instanceof String s ? GoQuote.quote(s) : null;
                case 't':
                    return v instanceof Boolean b ? b.toString() : null;
                case 'd':
                    return v instanceof Long l ? sign(Long.toString(l), v, plus, space) : null;
                case 'x', 'X': {
                    String h;
                    if (v instanceof Long l) {
                        h = (l < 0 ? "-" : "") + Long.toHexString(Math.abs(l));
                        if (sharp) {
                            h = h.startsWith("-") ? "-0x" + h.substring(1) : "0x" + h;
                        }
                    } else if (v instanceof String s) {
                        h = HexFormat.of().formatHex(utf8(s));
                    } else {
                        return null;
                    }
                    return verb == 'X' ? h.toUpperCase(Locale.ROOT) : h;
                }
                case 'o':
                    return v instanceof Long l ? (l < 0 ? "-" : "") + Long.toOctalString(Math.abs(l)) : null;
                case 'b':
                    return v instanceof Long l ? (l < 0 ? "-" : "") + Long.toBinaryString(Math.abs(l)) : null;
                case 'c':
                    return v instanceof Long l ? new String(Character.toChars((int) (long) l)) : null;
                case 'f', 'F', 'e', 'g': {
                    double d;
                    if (v instanceof Double x) {
                        d = x;
                    } else {
                        return null;
                    }
                    String text;
                    if (verb == 'g') {
                        text = precision < 0 ? GoFloat.formatG(d) : gPrecision(d, precision);
                    } else if (Double.isNaN(d) || Double.isInfinite(d)) {
                        text = GoFloat.formatF(d);
                    } else if (verb == 'e') {
                        text = eFormat(d, precision < 0 ? 6 : precision);
                    } else {
                        text = new java.math.BigDecimal(d).setScale(precision < 0 ? 6 : precision,
                                java.math.RoundingMode.HALF_EVEN).toPlainString();
                    }
                    return sign(text, v, plus, space);
                }
                default:
                    return null;
            }
        }

        private static String eFormat(double d, int precision) {
            return String.format(Locale.ROOT, "%." + precision + "e", d); // the same text as Go's %e
        }

        private static String gPrecision(double d, int precision) {
            java.math.BigDecimal b = new java.math.BigDecimal(d).round(new java.math.MathContext(Math.max(1,
                    precision), java.math.RoundingMode.HALF_EVEN));
            return GoFloat.formatG(b.doubleValue());
        }

        private static String sign(String text, Object v, boolean plus, boolean space) {
            if (!(v instanceof Long || v instanceof Double) || text.startsWith("-") || text.startsWith("+")) {
                return text;
            }
            return plus ? "+" + text : space ? " " + text : text;
        }

        private static String pad(String text, int width, boolean left, boolean zero) {
            int length = text.codePointCount(0, text.length());
            if (width <= length) {
                return text;
            }
            String fill = (zero ? "0" : " ").repeat(width - length);
            if (left) {
                return text + fill;
            }
            if (zero && (text.startsWith("-") || text.startsWith("+"))) {
                return text.charAt(0) + fill + text.substring(1);
            }
            return fill + text;
        }
    }
}
