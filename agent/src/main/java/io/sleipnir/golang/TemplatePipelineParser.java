package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateLexer.isIdentifier;
import static io.sleipnir.golang.TemplateValues.str;

import io.sleipnir.golang.GoTemplate.Func;
import io.sleipnir.golang.TemplateTree.Command;
import io.sleipnir.golang.TemplateTree.Dot;
import io.sleipnir.golang.TemplateTree.Literal;
import io.sleipnir.golang.TemplateTree.Operand;
import io.sleipnir.golang.TemplateTree.Pipeline;
import io.sleipnir.golang.TemplateTree.Sub;
import io.sleipnir.golang.TemplateTree.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * text/template/parse's pipelines within one action: declarations ({@code $x :=}, {@code $x =},
 * {@code $i, $e :=}), commands joined by {@code |}, operands (fields, variables, literals, parenthesized
 * pipelines, functions named as arguments); functions are looked up here, variables checked against the scope
 * the template parser shares, and a literal regex of {@code regexReplaceAll} compiled once.
 */
final class TemplatePipelineParser {
    private final List<String> tokens;
    private final Map<String, Func> functions;
    /** Variables in scope, shared with the template parser ({@code $} first). */
    private final List<String> scope;
    private final int actionStart;
    private int next;

    TemplatePipelineParser(List<String> tokens, Map<String, Func> functions, List<String> scope, int actionStart) {
        this.tokens = tokens;
        this.functions = functions;
        this.scope = scope;
        this.actionStart = actionStart;
    }

    List<String> tokens() {
        return tokens;
    }

    int position() {
        return next;
    }

    void seek(int position) {
        next = position;
    }

    boolean hasMore() {
        return next < tokens.size();
    }

    /** A pipeline, with its leading declaration ({@code $x :=}, {@code $x =}, in a range {@code $i, $e :=}). */
    Pipeline parsePipeline(boolean inRange) {
        List<String> variables = new ArrayList<>();
        boolean assign = false;
        if (next + 1 < tokens.size() && tokens.get(next).startsWith("$")) {
            String after = tokens.get(next + 1);
            if (after.equals(":=") || after.equals("=")) {
                variables.add(variableName(tokens.get(next)));
                assign = after.equals("=");
                next += 2;
            } else if (inRange && after.equals(",") && next + 3 < tokens.size() && tokens.get(next + 3).equals(":=")) {
                variables.add(variableName(tokens.get(next)));
                variables.add(variableName(tokens.get(next + 2)));
                next += 4;
            }
        }
        if (assign && !scope.contains(variables.get(0))) {
            throw error("undefined variable \"" + variables.get(0) + "\"");
        }
        List<Command> commands = new ArrayList<>();
        while (true) {
            commands.add(parseCommand(!commands.isEmpty()));
            if (next < tokens.size() && tokens.get(next).equals("|")) {
                next++;
                continue;
            }
            break;
        }
        if (!assign) {
            scope.addAll(variables); // in scope after the declaration, as Go's parser has it
        }
        return new Pipeline(List.copyOf(variables), assign, List.copyOf(commands));
    }

    private String variableName(String token) {
        if (token.length() < 2 || !isIdentifier(token.substring(1))) {
            throw error("bad variable name " + token);
        }
        return token;
    }

    private Command parseCommand(boolean piped) {
        if (next >= tokens.size() || tokens.get(next).equals("|") || tokens.get(next).equals(")")) {
            throw error("missing value for command");
        }
        String head = tokens.get(next);
        Func function = null;
        if (isIdentifier(head) && !head.equals("true") && !head.equals("false") && !head.equals("nil")) {
            function = function(head);
            next++;
        }
        List<Operand> operands = new ArrayList<>();
        while (next < tokens.size() && !tokens.get(next).equals("|") && !tokens.get(next).equals(")")) {
            operands.add(parseOperand());
        }
        if (function == null) {
            if (piped) {
                throw error("non executable command in pipeline stage " + (operands.isEmpty() ? "" : "2"));
            }
            if (operands.size() != 1) {
                throw error("can't give argument to non-function " + head);
            }
            return new Command(null, List.copyOf(operands));
        }
        int count = operands.size() + (piped ? 1 : 0);
        if (count < function.min() || (function.max() >= 0 && count > function.max())) {
            throw error("wrong number of args for " + function.name() + ": want " + function.arity() + " got " + count);
        }
        return new Command(bindLiteralRegex(function, operands), List.copyOf(operands));
    }

