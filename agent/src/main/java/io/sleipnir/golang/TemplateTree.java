package io.sleipnir.golang;

import io.sleipnir.golang.GoTemplate.Func;
import java.util.List;

/** The parsed form of a template: text, actions and the control structures of text/template/parse. */
final class TemplateTree {
    private TemplateTree() {
    }

    sealed interface Node permits Text, Action, Branch, Call, Break, Continue {
    }

    /** {@code {{template "name" pipeline}}} ({@code pipeline} null: the template runs with nil as its dot). */
    record Call(String name, Pipeline pipeline) implements Node {
    }

    /** {@code {{break}}}: ends the innermost range. */
    record Break() implements Node {
    }

    /** {@code {{continue}}}: the innermost range's next item. */
    record Continue() implements Node {
    }

    record Text(String text) implements Node {
    }

    record Action(Pipeline pipeline) implements Node {
    }

    enum Control { IF, WITH, RANGE }

    /** {@code if}, {@code with} or {@code range}: its pipeline, its list and its {@code else} list. */
    record Branch(Control control, Pipeline pipeline, List<Node> then, List<Node> otherwise) implements Node {
    }

    /**
     * Commands joined by {@code |}, with the variables it declares ({@code $x :=}) or assigns ({@code $x =}):
     * one, or two for {@code range $i, $e :=}.
     */
    record Pipeline(List<String> variables, boolean assign, List<Command> commands) {
    }

    /** One command of a pipeline: a function with its arguments, or a single operand. */
    record Command(Func function, List<Operand> args) {
    }

    sealed interface Operand permits Dot, Variable, Literal, Sub, Chain {
    }

    /** {@code (pipeline).a.b}: fields of a parenthesized pipeline's value. */
    record Chain(Operand receiver, List<String> fields) implements Operand {
    }

    /** {@code .} ({@code fields} empty) or {@code .a.b}. */
    record Dot(List<String> fields) implements Operand {
    }

    /** {@code $}, {@code $x} or {@code $x.a.b}. */
    record Variable(String name, List<String> fields) implements Operand {
    }

    record Literal(Object value) implements Operand {
    }

    record Sub(Pipeline pipeline) implements Operand {
    }
}
