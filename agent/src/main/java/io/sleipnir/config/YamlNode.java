package io.sleipnir.config;

import java.util.List;

/**
 * A YAML tree that remembers where each node started (1-based line and column), so that binding errors can point
 * at the file. Only what configuration needs: mappings with string keys, sequences, and scalars with the type
 * that YAML's core schema resolved for plain (unquoted) text.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    int line();

    int column();

    /** How this node reads in an error message: {@code a map}, {@code a list}, {@code "text"} or {@code null}. */
    String describe();

    /** One key of a mapping, with the key's own location (errors about the key point there). */
    record Entry(String key, int line, int column, YamlNode value) {
    }

    record Mapping(List<Entry> entries, int line, int column) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar; {@code text} is the source text ("" for null). */
    record Scalar(String text, Kind kind, int line, int column) implements YamlNode {
        /** Booleans are TRUE and FALSE because YAML 1.1 spells them several ways (true, yes, on ...). */
        public enum Kind { STRING, INT, FLOAT, TRUE, FALSE, NULL }

        public boolean isNull() {
            return kind == Kind.NULL;
        }

        public boolean isBoolean() {
            return kind == Kind.TRUE || kind == Kind.FALSE;
        }

        @Override
        public String describe() {
            // A hostile value may be a megabyte long; an error message quotes its start only.
            return kind == Kind.NULL ? "null" : '"' + (text.length() <= 80 ? text : text.substring(0, 80) + "...") + '"';
        }
    }
}
