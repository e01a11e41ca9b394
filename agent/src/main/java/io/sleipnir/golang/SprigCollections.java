package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateBuiltins.put;
import static io.sleipnir.golang.TemplateValues.integer;
import static io.sleipnir.golang.TemplateValues.str;
import static io.sleipnir.golang.TemplateValues.typeName;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.GoTemplate.Func;
import io.sleipnir.golang.TemplateValues.Data;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * sprig's dict, sequence, regex and type functions (sprig v3's functions.go and its docs), on the
 * values {@link TemplateValues} describes. Dicts are mutable as Go maps are ({@code set} and {@code unset} change
 * them in place); where Go's map order is random ({@code keys}, {@code values}) the keys come sorted, one of the
 * orders Go may give. Sequences are capped at {@value #MAX_ITEMS} items so a template cannot exhaust memory.
 */
final class SprigCollections {
    static final int MAX_ITEMS = 100_000;

    private SprigCollections() {
    }

    static void register(Map<String, Func> f) {
        registerDicts(f);
        registerSequences(f);
        registerRegex(f);
        registerTypes(f);
    }

    private static void registerDicts(Map<String, Func> f) {
        put(f, "dict", 0, -1, a -> {
            Map<String, Object> d = new LinkedHashMap<>();
            for (int i = 0; i < a.size(); i += 2) {
                d.put(TemplateHelpers.strval(a.get(i)), i + 1 < a.size() ? a.get(i + 1) : "");
            }
            return d;
        });
        put(f, "get", 2, 2, a -> {
            Map<String, Object> d = dict(a.get(0), "get");
            String key = str(a, 1, "get");
            return d.containsKey(key) ? d.get(key) : "";
        });
        put(f, "set", 3, 3, a -> {
            Map<String, Object> d = dict(a.get(0), "set");
            d.put(str(a, 1, "set"), a.get(2));
            return d;
        });
        put(f, "unset", 2, 2, a -> {
            Map<String, Object> d = dict(a.get(0), "unset");
            d.remove(str(a, 1, "unset"));
            return d;
        });
        put(f, "hasKey", 2, 2, a -> dict(a.get(0), "hasKey").containsKey(str(a, 1, "hasKey")));
        put(f, "keys", 0, -1, a -> {
            List<Object> keys = new ArrayList<>();
            for (Object o : a) {
                keys.addAll(new TreeMap<>(dict(o, "keys")).keySet());
            }
            return Collections.unmodifiableList(keys);
        });
        put(f, "values", 1, 1, a -> Collections.unmodifiableList(
                new ArrayList<>(new TreeMap<>(dict(a.get(0), "values")).values())));
        put(f, "pick", 1, -1, a -> pickOrOmit(a, true));
        put(f, "omit", 1, -1, a -> pickOrOmit(a, false));
        put(f, "pluck", 1, -1, a -> {
            String key = str(a, 0, "pluck");
            List<Object> out = new ArrayList<>();
            for (int i = 1; i < a.size(); i++) {
                Map<String, Object> d = dict(a.get(i), "pluck");
                if (d.containsKey(key)) {
                    out.add(d.get(key));
                }
            }
            return Collections.unmodifiableList(out);
        });
        for (String name : List.of("merge", "mustMerge", "mergeOverwrite", "mustMergeOverwrite")) {
            boolean overwrite = name.endsWith("Overwrite");
            put(f, name, 1, -1, a -> merge(a, overwrite, name));
        }
        put(f, "dig", 3, -1, a -> {
            Object value = dict(a.get(a.size() - 1), "dig");
            for (int i = 0; i < a.size() - 2; i++) {
                Map<String, Object> d = dict(value, "dig");
                String key = str(a, i, "dig");
                if (!d.containsKey(key)) {
                    return a.get(a.size() - 2);
                }
                value = d.get(key);
            }
            return value;
        });
    }

    private static Map<String, Object> pickOrOmit(List<Object> a, boolean pick) throws ExecutionException {
        String fn = pick ? "pick" : "omit";
        Map<String, Object> d = dict(a.get(0), fn);
        List<String> keys = new ArrayList<>();
        for (int i = 1; i < a.size(); i++) {
            keys.add(str(a, i, fn));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        d.forEach((k, v) -> {
            if (keys.contains(k) == pick) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** mergo.Merge into the first dict: keys it lacks (or, with overwrite, every key) come from the others. */
    private static Map<String, Object> merge(List<Object> a, boolean overwrite, String fn) throws ExecutionException {
        Map<String, Object> dst = dict(a.get(0), fn);
        for (int i = 1; i < a.size(); i++) {
            for (Map.Entry<String, Object> e : dict(a.get(i), fn).entrySet()) {
                if (overwrite || !dst.containsKey(e.getKey()) || dst.get(e.getKey()) == null) {
                    dst.put(e.getKey(), e.getValue());
                }
            }
        }
        return dst;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> dict(Object o, String fn) throws ExecutionException {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new ExecutionException("error calling " + fn + ": wrong type for value; expected"
                + " map[string]interface {}; got " + (o == null ? "<nil>" : o instanceof Data ? "the extracted data"
                : typeName(o)));
    }

    private static void registerSequences(Map<String, Func> f) {
        put(f, "until", 1, 1, a -> {
            long count = integer(a, 0, "until");
            return untilStep(0, count, count < 0 ? -1 : 1);
        });
        put(f, "untilStep", 3, 3, a -> untilStep(integer(a, 0, "untilStep"), integer(a, 1, "untilStep"),
                integer(a, 2, "untilStep")));
        put(f, "seq", 0, -1, a -> seq(a));
        put(f, "split", 2, 2, a -> indexed(GoStrings.splitN(str(a, 1, "split"), str(a, 0, "split"), -1)));
        put(f, "splitn", 3, 3, a -> indexed(GoStrings.splitN(str(a, 2, "splitn"), str(a, 0, "splitn"),
                integer(a, 1, "splitn"))));
    }

    /** sprig's untilStep. */
    static List<Object> untilStep(long start, long stop, long step) throws ExecutionException {
        List<Object> out = new ArrayList<>();
        if (stop < start ? step >= 0 : step <= 0) {
            return List.of();
        }
        for (long i = start; stop < start ? i > stop : i < stop; i += step) {
            if (out.size() >= MAX_ITEMS) {
                throw new ExecutionException("sequence longer than " + MAX_ITEMS + " items");
            }
            out.add(i);
        }
        return Collections.unmodifiableList(out);
    }

    /** sprig's seq: like the shell's, the numbers joined by spaces. */
    private static String seq(List<Object> a) throws ExecutionException {
        long[] p = new long[a.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = integer(a, i, "seq");
        }
        List<Object> numbers = switch (p.length) {
            case 1 -> untilStep(1, p[0] + (p[0] < 1 ? -1 : 1), p[0] < 1 ? -1 : 1);
            case 2 -> untilStep(p[0], p[1] + (p[1] < p[0] ? -1 : 1), p[1] < p[0] ? -1 : 1);
            case 3 -> p[2] < p[0] && p[1] > 0 ? List.of() : untilStep(p[0], p[2] + (p[2] < p[0] ? -1 : 1), p[1]);
            default -> List.of();
        };
        StringBuilder b = new StringBuilder();
        for (Object n : numbers) {
            b.append(b.length() > 0 ? " " : "").append(n);
        }
        return b.toString();
    }

    /** sprig's split result: a dict with keys _0, _1, ... */
    private static Map<String, Object> indexed(List<String> parts) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            d.put("_" + i, parts.get(i));
        }
        return d;
    }

    private static void registerRegex(Map<String, Func> f) {
        for (boolean must : new boolean[] {false, true}) {
            String p = must ? "mustRegex" : "regex";
            String match = p + "Match";
            put(f, match, 2, 2, a -> {
                GoRegex re = regex(str(a, 0, match), match, must);
                return re != null && re.find(str(a, 1, match));
            });
            String find = p + "Find";
            put(f, find, 2, 2, a -> {
                List<String> found = regex(str(a, 0, find), find, true).findAll(str(a, 1, find), 1);
                return found.isEmpty() ? "" : found.get(0);
            });
            String findAll = p + "FindAll";
            put(f, findAll, 3, 3, a -> Collections.unmodifiableList(new ArrayList<Object>(
                    regex(str(a, 0, findAll), findAll, true).findAll(str(a, 1, findAll), integer(a, 2, findAll)))));
            String split = p + "Split";
            put(f, split, 3, 3, a -> Collections.unmodifiableList(new ArrayList<Object>(
                    regex(str(a, 0, split), split, true).split(str(a, 1, split), integer(a, 2, split)))));
        }
        for (String name : List.of("mustRegexReplaceAll", "mustRegexReplaceAllLiteral")) {
            boolean literal = name.endsWith("Literal");
            put(f, name, 3, 3, a -> regex(str(a, 0, name), name, true).replaceAll(str(a, 1, name), str(a, 2, name),
                    literal));
        }
        put(f, "regexQuoteMeta", 1, 1, a -> GoRegex.quoteMeta(str(a, 0, "regexQuoteMeta")));
    }

    /**
     * A regex given to a function: sprig's regexMatch ignores a bad one (false), the others MustCompile it, which
     * panics in Go and fails the template's execution; the must* forms return the error, which fails it too.
     */
    private static GoRegex regex(String expression, String fn, boolean failOnError) throws ExecutionException {
        try {
            return GoRegex.compile(expression);
        } catch (IllegalArgumentException e) {
            if (!failOnError) {
                return null;
            }
            throw new ExecutionException("error calling " + fn + ": " + e.getMessage());
        }
    }

    private static void registerTypes(Map<String, Func> f) {
        put(f, "typeOf", 1, 1, a -> a.get(0) == null ? "<nil>" : typeName(a.get(0)));
        put(f, "kindOf", 1, 1, a -> TemplateHelpers.kind(a.get(0)));
        put(f, "typeIs", 2, 2, a -> str(a, 0, "typeIs").equals(a.get(1) == null ? "<nil>" : typeName(a.get(1))));
        put(f, "typeIsLike", 2, 2, a -> {
            String t = str(a, 0, "typeIsLike");
            String actual = a.get(1) == null ? "<nil>" : typeName(a.get(1));
            return t.equals(actual) || t.equals("*" + actual);
        });
        put(f, "kindIs", 2, 2, a -> str(a, 0, "kindIs").equals(TemplateHelpers.kind(a.get(1))));
        put(f, "deepEqual", 2, 2, a -> java.util.Objects.equals(a.get(0), a.get(1)));
    }
}
