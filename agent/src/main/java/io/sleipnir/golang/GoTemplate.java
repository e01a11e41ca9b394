package io.sleipnir.golang;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The subset of Go's {@code text/template} that Promtail's {@code template} and {@code replace} stages use, parsed
 * once at config time into a tree. Data is a map of strings (Promtail converts every extracted value to a string
 * before executing); a missing key prints {@code <no value>} as Go does.
 *
 * <p>Supported: text, actions {@code {{ ... }}} with {@code {{-} / {@code -}}} trimming, comments
 * {@code {{/* ... *}{@literal /}}}, fields {@code .name} and {@code .} (for {@code index . "key-with-dash"}), string
 * literals ({@code "..."} with Go escapes and {@code `raw`}), integers and floats, {@code true}/{@code false},
 * parentheses, pipelines {@code x | f a}, and {@code if / else if / else / end}. Functions: Promtail's
 * {@code ToLower ToUpper Replace Trim TrimLeft TrimRight TrimPrefix TrimSuffix TrimSpace Hash Sha2Hash
 * regexReplaceAll regexReplaceAllLiteral}; Go's built-ins but {@code call}; and most of sprig's
 * ({@link GoTemplateFunctions}). The sprig functions still missing fail at parse time saying "not supported yet";
 * {@code range}, {@code with} and variables fail naming themselves.
 */
public final class GoTemplate {
    private static final String NO_VALUE = "<no value>";

    private final String source;
    private final List<Node> root;

    private GoTemplate(String source, List<Node> root) {
        this.source = source;
        this.root = root;
    }

    /** Parses a template; the exception's message says what is wrong and where (byte offset in the text). */
    public static GoTemplate parse(String text) {
        return new GoTemplate(text, new Parser(text).parseAll());
    }

    public String source() {
        return source;
    }

    /** Executes with {@code data} (null for a missing key). */
    public String execute(Function<String, String> data) throws ExecutionException {
        StringBuilder out = new StringBuilder();
        run(root, data, out);
        return out.toString();
    }

    public String execute(Map<String, String> data) throws ExecutionException {
        return execute(data::get);
    }

    /** A failure while executing (a wrong argument type, a missing value passed to a function). */
    public static final class ExecutionException extends Exception {
        private static final long serialVersionUID = 1L;

        ExecutionException(String message) {
            super(message);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoTemplate other && source.equals(other.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }

    // ---- tree ----

    private sealed interface Node permits Text, Action, If {
    }

    private record Text(String text) implements Node {
    }

    private record Action(List<Command> pipeline) implements Node {
    }

    private record If(List<Command> condition, List<Node> then, List<Node> otherwise) implements Node {
    }

    /** One command of a pipeline: a function with its arguments, or a single operand. */
    private record Command(Func function, List<Operand> args) {
    }

    private sealed interface Operand permits Field, Literal, Sub {
    }

    private record Field(String name) implements Operand {
    }

    private record Literal(Object value) implements Operand {
    }

    private record Sub(List<Command> pipeline) implements Operand {
    }

    // ---- execution ----

    private static void run(List<Node> nodes, Function<String, String> data, StringBuilder out)
            throws ExecutionException {
        for (Node node : nodes) {
            if (node instanceof Text t) {
                out.append(t.text());
            } else if (node instanceof Action a) {
                Object value = eval(a.pipeline(), data);
                out.append(value == null ? NO_VALUE : print(value));
            } else if (node instanceof If i) {
                run(truthy(eval(i.condition(), data)) ? i.then() : i.otherwise(), data, out);
            }
        }
    }

    private static Object eval(List<Command> pipeline, Function<String, String> data) throws ExecutionException {
        Object previous = null;
        boolean first = true;
        for (Command command : pipeline) {
            List<Object> args = new ArrayList<>(command.args().size() + 1);
            for (Operand operand : command.args()) {
                args.add(operand(operand, data));
            }
            if (command.function() == null) {
                previous = args.get(0);
            } else {
                if (!first) {
                    args.add(previous);
                }
                previous = command.function().call(args);
            }
            first = false;
        }
        return previous;
    }

    private static Object operand(Operand operand, Function<String, String> data) throws ExecutionException {
        if (operand instanceof Field f) {
            return f.name().isEmpty() ? new Data(data) : data.apply(f.name());
        }
        if (operand instanceof Literal l) {
            return l.value();
        }
        return eval(((Sub) operand).pipeline(), data);
    }

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
        return true;
    }

    /** fmt.Sprint of one value, as an action prints it. */
    static String print(Object value) {
        if (value == null) {
            return NO_VALUE;
        }
        if (value instanceof Double d) {
            return io.sleipnir.golang.GoFloat.formatG(d);
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    b.append(' ');
                }
                b.append(list.get(i) == null ? "<nil>" : print(list.get(i)));
            }
            return b.append(']').toString();
        }
        if (value instanceof Data) {
            return "map[...]";
        }
        return value.toString();
    }

    // ---- functions ----

    @FunctionalInterface
    interface Impl {
        Object call(List<Object> args) throws ExecutionException;
    }

    /** A function with its arity: {@code min..max} arguments ({@code max < 0}: variadic). */
    record Func(String name, int min, int max, Impl impl) {
        Object call(List<Object> args) throws ExecutionException {
            if (args.size() < min || (max >= 0 && args.size() > max)) {
                throw new ExecutionException("wrong number of args for " + name + ": want " + arity() + " got "
                        + args.size());
            }
            return impl.call(args);
        }

        String arity() {
            return max == min ? String.valueOf(min) : max < 0 ? "at least " + min : min + " to " + max;
        }
    }

    private static final Map<String, Func> FUNCTIONS = functions();

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
        return Map.copyOf(f);
    }

    static void put(Map<String, Func> f, String name, int min, int max, Impl impl) {
        f.put(name, new Func(name, min, max, impl));
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

    static String typeName(Object o) {
        return o instanceof Long ? "int" : o instanceof Boolean ? "bool" : o instanceof Double ? "float64"
                : o instanceof List ? "[]interface {}" : o instanceof Data ? "map[string]interface {}" : "string";
    }

    /** {@code .}: the data map itself, for {@code index . "key-with-dash"}. */
    record Data(Function<String, String> lookup) {
    }

    private static int compare(Object a, Object b, String fn) throws ExecutionException {
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y) < 0 ? -1 : x.equals(y) ? 0 : 1;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y && (fn.equals("eq") || fn.equals("ne"))) {
            return x.equals(y) ? 0 : 1;
        }
        if (a == null || b == null) {
            throw new ExecutionException("error calling " + fn + ": invalid type for comparison");
        }
        throw new ExecutionException("error calling " + fn + ": incompatible types for comparison");
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

    // ---- parsing ----

    private static final class Parser {
        private final String text;
        private int pos;
        /** Tokens of the current action. */
        private List<String> tokens;
        private int next;
        private int actionStart;
        /** The last action ended with {@code -}}}: strip the white space that starts the next text. */
        private boolean trimNextText;

        Parser(String text) {
            this.text = text;
        }

        List<Node> parseAll() {
            List<Node> nodes = new ArrayList<>();
            String end = parseList(nodes);
            if (end != null) {
                throw error("unexpected {{" + end + "}}");
            }
            return List.copyOf(nodes);
        }

        /**
         * Parses nodes until {@code else}, {@code end} or the end of the text; returns the keyword that stopped
         * it ({@code "else"}, {@code "else if"}, {@code "end"}) or null at the end of the text.
         */
        private String parseList(List<Node> nodes) {
            while (pos <= text.length()) {
                int open = text.indexOf("{{", pos);
                String literal = open < 0 ? text.substring(pos) : text.substring(pos, open);
                if (trimNextText) {
                    literal = stripLeading(literal);
                    trimNextText = false;
                }
                boolean trimBefore = open >= 0 && text.startsWith("{{- ", open) || open >= 0
                        && text.startsWith("{{-\t", open) || open >= 0 && text.startsWith("{{-\n", open);
                if (trimBefore) {
                    literal = stripTrailing(literal);
                }
                if (!literal.isEmpty()) {
                    nodes.add(new Text(literal));
                }
                if (open < 0) {
                    pos = text.length() + 1;
                    return null;
                }
                actionStart = open;
                int bodyStart = open + (trimBefore ? 3 : 2);
                int close = findClose(bodyStart);
                String body = text.substring(bodyStart, close);
                boolean trimAfter = body.endsWith(" -") || body.endsWith("\t-") || body.endsWith("\n-");
                if (trimAfter) {
                    body = body.substring(0, body.length() - 1);
                }
                pos = close + 2;
                trimNextText = trimAfter;
                String trimmed = body.trim();
                if (trimmed.startsWith("/*")) {
                    if (!trimmed.endsWith("*/")) {
                        throw error("unclosed comment");
                    }
                    continue;
                }
                tokens = tokenize(body);
                next = 0;
                if (tokens.isEmpty()) {
                    throw error("missing value for command");
                }
                String first = tokens.get(0);
                switch (first) {
                    case "if" -> {
                        next = 1;
                        nodes.add(parseIf());
                    }
                    case "else" -> {
                        if (tokens.size() > 1 && tokens.get(1).equals("if")) {
                            next = 2;
                            return "else if";
                        }
                        next = 1;
                        expectEndOfAction();
                        return "else";
                    }
                    case "end" -> {
                        next = 1;
                        expectEndOfAction();
                        return "end";
                    }
                    case "range", "with", "define", "template", "block", "break", "continue" ->
                            throw error("\"" + first + "\" is not supported (supported: if, else, end)");
                    default -> {
                        List<Command> pipeline = parsePipeline();
                        expectEndOfAction();
                        nodes.add(new Action(pipeline));
                    }
                }
            }
            return null;
        }

        private If parseIf() {
            List<Command> condition = parsePipeline();
            expectEndOfAction();
            List<Node> then = new ArrayList<>();
            String stop = parseList(then);
            List<Node> otherwise = new ArrayList<>();
            if ("else if".equals(stop)) {
                otherwise.add(parseIf());
                return new If(condition, List.copyOf(then), List.copyOf(otherwise));
            }
            if ("else".equals(stop)) {
                stop = parseList(otherwise);
            }
            if (!"end".equals(stop)) {
                throw error(stop == null ? "unexpected EOF: missing {{end}}" : "unexpected {{" + stop + "}}");
            }
            return new If(condition, List.copyOf(then), List.copyOf(otherwise));
        }

        private List<Command> parsePipeline() {
            List<Command> commands = new ArrayList<>();
            while (true) {
                commands.add(parseCommand(!commands.isEmpty()));
                if (next < tokens.size() && tokens.get(next).equals("|")) {
                    next++;
                    continue;
                }
                break;
            }
            return List.copyOf(commands);
        }

        private Command parseCommand(boolean piped) {
            List<Operand> operands = new ArrayList<>();
            Func function = null;
            if (next >= tokens.size() || tokens.get(next).equals("|") || tokens.get(next).equals(")")) {
                throw error("missing value for command");
            }
            String head = tokens.get(next);
            if (isIdentifier(head) && !head.equals("true") && !head.equals("false") && !head.equals("nil")) {
                function = FUNCTIONS.get(head);
                if (function == null) {
                    if (GoTemplateFunctions.NOT_YET.contains(head)) {
                        throw error("function \"" + head + "\" of Promtail's template stage is not supported yet"
                                + " (supported: " + supportedFunctions() + ")");
                    }
                    throw error("function \"" + head + "\" not defined (supported: " + supportedFunctions() + ")");
                }
                next++;
            }
            while (next < tokens.size() && !tokens.get(next).equals("|") && !tokens.get(next).equals(")")) {
                operands.add(parseOperand());
            }
            if (function == null) {
                if (piped) {
                    throw error("non executable command in pipeline stage " + (operands.isEmpty() ? "" : "2"));
                }
                if (operands.size() != 1) {
                    throw error("can't give argument to non-function " + tokens.get(0));
                }
            } else {
                int count = operands.size() + (piped ? 1 : 0);
                if (count < function.min() || (function.max() >= 0 && count > function.max())) {
                    throw error("wrong number of args for " + function.name() + ": want " + function.arity()
                            + " got " + count);
                }
                if (function.name().startsWith("regexReplaceAll") && !operands.isEmpty()
                        && operands.get(0) instanceof Literal l && l.value() instanceof String re) {
                    // A literal regex (the usual case) is compiled once here, at config time, and bound.
                    GoRegex compiled;
                    try {
                        compiled = GoRegex.compile(re);
                    } catch (IllegalArgumentException e) {
                        throw error("invalid regular expression \"" + re + "\": " + e.getMessage());
                    }
                    boolean literal = function.name().equals("regexReplaceAllLiteral");
                    String name = function.name();
                    function = new Func(name, function.min(), function.max(),
                            a -> compiled.replaceAll(str(a, 1, name), str(a, 2, name), literal));
                }
            }
            return new Command(function, List.copyOf(operands));
        }

        private Operand parseOperand() {
            String t = tokens.get(next++);
            if (t.equals("(")) {
                List<Command> inner = parsePipeline();
                if (next >= tokens.size() || !tokens.get(next).equals(")")) {
                    throw error("unclosed left paren");
                }
                next++;
                return new Sub(inner);
            }
            if (t.startsWith(".")) {
                String name = t.substring(1);
                if (name.contains(".")) {
                    throw error("nested field " + t + " is not supported: extracted values are strings");
                }
                return new Field(name);
            }
            if (t.startsWith("\"")) {
                return new Literal(unquote(t));
            }
            if (t.startsWith("`")) {
                return new Literal(t.substring(1, t.length() - 1));
            }
            if (t.equals("true") || t.equals("false")) {
                return new Literal(Boolean.parseBoolean(t));
            }
            if (t.startsWith("$")) {
                throw error("variables (" + t + ") are not supported");
            }
            if (t.equals(":=") || t.equals("=")) {
                throw error("variable declarations are not supported");
            }
            if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || ((t.charAt(0) == '-' || t.charAt(0) == '+')
                    && t.length() > 1))) {
                try {
                    return new Literal(Long.decode(t));
                } catch (NumberFormatException e) {
                    try {
                        return new Literal(Double.parseDouble(t));
                    } catch (NumberFormatException notFloat) {
                        throw error("bad number syntax: " + t);
                    }
                }
            }
            if (isIdentifier(t)) {
                throw error("function \"" + t + "\" can only come first in a command; use parentheses");
            }
            throw error("unexpected \"" + t + "\" in command");
        }

        private void expectEndOfAction() {
            if (next < tokens.size()) {
                throw error("unexpected \"" + tokens.get(next) + "\" in action");
            }
        }

        private int findClose(int from) {
            int i = from;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"') {
                    i++;
                    while (i < text.length() && text.charAt(i) != '"') {
                        i += text.charAt(i) == '\\' ? 2 : 1;
                    }
                    i++;
                } else if (c == '`') {
                    int end = text.indexOf('`', i + 1);
                    i = end < 0 ? text.length() : end + 1;
                } else if (text.startsWith("}}", i)) {
                    return i;
                } else {
                    i++;
                }
            }
            throw error("unclosed action");
        }

        private List<String> tokenize(String body) {
            List<String> out = new ArrayList<>();
            int i = 0;
            int n = body.length();
            while (i < n) {
                char c = body.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '(' || c == ')' || c == '|') {
                    out.add(String.valueOf(c));
                    i++;
                } else if (c == '"') {
                    int j = i + 1;
                    while (j < n && body.charAt(j) != '"') {
                        j += body.charAt(j) == '\\' ? 2 : 1;
                    }
                    if (j >= n) {
                        throw error("unterminated quoted string");
                    }
                    out.add(body.substring(i, j + 1));
                    i = j + 1;
                } else if (c == '`') {
                    int j = body.indexOf('`', i + 1);
                    if (j < 0) {
                        throw error("unterminated raw quoted string");
                    }
                    out.add(body.substring(i, j + 1));
                    i = j + 1;
                } else if (c == '\'') {
                    throw error("character constants are not supported");
                } else if (c == ':' && i + 1 < n && body.charAt(i + 1) == '=') {
                    out.add(":=");
                    i += 2;
                } else {
                    int j = i;
                    while (j < n && !Character.isWhitespace(body.charAt(j)) && "()|\"`".indexOf(body.charAt(j)) < 0) {
                        j++;
                    }
                    out.add(body.substring(i, j));
                    i = j;
                }
            }
            return out;
        }

        private static boolean isIdentifier(String t) {
            if (t.isEmpty() || !(Character.isLetter(t.charAt(0)) || t.charAt(0) == '_')) {
                return false;
            }
            for (int i = 1; i < t.length(); i++) {
                if (!Character.isLetterOrDigit(t.charAt(i)) && t.charAt(i) != '_') {
                    return false;
                }
            }
            return true;
        }

        private String unquote(String quoted) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < quoted.length() - 1; i++) {
                char c = quoted.charAt(i);
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = quoted.charAt(++i);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'a' -> out.append('\u0007');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'v' -> out.append('\u000B');
                    case '\\', '"' -> out.append(e);
                    case 'x' -> {
                        out.append((char) Integer.parseInt(quoted.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    case 'u' -> {
                        out.append((char) Integer.parseInt(quoted.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    case 'U' -> {
                        out.appendCodePoint(Integer.parseInt(quoted.substring(i + 1, i + 9), 16));
                        i += 8;
                    }
                    default -> throw error("invalid escape \\" + e + " in string " + quoted);
                }
            }
            return out.toString();
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException(problem + " (at offset " + actionStart + ")");
        }

        private static String stripLeading(String s) {
            int i = 0;
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return s.substring(i);
        }

        private static String stripTrailing(String s) {
            int i = s.length();
            while (i > 0 && Character.isWhitespace(s.charAt(i - 1))) {
                i--;
            }
            return s.substring(0, i);
        }

        private static String supportedFunctions() {
            return String.join(", ", new java.util.TreeSet<>(FUNCTIONS.keySet()));
        }
    }
}
