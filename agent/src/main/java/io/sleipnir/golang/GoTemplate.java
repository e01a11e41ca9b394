package io.sleipnir.golang;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The subset of Go's {@code text/template} that Promtail's {@code template} and {@code replace} stages use, parsed
 * once at config time into a tree ({@link TemplateParser}) and executed per entry ({@link TemplateExecutor}).
 * Data is a map of strings (Promtail converts every extracted value to a string before executing); a missing key
 * prints {@code <no value>} as Go does.
 *
 * <p>Supported: text, actions {@code {{ ... }}} with {@code {{-} / {@code -}}} trimming, comments
 * {@code {{/* ... *}{@literal /}}}, fields {@code .name}, {@code .a.b} on dicts and {@code .}, variables
 * ({@code $}, {@code $x := ...}, {@code $x = ...}), string literals ({@code "..."} with Go escapes and
 * {@code `raw`}), integers and floats, {@code true}/{@code false}, parentheses, pipelines {@code x | f a},
 * {@code if / else if / else}, {@code with / else} and {@code range / else} (over lists and dicts, with
 * {@code $i, $e :=}). Functions: Promtail's, Go's built-ins, and sprig's
 * ({@link TemplateBuiltins}); {@code define}, {@code template}, {@code block}, {@code break} and
 * {@code continue}. The few sprig functions Sleipnir refuses fail at parse time naming themselves and the reason.
 */
public final class GoTemplate {
    private final String source;
    private final List<TemplateTree.Node> root;
    /** The templates {@code define} and {@code block} name, for {@code {{template "name"}}}. */
    private final Map<String, List<TemplateTree.Node>> defines;

    private GoTemplate(String source, TemplateParser parser) {
        this.source = source;
        this.root = parser.parseAll();
        this.defines = parser.defines();
    }

    /** Parses a template; the exception's message says what is wrong and where (byte offset in the text). */
    public static GoTemplate parse(String text) {
        return new GoTemplate(text, new TemplateParser(text, TemplateBuiltins.FUNCTIONS));
    }

    /** Parses with sprig's date functions reading {@code clock}, whose zone stands for Go's {@code time.Local}. */
    public static GoTemplate parse(String text, java.time.Clock clock) {
        return new GoTemplate(text, new TemplateParser(text, TemplateBuiltins.functions(clock)));
    }

    public String source() {
        return source;
    }

    /** Executes with {@code data} (null for a missing key). */
    public String execute(Function<String, String> data) throws ExecutionException {
        return new TemplateExecutor(new TemplateValues.Data(data), defines).run(root);
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

    @FunctionalInterface
    interface Impl {
        Object call(List<Object> args) throws ExecutionException;
    }

    /** A function with its arity: {@code min..max} arguments ({@code max < 0}: variadic). */
    record Func(String name, int min, int max, Impl impl) {
        Object call(List<Object> args) throws ExecutionException {
            checkArity(args.size());
            return impl.call(args);
        }

        void checkArity(int count) throws ExecutionException {
            if (count < min || (max >= 0 && count > max)) {
                throw new ExecutionException("wrong number of args for " + name + ": want " + arity() + " got "
                        + count);
            }
        }

        String arity() {
            return max == min ? String.valueOf(min) : max < 0 ? "at least " + min : min + " to " + max;
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
}
