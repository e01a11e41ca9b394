package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateValues.compare;
import static io.sleipnir.golang.TemplateValues.integer;
import static io.sleipnir.golang.TemplateValues.str;
import static io.sleipnir.golang.TemplateValues.truthy;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.GoTemplate.Func;
import io.sleipnir.golang.GoTemplate.Impl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The functions a template can call: Promtail's own (template.go), Go's comparison and logic built-ins, a few
 * of sprig's, then the rest of Go's and sprig's ({@link GoTemplateFunctions}, {@link SprigCollections}).
 */
final class TemplateBuiltins {
    static final Map<String, Func> FUNCTIONS = functions();

    private TemplateBuiltins() {
    }

    private static Map<String, Func> functions() {
        Map<String, Func> f = new java.util.HashMap<>();
        // Promtail's extra functions (template.go).
        put(f, "ToLower", 1, 1, a -> str(a, 0, "ToLower").toLowerCase(java.util.Locale.ROOT));
        put(f, "ToUpper", 1, 1, a -> str(a, 0, "ToUpper").toUpperCase(java.util.Locale.ROOT));
        put(f, "Replace", 4, 4, a -> replace(str(a, 0, "Replace"), str(a, 1, "Replace"), str(a, 2, "Replace"),
                integer(a, 3, "Replace")));
        put(f, "Trim", 2, 2, a -> trim(str(a, 0, "Trim"), str(a, 1, "Trim"), true, true));
        put(f, "TrimLeft", 2, 2, a -> trim(str(a, 0, "TrimLeft"), str(a, 1, "TrimLeft"), true, false));
        put(f, "TrimRight", 2, 2, a -> trim(str(a, 0, "TrimRight"), str(a, 1, "TrimRight"), false, true));
        put(f, "TrimPrefix", 2, 2, a -> {
            String s = str(a, 0, "TrimPrefix");
            String p = str(a, 1, "TrimPrefix");
            return s.startsWith(p) ? s.substring(p.length()) : s;
        });
        put(f, "TrimSuffix", 2, 2, a -> {
            String s = str(a, 0, "TrimSuffix");
            String p = str(a, 1, "TrimSuffix");
            return s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
        });
        put(f, "TrimSpace", 1, 1, a -> trimSpace(str(a, 0, "TrimSpace")));
        put(f, "Hash", 2, 2, a -> hash("SHA3-256", str(a, 0, "Hash") + str(a, 1, "Hash")));
        put(f, "Sha2Hash", 2, 2, a -> hash("SHA-256", str(a, 0, "Sha2Hash") + str(a, 1, "Sha2Hash")));
        put(f, "regexReplaceAll", 3, 3, a -> regex(str(a, 0, "regexReplaceAll"))
                .replaceAll(str(a, 1, "regexReplaceAll"), str(a, 2, "regexReplaceAll"), false));
        put(f, "regexReplaceAllLiteral", 3, 3, a -> regex(str(a, 0, "regexReplaceAllLiteral"))
                .replaceAll(str(a, 1, "regexReplaceAllLiteral"), str(a, 2, "regexReplaceAllLiteral"), true));
        // Go's builtins.
        put(f, "eq", 2, -1, a -> {
            for (int i = 1; i < a.size(); i++) {
                if (compare(a.get(0), a.get(i), "eq") == 0) {
                    return true;
                }
            }
            return false;
        });
        put(f, "ne", 2, 2, a -> compare(a.get(0), a.get(1), "ne") != 0);
        put(f, "lt", 2, 2, a -> compare(a.get(0), a.get(1), "lt") < 0);
        put(f, "le", 2, 2, a -> compare(a.get(0), a.get(1), "le") <= 0);
        put(f, "gt", 2, 2, a -> compare(a.get(0), a.get(1), "gt") > 0);
        put(f, "ge", 2, 2, a -> compare(a.get(0), a.get(1), "ge") >= 0);
        put(f, "and", 1, -1, a -> {
            for (Object o : a) {
                if (!truthy(o)) {
                    return o;
                }
            }
            return a.get(a.size() - 1);
        });
        put(f, "or", 1, -1, a -> {
            for (Object o : a) {
                if (truthy(o)) {
                    return o;
                }
            }
            return a.get(a.size() - 1);
        });
        put(f, "not", 1, 1, a -> !truthy(a.get(0)));
        put(f, "len", 1, 1, a -> (long) str(a, 0, "len").getBytes(StandardCharsets.UTF_8).length);
        // A few of sprig's (Promtail adds sprig.TxtFuncMap()); note sprig puts the string last.
        put(f, "lower", 1, 1, a -> str(a, 0, "lower").toLowerCase(java.util.Locale.ROOT));
        put(f, "upper", 1, 1, a -> str(a, 0, "upper").toUpperCase(java.util.Locale.ROOT));
        put(f, "trim", 1, 1, a -> trimSpace(str(a, 0, "trim")));
        put(f, "replace", 3, 3, a -> replace(str(a, 2, "replace"), str(a, 0, "replace"), str(a, 1, "replace"), -1));
        put(f, "contains", 2, 2, a -> str(a, 1, "contains").contains(str(a, 0, "contains")));
        put(f, "hasPrefix", 2, 2, a -> str(a, 1, "hasPrefix").startsWith(str(a, 0, "hasPrefix")));
        put(f, "hasSuffix", 2, 2, a -> str(a, 1, "hasSuffix").endsWith(str(a, 0, "hasSuffix")));
        put(f, "default", 2, 2, a -> truthy(a.get(1)) ? a.get(1) : a.get(0));
        put(f, "substr", 3, 3, a -> substr(integer(a, 0, "substr"), integer(a, 1, "substr"), str(a, 2, "substr")));
        put(f, "add", 1, -1, a -> {
            long sum = 0;
            for (Object o : a) {
                sum += toInt64(o);
            }
            return sum;
        });
        GoTemplateFunctions.register(f);
        SprigCollections.register(f);
        return Map.copyOf(f);
    }

