package io.sleipnir.golang;

import io.sleipnir.golang.GoTemplate.Func;
import io.sleipnir.golang.TemplateLexer.LexException;
import io.sleipnir.golang.TemplateTree.Action;
import io.sleipnir.golang.TemplateTree.Branch;
import io.sleipnir.golang.TemplateTree.Control;
import io.sleipnir.golang.TemplateTree.Node;
import io.sleipnir.golang.TemplateTree.Pipeline;
import io.sleipnir.golang.TemplateTree.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * text/template/parse: text with {@code {{- -}}} trimming, comments, actions, {@code if / else if / else},
 * {@code with} and {@code range} (with {@code else}), {@code break} and {@code continue} inside a range,
 * {@code define}, {@code block} and {@code template}; each action's pipeline goes to
 * {@link TemplatePipelineParser}. Variables are checked as Go does: using one that is not in scope fails at parse
 * time, and a define's body sees only {@code $}.
 */
final class TemplateParser {
    private final String text;
    private final Map<String, Func> functions;
    private int pos;
    /** The current action's tokens and the pipeline parser over them. */
    private TemplatePipelineParser action;
    private int actionStart;
    /** The last action ended with {@code -}}}: strip the white space that starts the next text. */
    private boolean trimNextText;
    /** Variables in scope, {@code $} first. */
    private List<String> scope = new ArrayList<>(List.of("$"));
    /** Lists being parsed inside one another (0: the template's top level, where define is allowed). */
    private int depth;
    /** Range bodies being parsed (break and continue need one). */
    private int rangeDepth;
    /** {@code define} and {@code block} bodies by name. */
    private final Map<String, List<Node>> defines = new java.util.HashMap<>();

    TemplateParser(String text, Map<String, Func> functions) {
        this.text = text;
        this.functions = functions;
    }

    /** The templates the text defines ({@code define}, {@code block}), once {@link #parseAll} has run. */
    Map<String, List<Node>> defines() {
        return Map.copyOf(defines);
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
        List<String> tokens = TemplateLexer.tokenize(body);
        action = new TemplatePipelineParser(tokens, functions, scope, actionStart);
        if (tokens.isEmpty()) {
            throw error("missing value for command");
        }
        return true;
    }

    /** One action: a control keyword (returned when it ends a list) or a pipeline to print. */
    private String parseAction(List<Node> nodes) {
        List<String> tokens = action.tokens();
        String first = tokens.get(0);
        switch (first) {
            case "if" -> nodes.add(parseBranch(Control.IF));
            case "with" -> nodes.add(parseBranch(Control.WITH));
            case "range" -> nodes.add(parseBranch(Control.RANGE));
            case "else" -> {
                if (tokens.size() > 1 && tokens.get(1).equals("if")) {
                    action.seek(2);
                    return "else if";
                }
                action.seek(1);
                action.expectEnd();
                return "else";
            }
            case "end" -> {
                action.seek(1);
                action.expectEnd();
                return "end";
            }
            case "define" -> {
                if (depth > 0) {
                    throw error("unexpected <define> in command");
                }
                parseDefinition(literalName("define"));
            }
            case "template" -> {
                String name = literalName("template");
                Pipeline pipeline = action.hasMore() ? action.parsePipeline(false) : null;
                action.expectEnd();
                nodes.add(new TemplateTree.Call(name, pipeline));
            }
            case "block" -> {
                String name = literalName("block");
                Pipeline pipeline = action.parsePipeline(false);
                action.expectEnd();
                nodes.add(new TemplateTree.Call(name, pipeline));
                parseDefinition(name);
            }
            case "break", "continue" -> {
                if (rangeDepth == 0) {
                    throw error("{{" + first + "}} outside {{range}}");
                }
                action.seek(1);
                action.expectEnd();
                nodes.add(first.equals("break") ? new TemplateTree.Break() : new TemplateTree.Continue());
            }
            default -> {
                Pipeline pipeline = action.parsePipeline(false);
                action.expectEnd();
                nodes.add(new Action(pipeline));
            }
        }
        return null;
    }

    /** The quoted name after {@code define}, {@code template} or {@code block}, as Go requires a constant. */
    private String literalName(String keyword) {
        String t = action.tokens().size() > 1 ? action.tokens().get(1) : "";
        if (!t.startsWith("\"") && !t.startsWith("`")) {
            throw error("unexpected \"" + t + "\" in " + keyword + " clause");
        }
        action.seek(2);
        return t.startsWith("`") ? t.substring(1, t.length() - 1) : TemplateLexer.unquote(t);
    }

    /** A define or block body, to its {@code end}, with only {@code $} in scope; Go refuses a second non-empty one. */
    private void parseDefinition(String name) {
        if (action.tokens().get(0).equals("define")) {
            action.expectEnd();
        }
        List<String> saved = scope;
        scope = new ArrayList<>(List.of("$"));
        List<Node> body = new ArrayList<>();
        depth++;
        String stop = parseList(body);
        depth--;
        scope = saved;
        if (!"end".equals(stop)) {
            throw error(stop == null ? "unexpected EOF" : "unexpected {{" + stop + "}} in definition of " + name);
        }
        List<Node> existing = defines.get(name);
        if (existing != null && !existing.isEmpty() && !body.isEmpty()) {
            throw error("template: multiple definition of template \"" + name + "\"");
        }
        if (existing == null || existing.isEmpty()) {
            defines.put(name, List.copyOf(body));
        }
    }

    /** {@code if}, {@code with} or {@code range} after its keyword, to its {@code end}. */
    private Branch parseBranch(Control control) {
        int scopeMark = scope.size();
        action.seek(Math.max(1, action.position()));
        Pipeline pipeline = action.parsePipeline(control == Control.RANGE);
        action.expectEnd();
        List<Node> then = new ArrayList<>();
        depth++;
        rangeDepth += control == Control.RANGE ? 1 : 0;
        String stop = parseList(then);
        rangeDepth -= control == Control.RANGE ? 1 : 0;
        List<Node> otherwise = new ArrayList<>();
        if ("else if".equals(stop) && control == Control.IF) {
            otherwise.add(parseBranch(Control.IF));
            stop = "end";
        } else if ("else".equals(stop)) {
            stop = parseList(otherwise);
        }
        depth--;
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

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " (at offset " + actionStart + ")");
    }
}
