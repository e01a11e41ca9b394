package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateLexer.isIdentifier;
import static io.sleipnir.golang.TemplateValues.str;

import io.sleipnir.golang.GoTemplate.Func;
import io.sleipnir.golang.TemplateLexer.LexException;
import io.sleipnir.golang.TemplateTree.Action;
import io.sleipnir.golang.TemplateTree.Branch;
import io.sleipnir.golang.TemplateTree.Command;
import io.sleipnir.golang.TemplateTree.Control;
import io.sleipnir.golang.TemplateTree.Dot;
import io.sleipnir.golang.TemplateTree.Literal;
import io.sleipnir.golang.TemplateTree.Node;
import io.sleipnir.golang.TemplateTree.Operand;
import io.sleipnir.golang.TemplateTree.Pipeline;
import io.sleipnir.golang.TemplateTree.Sub;
import io.sleipnir.golang.TemplateTree.Text;
import io.sleipnir.golang.TemplateTree.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * text/template/parse for the supported subset: text with {@code {{- -}}} trimming, comments, actions, pipelines,
 * {@code if / else if / else}, {@code with} and {@code range} (with {@code else}), variables ({@code $},
 * {@code $x := ...}, {@code $x = ...}, {@code range $i, $e := ...}) and field chains ({@code .a.b},
 * {@code $x.a}). Variables are checked as Go does: using one that is not in scope fails at parse time.
 */
final class TemplateParser {
    private final String text;
    private final Map<String, Func> functions;
    private int pos;
    /** Tokens of the current action. */
    private List<String> tokens;
    private int next;
    private int actionStart;
    /** The last action ended with {@code -}}}: strip the white space that starts the next text. */
    private boolean trimNextText;
    /** Variables in scope, {@code $} first. */
    private final List<String> scope = new ArrayList<>(List.of("$"));

    TemplateParser(String text, Map<String, Func> functions) {
        this.text = text;
        this.functions = functions;
    }

    List<Node> parseAll() {
        try {
            List<Node> nodes = new ArrayList<>();
            String end = parseList(nodes);
            if (end != null) {
                throw error("unexpected {{" + end + "}}");
            }
            return List.copyOf(nodes);
        } catch (LexException e) {
            throw error(e.getMessage());
        }
    }

    /**
     * Parses nodes until {@code else}, {@code end} or the end of the text; returns the keyword that stopped it
     * ({@code "else"}, {@code "else if"}, {@code "end"}) or null at the end of the text.
     */
    private String parseList(List<Node> nodes) {
        while (pos <= text.length()) {
            int open = text.indexOf("{{", pos);
            boolean trimBefore = open >= 0 && (text.startsWith("{{- ", open) || text.startsWith("{{-\t", open)
                    || text.startsWith("{{-\n", open));
            addText(nodes, open < 0 ? text.substring(pos) : text.substring(pos, open), trimBefore);
            if (open < 0) {
                pos = text.length() + 1;
                return null;
            }
            if (!readAction(open, trimBefore)) {
                continue; // a comment
            }
            String stop = parseAction(nodes);
            if (stop != null) {
                return stop;
            }
        }
        return null;
    }

    private void addText(List<Node> nodes, String literal, boolean trimBefore) {
        if (trimNextText) {
            literal = TemplateLexer.stripLeading(literal);
            trimNextText = false;
        }
        if (trimBefore) {
            literal = TemplateLexer.stripTrailing(literal);
        }
        if (!literal.isEmpty()) {
            nodes.add(new Text(literal));
        }
    }

    /** Reads the action at {@code open} into {@link #tokens}; false for a comment. */
    private boolean readAction(int open, boolean trimBefore) {
        actionStart = open;
        int bodyStart = open + (trimBefore ? 3 : 2);
        int close = TemplateLexer.findClose(text, bodyStart);
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
            return false;
        }
        tokens = TemplateLexer.tokenize(body);
        next = 0;
        if (tokens.isEmpty()) {
            throw error("missing value for command");
        }
        return true;
    }

    /** One action: a control keyword (returned when it ends a list) or a pipeline to print. */
    private String parseAction(List<Node> nodes) {
        String first = tokens.get(0);
        switch (first) {
            case "if" -> nodes.add(parseBranch(Control.IF));
            case "with" -> nodes.add(parseBranch(Control.WITH));
            case "range" -> nodes.add(parseBranch(Control.RANGE));
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
            case "define", "template", "block", "break", "continue" ->
                    throw error("\"" + first + "\" is not supported (supported: if, else, with, range, end)");
            default -> {
                Pipeline pipeline = parsePipeline(false);
                expectEndOfAction();
                nodes.add(new Action(pipeline));
            }
        }
        return null;
    }

    /** {@code if}, {@code with} or {@code range} after its keyword, to its {@code end}. */
    private Branch parseBranch(Control control) {
        int scopeMark = scope.size();
        next = next == 0 ? 1 : next;
        Pipeline pipeline = parsePipeline(control == Control.RANGE);
        expectEndOfAction();
        List<Node> then = new ArrayList<>();
        String stop = parseList(then);
        List<Node> otherwise = new ArrayList<>();
        if ("else if".equals(stop) && control == Control.IF) {
            otherwise.add(parseBranch(Control.IF));
            stop = "end";
        } else if ("else".equals(stop)) {
            stop = parseList(otherwise);
        }
        truncateScope(scopeMark);
        if (!"end".equals(stop)) {
            throw error(stop == null ? "unexpected EOF: missing {{end}}" : "unexpected {{" + stop + "}}");
        }
        return new Branch(control, pipeline, List.copyOf(then), List.copyOf(otherwise));
    }

    private void truncateScope(int size) {
        while (scope.size() > size) {
            scope.remove(scope.size() - 1);
        }
    }

    /** A pipeline, with its leading declaration ({@code $x :=}, {@code $x =}, in a range {@code $i, $e :=}). */
    private Pipeline parsePipeline(boolean inRange) {
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

    private void expectEndOfAction() {
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