    static void put(Map<String, Func> f, String name, int min, int max, Impl impl) {
        f.put(name, new Func(name, min, max, impl));
    }

    /** Go's {@code strings.Replace}. */
    static String replace(String s, String old, String replacement, long n) {
        if (n == 0 || old.equals(replacement)) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int count = 0;
        if (old.isEmpty()) {
            // Matches at the start and after each code point.
            int i = 0;
            while (true) {
                if (n >= 0 && count >= n) {
                    out.append(s, i, s.length());
                    return out.toString();
                }
                out.append(replacement);
                count++;
                if (i >= s.length()) {
                    return out.toString();
                }
                int next = s.offsetByCodePoints(i, 1);
                out.append(s, i, next);
                i = next;
            }
        }
        int from = 0;
        int at;
        while ((n < 0 || count < n) && (at = s.indexOf(old, from)) >= 0) {
            out.append(s, from, at).append(replacement);
            from = at + old.length();
            count++;
        }
        return out.append(s, from, s.length()).toString();
    }

    /** Go's {@code strings.Trim/TrimLeft/TrimRight}: removes code points contained in {@code cutset}. */
    static String trim(String s, String cutset, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        if (left) {
            while (start < end) {
                int cp = s.codePointAt(start);
                if (cutset.indexOf(cp) < 0) {
                    break;
                }
                start += Character.charCount(cp);
            }
        }
        if (right) {
            while (end > start) {
                int cp = s.codePointBefore(end);
                if (cutset.indexOf(cp) < 0) {
                    break;
                }
                end -= Character.charCount(cp);
            }
        }
        return s.substring(start, end);
    }

    /** Go's {@code strings.TrimSpace}: Unicode white space ({@code unicode.IsSpace}). */
    static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isGoSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isGoSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isGoSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == '\u0085' || c == '\u00A0'
                || (c > 0xFF && Character.isSpaceChar(c));
    }

    private static String hash(String algorithm, String input) throws ExecutionException {
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new ExecutionException(algorithm + " is not available in this JVM");
        }
    }

    /** A regex given at run time (not a literal): compiled per call; literals are bound at parse time instead. */
    private static GoRegex regex(String expression) throws ExecutionException {
        try {
            return GoRegex.compile(expression);
        } catch (IllegalArgumentException e) {
            throw new ExecutionException("error calling regex function: " + e.getMessage());
        }
    }

    /** sprig's {@code substr}: byte offsets; start < 0 means 0, end < 0 or past the end means the end. */
    private static String substr(long start, long end, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        long from = Math.max(0, start);
        long to = end < 0 || end > bytes.length ? bytes.length : end;
        if (from > to) {
            return "";
        }
        return new String(bytes, (int) from, (int) (to - from), StandardCharsets.UTF_8);
    }

    /** sprig's {@code toInt64} via cast: integers as they are, numeric strings parsed, anything else 0. */
    private static long toInt64(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (o instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
