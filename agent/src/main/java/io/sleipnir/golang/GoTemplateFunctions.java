package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateBuiltins.put;
import static io.sleipnir.golang.TemplateHelpers.evalArgs;
import static io.sleipnir.golang.TemplateHelpers.utf8;
import static io.sleipnir.golang.TemplateValues.compare;
import static io.sleipnir.golang.TemplateValues.print;
import static io.sleipnir.golang.TemplateValues.str;
import static io.sleipnir.golang.TemplateValues.truthy;
import static io.sleipnir.golang.TemplateValues.typeName;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.GoTemplate.Func;
import java.util.List;
import java.util.Map;

/**
 * Go's text/template built-ins (text/template/funcs.go): {@code and or not eq ne lt le gt ge print printf println
 * html js urlquery index len call}. {@code slice} is not here: Promtail registers sprig's functions, and a
 * registered function wins over a built-in of the same name (funcs.go findFunction), so {@code slice} is sprig's.
 */
final class GoTemplateFunctions {
    private GoTemplateFunctions() {
    }

    static void register(Map<String, Func> f) {
        registerLogic(f);
        registerPrinting(f);
        put(f, "index", 1, -1, GoTemplateFunctions::index);
        put(f, "len", 1, 1, a -> {
            Object o = a.get(0);
            if (o instanceof String s) {
                return (long) utf8(s).length;
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
        // No template value is a function (Promtail's data are strings), so call always fails as Go's does.
        put(f, "call", 1, -1, a -> {
            throw new ExecutionException("error calling call: non-function of type " + (a.get(0) == null
                    ? "<nil>" : typeName(a.get(0))));
        });
    }

    private static void registerLogic(Map<String, Func> f) {
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
        // The executor evaluates and/or itself, argument by argument (Go's short-circuit); these bodies give
        // the same answer for arguments already evaluated.
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
    }

    private static void registerPrinting(Map<String, Func> f) {
        put(f, "print", 0, -1, TemplateHelpers::sprint);
        put(f, "println", 0, -1, a -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < a.size(); i++) {
                b.append(i > 0 ? " " : "").append(a.get(i) == null ? "<nil>" : print(a.get(i)));
            }
            return b.append('\n').toString();
        });
        put(f, "printf", 1, -1, a -> GoFormat.sprintf(str(a, 0, "printf"), a.subList(1, a.size())));
        put(f, "html", 0, -1, a -> html(evalArgs(a)));
        put(f, "js", 0, -1, a -> js(evalArgs(a)));
        put(f, "urlquery", 0, -1, a -> urlQuery(evalArgs(a)));
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
                    } else if (c >= 0x80 && !GoStrings.isPrint(c)) {
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

    static Object index(List<Object> a) throws ExecutionException {
        Object item = a.get(0);
        for (int i = 1; i < a.size(); i++) {
            Object key = a.get(i);
            if (item instanceof TemplateValues.Data || item instanceof Map<?, ?>) {
                if (!(key instanceof String k)) {
                    throw new ExecutionException("error calling index: value has type " + typeName(key)
                            + "; should be string");
                }
                item = item instanceof Map<?, ?> map ? map.get(k) : ((TemplateValues.Data) item).lookup().apply(k);
            } else if (item instanceof String s) {
                byte[] b = utf8(s);
                item = (long) (b[indexArg(key, b.length)] & 0xFF);
            } else if (item instanceof List<?> l) {
                item = l.get(indexArg(key, l.size()));
            } else {
                throw new ExecutionException("error calling index: can't index item of type "
                        + (item == null ? "nil" : typeName(item)));
            }
        }
        return item;
    }

    private static int indexArg(Object key, int length) throws ExecutionException {
        if (!(key instanceof Long l)) {
            throw new ExecutionException("error calling index: cannot index slice/array with type " + typeName(key));
        }
        if (l < 0 || l >= length) {
            throw new ExecutionException("error calling index: index out of range: " + l);
        }
        return (int) (long) l;
    }
}
