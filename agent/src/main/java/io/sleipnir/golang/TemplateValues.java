package io.sleipnir.golang;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The values a template works with, as Go's text/template sees them: strings, int ({@code Long}), float64
 * ({@code Double}), bool, lists ({@code []interface{}}), dicts ({@code map[string]interface{}}, from sprig's
 * {@code dict}), the extracted data ({@link Data}) and nil ({@code null}: a missing key). Truth, printing, type
 * names and field access follow text/template's exec.go and fmt.
 */
final class TemplateValues {
    static final String NO_VALUE = "<no value>";

    private TemplateValues() {
    }

    /** {@code .}: the extracted data itself, for {@code index . "key-with-dash"} and {@code .name}. */
    record Data(Function<String, String> lookup) {
    }

    /** text/template's truth: the zero value of its type is false. */
    static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof Long l) {
            return l != 0;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Double d) {
            return d != 0;
        }
        if (value instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** fmt.Sprint of one value, as an action prints it (maps with their keys sorted, as fmt does). */
    static String print(Object value) {
        if (value == null) {
            return NO_VALUE;
        }
        if (value instanceof Double d) {
            return GoFloat.formatG(d);
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                b.append(i > 0 ? " " : "").append(list.get(i) == null ? "<nil>" : print(list.get(i)));
            }
            return b.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
                b.append(first ? "" : " ").append(e.getKey()).append(':')
                        .append(e.getValue() == null ? "<nil>" : print(e.getValue()));
                first = false;
            }
            return b.append(']').toString();
        }
        if (value instanceof Data) {
            return "map[...]";
        }
        if (value instanceof GoTime t) {
            return t.toString();
        }
        return value.toString();
    }

    static String typeName(Object o) {
        return o instanceof Long ? "int" : o instanceof Boolean ? "bool" : o instanceof Double ? "float64"
                : o instanceof GoTime ? "time.Time" : o instanceof GoSemver ? "*semver.Version"
                : o instanceof List ? "[]interface {}" : o instanceof Map || o instanceof Data
                ? "map[string]interface {}" : "string";
    }

    static String str(List<Object> args, int i, String fn) throws ExecutionException {
        Object o = args.get(i);
        if (o instanceof String s) {
            return s;
        }
        throw new ExecutionException("error calling " + fn + ": argument " + (i + 1) + " is "
                + (o == null ? "missing (<no value>)" : typeName(o)) + ", want string");
    }

    static long integer(List<Object> args, int i, String fn) throws ExecutionException {
        Object o = args.get(i);
        if (o instanceof Long l) {
            return l;
        }
        throw new ExecutionException("error calling " + fn + ": argument " + (i + 1) + " is "
                + (o == null ? "missing (<no value>)" : typeName(o)) + ", want int");
    }

    /** {@code receiver.name}: a key of the data or of a dict; Go's errors for anything else. */
    static Object field(Object receiver, String name) throws ExecutionException {
        if (receiver instanceof Data data) {
            return data.lookup().apply(name);
        }
        if (receiver instanceof Map<?, ?> map) {
            return map.get(name);
        }
        if (receiver instanceof GoSemver v) {
            return semverMethod(v, name);
        }
        if (receiver == null) {
            throw new ExecutionException("nil pointer evaluating interface {}." + name);
        }
        throw new ExecutionException("can't evaluate field " + name + " in type " + typeName(receiver));
    }

    /** The methods without arguments of semver's *Version, which a field chain calls as Go's does. */
    private static Object semverMethod(GoSemver v, String name) throws ExecutionException {
        return switch (name) {
            case "Major" -> v.major();
            case "Minor" -> v.minor();
            case "Patch" -> v.patch();
            case "Prerelease" -> v.prerelease();
            case "Metadata" -> v.metadata();
            case "Original" -> v.original();
            case "String" -> v.toString();
            default -> throw new ExecutionException("can't evaluate field " + name + " in type *semver.Version");
        };
    }

    /** Go's eq/lt/... on basic kinds: -1, 0 or 1. */
    static int compare(Object a, Object b, String fn) throws ExecutionException {
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y && (fn.equals("eq") || fn.equals("ne"))) {
            return x.equals(y) ? 0 : 1;
        }
        if (a == null || b == null) {
            throw new ExecutionException("error calling " + fn + ": invalid type for comparison");
        }
        throw new ExecutionException("error calling " + fn + ": incompatible types for comparison");
    }
}