    private Func function(String name) {
        Func function = functions.get(name);
        if (function != null) {
            return function;
        }
        String refused = TemplateBuiltins.REFUSED.get(name);
        if (refused != null) {
            throw error("function \"" + name + "\" of Promtail's template stage is not supported by Sleipnir: "
                    + refused);
        }
        throw error("function \"" + name + "\" not defined (supported: " + supportedFunctions() + ")");
    }

    /** A literal regex (the usual case) is compiled once here, at config time, and bound to the function. */
    private Func bindLiteralRegex(Func function, List<Operand> operands) {
        String name = function.name();
        if (!name.startsWith("regexReplaceAll") || operands.isEmpty()
                || !(operands.get(0) instanceof Literal l) || !(l.value() instanceof String re)) {
            return function;
        }
        GoRegex compiled;
        try {
            compiled = GoRegex.compile(re);
        } catch (IllegalArgumentException e) {
            throw error("invalid regular expression \"" + re + "\": " + e.getMessage());
        }
        boolean literal = name.equals("regexReplaceAllLiteral");
        return new Func(name, function.min(), function.max(),
                a -> compiled.replaceAll(str(a, 1, name), str(a, 2, name), literal));
    }

    private Operand parseOperand() {
        String t = tokens.get(next++);
        if (t.equals("(")) {
            Pipeline inner = parsePipeline(false);
            if (next >= tokens.size() || !tokens.get(next).equals(")")) {
                throw error("unclosed left paren");
            }
            next++;
            if (next < tokens.size() && tokens.get(next).startsWith(TemplateLexer.CHAINED)) {
                String chain = tokens.get(next++).substring(TemplateLexer.CHAINED.length());
                return new TemplateTree.Chain(new Sub(inner), fieldChain(chain, chain.substring(1)));
            }
            return new Sub(inner);
        }
        if (t.startsWith(".")) {
            return new Dot(fieldChain(t, t.equals(".") ? "" : t.substring(1)));
        }
        if (t.startsWith("$")) {
            return variable(t);
        }
        if (t.startsWith("\"")) {
            return new Literal(TemplateLexer.unquote(t));
        }
        if (t.startsWith("`")) {
            return new Literal(t.substring(1, t.length() - 1));
        }
        if (t.equals("true") || t.equals("false")) {
            return new Literal(Boolean.parseBoolean(t));
        }
        if (t.equals(":=") || t.equals("=")) {
            throw error("unexpected \"" + t + "\" in operand");
        }
        if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || ((t.charAt(0) == '-' || t.charAt(0) == '+')
                && t.length() > 1))) {
            return new Literal(number(t));
        }
        if (isIdentifier(t)) {
            // A function named as an argument is called with no arguments, as Go's evalArg does for an identifier.
            Func function = function(t);
            if (function.min() > 0) {
                throw error("wrong number of args for " + t + ": want " + function.arity() + " got 0");
            }
            return new Sub(new Pipeline(List.of(), false, List.of(new Command(function, List.of()))));
        }
        throw error("unexpected \"" + t + "\" in command");
    }

    private Operand variable(String t) {
        int dot = t.indexOf('.');
        String name = dot < 0 ? t : t.substring(0, dot);
        if (!name.equals("$")) {
            variableName(name);
        }
        if (!scope.contains(name)) {
            throw error("undefined variable \"" + name + "\"");
        }
        return new Variable(name, dot < 0 ? List.of() : fieldChain(t, t.substring(dot + 1)));
    }

    private List<String> fieldChain(String token, String chain) {
        if (chain.isEmpty()) {
            return List.of();
        }
        List<String> fields = Arrays.asList(chain.split("\\.", -1));
        for (String f : fields) {
            if (!isIdentifier(f)) {
                throw error("bad field in " + token);
            }
        }
        return List.copyOf(fields);
    }

    private Object number(String t) {
        try {
            return Long.decode(t);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException notFloat) {
                throw error("bad number syntax: " + t);
            }
        }
    }

    void expectEnd() {
        if (next < tokens.size()) {
            throw error("unexpected \"" + tokens.get(next) + "\" in action");
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " (at offset " + actionStart + ")");
    }

    private String supportedFunctions() {
        return String.join(", ", new java.util.TreeSet<>(functions.keySet()));
    }
}
