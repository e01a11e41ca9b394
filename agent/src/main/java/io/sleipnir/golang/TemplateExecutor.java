package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateValues.NO_VALUE;
import static io.sleipnir.golang.TemplateValues.field;
import static io.sleipnir.golang.TemplateValues.print;
import static io.sleipnir.golang.TemplateValues.truthy;
import static io.sleipnir.golang.TemplateValues.typeName;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.TemplateTree.Action;
import io.sleipnir.golang.TemplateTree.Branch;
import io.sleipnir.golang.TemplateTree.Command;
import io.sleipnir.golang.TemplateTree.Dot;
import io.sleipnir.golang.TemplateTree.Literal;
import io.sleipnir.golang.TemplateTree.Node;
import io.sleipnir.golang.TemplateTree.Operand;
import io.sleipnir.golang.TemplateTree.Pipeline;
import io.sleipnir.golang.TemplateTree.Sub;
import io.sleipnir.golang.TemplateTree.Text;
import io.sleipnir.golang.TemplateTree.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One execution of a template (text/template's exec.go state): the dot, the variables in scope ({@code $} first)
 * and the output. A {@code range}, {@code with} or {@code if} body's variables go out of scope at its end.
 */
final class TemplateExecutor {
    /** Go's range over a map or list has no limit; this one keeps a template from spinning on a huge sequence. */
    private static final int MAX_RANGE = 100_000;

    /** Nested {@code {{template}}} calls allowed; Go allows 100,000, which a Java stack cannot hold. */
    private static final int MAX_DEPTH = 1_000;

    private final StringBuilder out = new StringBuilder();
    private final Map<String, List<Node>> defines;
    private int depth;
    private final List<String> names = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();
    private Object dot;

    TemplateExecutor(Object root, Map<String, List<Node>> defines) {
        this.defines = defines;
        this.dot = root;
        names.add("$");
        values.add(root);
    }

    String run(List<Node> nodes) throws ExecutionException {
        walk(nodes);
        return out.toString();
    }

    private void walk(List<Node> nodes) throws ExecutionException {
        for (Node node : nodes) {
            if (node instanceof Text t) {
                out.append(t.text());
            } else if (node instanceof Action a) {
                int mark = names.size();
                Object value = pipeline(a.pipeline());
                if (a.pipeline().variables().isEmpty()) {
                    out.append(value == null ? NO_VALUE : print(value));
                } else {
                    mark = names.size(); // a declaration in an action lasts to the end of the enclosing list
                }
                truncate(mark);
            } else if (node instanceof Branch b) {
                branch(b);
            } else if (node instanceof TemplateTree.Call c) {
                call(c);
            } else if (node instanceof TemplateTree.Break) {
                throw RangeControl.BREAK;
            } else if (node instanceof TemplateTree.Continue) {
                throw RangeControl.CONTINUE;
            }
        }
    }

    private void branch(Branch b) throws ExecutionException {
        int mark = names.size();
        try {
            switch (b.control()) {
                case IF -> walk(truthy(pipeline(b.pipeline())) ? b.then() : b.otherwise());
                case WITH -> {
                    Object value = pipeline(b.pipeline());
                    if (truthy(value)) {
                        Object saved = dot;
                        dot = value;
                        walk(b.then());
                        dot = saved;
                    } else {
                        walk(b.otherwise());
                    }
                }
                case RANGE -> range(b);
            }
        } finally {
            truncate(mark);
        }
    }

    private void range(Branch b) throws ExecutionException {
        Pipeline p = b.pipeline();
        Object value = commands(p.commands());
        List<Object[]> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                items.add(new Object[] {(long) i, list.get(i)});
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
                items.add(new Object[] {e.getKey(), e.getValue()});
            }
        } else if (value != null) {
            throw new ExecutionException("range can't iterate over " + print(value) + " (" + typeName(value) + ")");
        }
        if (items.isEmpty()) {
            walk(b.otherwise());
            return;
        }
        if (items.size() > MAX_RANGE) {
            throw new ExecutionException("range over " + items.size() + " items: more than " + MAX_RANGE);
        }
        Object saved = dot;
        int mark = names.size();
        for (Object[] item : items) {
            if (p.variables().size() == 1) {
                declare(p.variables().get(0), item[1]);
            } else if (p.variables().size() == 2) {
                declare(p.variables().get(0), item[0]);
                declare(p.variables().get(1), item[1]);
            }
            dot = item[1];
            try {
                walk(b.then());
            } catch (RangeControl control) {
                if (control == RangeControl.BREAK) {
                    truncate(mark);
                    break;
                }
            }
            truncate(mark);
        }
        dot = saved;
    }

    /** Go's walkTemplate: the named template with the pipeline's value as dot and {@code $}, its own variables. */
    private void call(TemplateTree.Call c) throws ExecutionException {
        List<Node> body = defines.get(c.name());
        if (body == null) {
            throw new ExecutionException("no template \"" + c.name() + "\" associated with template"
                    + " \"pipeline_template\"");
        }
        if (depth >= MAX_DEPTH) {
            throw new ExecutionException("exceeded maximum template depth (" + MAX_DEPTH + ")");
        }
        Object newDot = c.pipeline() == null ? null : pipeline(c.pipeline());
        Object savedDot = dot;
        List<String> savedNames = new ArrayList<>(names);
        List<Object> savedValues = new ArrayList<>(values);
        names.clear();
        values.clear();
        declare("$", newDot);
        dot = newDot;
        depth++;
        try {
            walk(body);
        } finally {
            depth--;
            dot = savedDot;
            names.clear();
            values.clear();
            names.addAll(savedNames);
            values.addAll(savedValues);
        }
    }

    /** {@code {{break}}} and {@code {{continue}}} unwinding to their range, as Go's walk panics with them. */
    private static final class RangeControl extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final RangeControl BREAK = new RangeControl();
        static final RangeControl CONTINUE = new RangeControl();

        private RangeControl() {
            super(null, null, false, false);
        }
    }

    private Object pipeline(Pipeline p) throws ExecutionException {
        Object value = commands(p.commands());
        if (p.assign()) {
            assign(p.variables().get(0), value);
        } else {
            for (String name : p.variables()) {
                declare(name, value);
            }
        }
        return value;
    }

    private Object commands(List<Command> commands) throws ExecutionException {
        Object previous = null;
        boolean first = true;
        for (Command command : commands) {
            if (command.function() != null && isAndOr(command.function())) {
                previous = andOr(command, previous, !first);
                first = false;
                continue;
            }
            List<Object> args = new ArrayList<>(command.args().size() + 1);
            for (Operand operand : command.args()) {
                args.add(operand(operand));
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

    private static boolean isAndOr(GoTemplate.Func f) {
        return f.name().equals("and") || f.name().equals("or");
    }

    /**
     * Go's evalCall special case (Go 1.18+): {@code and} and {@code or} evaluate their arguments one at a time and
     * stop at the first falsy ({@code and}) or truthy ({@code or}) one, returning it; otherwise the piped value if
     * there is one (not tested, as Go does not), else the last argument.
     */
    private Object andOr(Command command, Object piped, boolean hasPiped) throws ExecutionException {
        GoTemplate.Func f = command.function();
        f.checkArity(command.args().size() + (hasPiped ? 1 : 0));
        boolean stopOn = f.name().equals("or");
        Object value = null;
        for (Operand operand : command.args()) {
            value = operand(operand);
            if (truthy(value) == stopOn) {
                return value;
            }
        }
        return hasPiped ? piped : value;
    }

    private Object operand(Operand operand) throws ExecutionException {
        if (operand instanceof Dot d) {
            return fields(dot, d.fields());
        }
        if (operand instanceof Variable v) {
            return fields(lookup(v.name()), v.fields());
        }
        if (operand instanceof Literal l) {
            return l.value();
        }
        if (operand instanceof TemplateTree.Chain c) {
            return fields(operand(c.receiver()), c.fields());
        }
        return commands(((Sub) operand).pipeline().commands());
    }

    private static Object fields(Object receiver, List<String> fields) throws ExecutionException {
        Object value = receiver;
        for (String name : fields) {
            value = field(value, name);
        }
        return value;
    }

    private Object lookup(String name) throws ExecutionException {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equals(name)) {
                return values.get(i);
            }
        }
        throw new ExecutionException("undefined variable: " + name); // the parser rules this out
    }

    private void declare(String name, Object value) {
        names.add(name);
        values.add(value);
    }

    private void assign(String name, Object value) throws ExecutionException {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equals(name)) {
                values.set(i, value);
                return;
            }
        }
        throw new ExecutionException("undefined variable: " + name);
    }

    private void truncate(int size) {
        while (names.size() > size) {
            names.remove(names.size() - 1);
            values.remove(values.size() - 1);
        }
    }
}
