package io.sleipnir.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link YamlNode} tree, token by token with Jackson's streaming YAML parser, keeping the
 * 1-based line and column of every node and key. Strict where Promtail's {@code yaml.UnmarshalStrict} is: a key
 * repeated in one mapping is an error. Only one document per file. Anchors and aliases are resolved (an alias
 * shares the anchored node, so errors inside it point at the anchor). YAML 1.1 as Go's yaml.v2 reads it, which
 * Promtail 2.8 uses: merge keys ({@code <<}) are merged, and the plain scalars {@code y, yes, on} (and their
 * capitalised forms) are true, {@code n, no, off} false.
 *
 * <p>Hostile input is an error, never a crash or a long stall: nesting deeper than {@link #MAX_DEPTH}, aliases
 * that expand to more than {@link #MAX_EXPANDED_NODES} nodes ("billion laughs"), and a run of more than
 * {@link #MAX_TOKEN_CHARS} characters without a blank (SnakeYAML's scanner takes time quadratic in the length of
 * such a plain token) are refused with their location.
 */
final class YamlTreeReader {
    /** Far above what any Promtail config needs (a match stage nested five times is about 20 levels). */
    static final int MAX_DEPTH = 100;
    /** Nodes after expanding every alias; a 1 MiB config written out by hand has fewer than 200,000. */
    static final long MAX_EXPANDED_NODES = 1_000_000;
    /** Longest run of non-blank characters; the longest regex or URL in a real config is a few KiB. */
    static final int MAX_TOKEN_CHARS = 64 * 1024;

    private static final java.util.Set<String> YAML11_TRUE = java.util.Set.of(
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE");
    private static final java.util.Set<String> YAML11_FALSE = java.util.Set.of(
            "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE");

    private final String sourceName;
    private final String[] lines;
    private final Map<String, YamlNode> anchors = new HashMap<>();
    private final Map<String, Long> anchorSizes = new HashMap<>();
    private long expandedNodes;

    private YamlTreeReader(String sourceName, String text) {
        this.sourceName = sourceName;
        this.lines = text.split("\\r?\\n", -1);
    }

    private boolean startsWithQuote(int line, int column) {
        if (line < 1 || line > lines.length || column < 1 || column > lines[line - 1].length()) {
            return false;
        }
        char c = lines[line - 1].charAt(column - 1);
        return c == '"' || c == '\'';
    }

    /** Parses one YAML document; an empty document reads as an empty mapping at 1:1. */
    static YamlNode read(String text, String sourceName) throws ConfigException {
        YAMLFactory factory = YAMLFactory.builder().build();
        checkTokenLengths(text, sourceName);
        YamlTreeReader reader = new YamlTreeReader(sourceName, text);
        try (YAMLParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlNode.Mapping(List.of(), 1, 1);
            }
            YamlNode root = reader.readNode(parser, "", 1);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw reader.error(at, "", "only one YAML document is allowed, found another one");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw reader.syntaxError(e);
        } catch (IOException | RuntimeException e) {
            // Jackson and SnakeYAML signal some limits and internal states with unchecked exceptions; a config
            // problem is always reported as one line, never as a stack trace.
            throw new ConfigException(sourceName, 0, 0, "", "cannot parse YAML: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new ConfigException(sourceName, 0, 0, "", "cannot parse YAML: the document nests too deeply");
        }
    }

    /**
     * Refuses a run of more than {@link #MAX_TOKEN_CHARS} characters without a space, tab or line break before
     * SnakeYAML sees it: its reader copies its buffer each time a plain token grows by 1 KiB, so one 1 MiB token
     * took seconds.
     */
    private static void checkTokenLengths(String text, String sourceName) throws ConfigException {
        int line = 1;
        int lineStart = 0;
        int runStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (c == '\n') {
                    line++;
                    lineStart = i + 1;
                }
                runStart = i + 1;
            } else if (i - runStart >= MAX_TOKEN_CHARS) {
                throw new ConfigException(sourceName, line, runStart - lineStart + 1, "", "more than "
                        + MAX_TOKEN_CHARS + " characters without a space or line break; a config value this long"
                        + " is refused (split it, or read it from a file)");
            }
        }
    }

    private YamlNode readNode(YAMLParser parser, String path, int depth) throws IOException, ConfigException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        if (depth > MAX_DEPTH) {
            throw new ConfigException(sourceName, line, column, "", "YAML nested more than " + MAX_DEPTH
                    + " levels deep; no Promtail config needs that many");
        }
        long sizeBefore = expandedNodes;
        String anchor = parser.getObjectId();
        JsonToken token = parser.currentToken();
        YamlNode node = switch (token) {
            case START_OBJECT -> readMapping(parser, path, line, column, depth);
            case START_ARRAY -> readSequence(parser, path, line, column, depth);
            case VALUE_STRING -> {
                if (parser.isCurrentAlias()) {
                    YamlNode target = anchors.get(parser.getText());
                    if (target == null) {
                        throw error(at, path, "unknown YAML alias \"*" + parser.getText() + "\"");
                    }
                    expandedNodes += anchorSizes.get(parser.getText()) - 1;
                    yield target;
                }
                boolean quoted = startsWithQuote(line, column);
                if (parser.getText().isEmpty() && !quoted) {
                    // Jackson reports an empty plain value ("key:") as "", YAML means null; '' and "" stay strings.
                    yield new YamlNode.Scalar("", YamlNode.Scalar.Kind.NULL, line, column);
                }
                if (!quoted && YAML11_TRUE.contains(parser.getText())) {
                    yield scalar(parser, YamlNode.Scalar.Kind.TRUE, line, column);
                }
                if (!quoted && YAML11_FALSE.contains(parser.getText())) {
                    yield scalar(parser, YamlNode.Scalar.Kind.FALSE, line, column);
                }
                yield scalar(parser, YamlNode.Scalar.Kind.STRING, line, column);
            }
            case VALUE_NUMBER_INT -> scalar(parser, YamlNode.Scalar.Kind.INT, line, column);
            case VALUE_NUMBER_FLOAT -> scalar(parser, YamlNode.Scalar.Kind.FLOAT, line, column);
            case VALUE_TRUE -> scalar(parser, YamlNode.Scalar.Kind.TRUE, line, column);
            case VALUE_FALSE -> scalar(parser, YamlNode.Scalar.Kind.FALSE, line, column);
            case VALUE_NULL -> new YamlNode.Scalar("", YamlNode.Scalar.Kind.NULL, line, column);
            default -> throw error(at, path, "unexpected YAML token " + token);
        };
        expandedNodes++;
        if (expandedNodes > MAX_EXPANDED_NODES) {
            throw error(at, "", "YAML aliases expand to more than " + MAX_EXPANDED_NODES
                    + " nodes (an alias of an alias of ...: a \"billion laughs\" document)");
        }
        if (anchor != null) {
            anchors.put(anchor, node);
            anchorSizes.put(anchor, expandedNodes - sizeBefore);
        }
        return node;
    }

    private static YamlNode.Scalar scalar(YAMLParser parser, YamlNode.Scalar.Kind kind, int line, int column)
            throws IOException {
        return new YamlNode.Scalar(parser.getText(), kind, line, column);
    }

    private YamlNode readMapping(YAMLParser parser, String path, int line, int column, int depth)
            throws IOException, ConfigException {
        Map<String, YamlNode.Entry> seen = new LinkedHashMap<>();
        List<YamlNode.Mapping> merged = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            JsonLocation keyAt = parser.currentTokenLocation();
            String key = parser.currentName();
            String keyPath = ConfigPaths.child(path, key);
            parser.nextToken();
            if (key.equals("<<") && !startsWithQuote(keyAt.getLineNr(), keyAt.getColumnNr())) {
                mergeSources(readNode(parser, path, depth + 1), keyAt, path, merged);
                continue;
            }
            YamlNode.Entry first = seen.get(key);
            if (first != null) {
                throw error(keyAt, keyPath,
                        "duplicate key \"" + key + "\" (first at line " + first.line() + ")");
            }
            YamlNode value = readNode(parser, keyPath, depth + 1);
            seen.put(key, new YamlNode.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), value));
        }
        if (token != JsonToken.END_OBJECT) {
            throw error(parser.currentTokenLocation(), path, "unexpected YAML token " + token + " in a map");
        }
        // YAML's merge key: a key written in this mapping wins over a merged one, and an earlier merged mapping
        // over a later one. Merged entries keep their own locations, as aliases do.
        for (YamlNode.Mapping source : merged) {
            for (YamlNode.Entry entry : source.entries()) {
                seen.putIfAbsent(entry.key(), entry);
            }
        }
        return new YamlNode.Mapping(new ArrayList<>(seen.values()), line, column);
    }

    /** The value of a {@code <<} key: a mapping (usually an alias of one) or a list of mappings. */
    private void mergeSources(YamlNode value, JsonLocation keyAt, String path, List<YamlNode.Mapping> merged)
            throws ConfigException {
        if (value instanceof YamlNode.Mapping mapping) {
            merged.add(mapping);
            return;
        }
        if (value instanceof YamlNode.Sequence sequence) {
            for (YamlNode item : sequence.items()) {
                if (!(item instanceof YamlNode.Mapping mapping)) {
                    throw error(keyAt, path, "a merge key (\"<<\") takes a map or a list of maps, got a list"
                            + " holding " + item.describe());
                }
                merged.add(mapping);
            }
            return;
        }
        throw error(keyAt, path, "a merge key (\"<<\") takes a map or a list of maps, got " + value.describe());
    }

    private YamlNode readSequence(YAMLParser parser, String path, int line, int column, int depth)
            throws IOException, ConfigException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == null) {
                throw error(parser.currentTokenLocation(), path, "unexpected end of YAML in a list");
            }
            items.add(readNode(parser, ConfigPaths.index(path, items.size()), depth + 1));
        }
        return new YamlNode.Sequence(items, line, column);
    }

    private ConfigException error(JsonLocation at, String path, String problem) {
        return new ConfigException(sourceName, at.getLineNr(), at.getColumnNr(), path, problem);
    }

    /** SnakeYAML's own messages span several lines; keep its problem and mark, which are what a user needs. */
    private ConfigException syntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            String problem = marked.getProblem() == null ? marked.getMessage() : marked.getProblem();
            String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
            return new ConfigException(sourceName, mark.getLine() + 1, mark.getColumn() + 1, "",
                    "invalid YAML: " + problem + context, e);
        }
        JsonLocation at = e.getLocation();
        return new ConfigException(sourceName, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                "", "invalid YAML: " + e.getOriginalMessage(), e);
    }
}
