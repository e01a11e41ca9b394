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
 * shares the anchored node, so errors inside it point at the anchor); merge keys ({@code <<}) are not supported.
 */
final class YamlTreeReader {
    private final String sourceName;
    private final String[] lines;
    private final Map<String, YamlNode> anchors = new HashMap<>();

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
        YamlTreeReader reader = new YamlTreeReader(sourceName, text);
        try (YAMLParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlNode.Mapping(List.of(), 1, 1);
            }
            YamlNode root = reader.readNode(parser, "");
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw reader.error(at, "", "only one YAML document is allowed, found another one");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw reader.syntaxError(e);
        } catch (IOException e) {
            throw new ConfigException(sourceName, 0, 0, "", "cannot parse YAML: " + e.getMessage(), e);
        }
    }

    private YamlNode readNode(YAMLParser parser, String path) throws IOException, ConfigException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        String anchor = parser.getObjectId();
        JsonToken token = parser.currentToken();
        YamlNode node = switch (token) {
            case START_OBJECT -> readMapping(parser, path, line, column);
            case START_ARRAY -> readSequence(parser, path, line, column);
            case VALUE_STRING -> {
                if (parser.isCurrentAlias()) {
                    YamlNode target = anchors.get(parser.getText());
                    if (target == null) {
                        throw error(at, path, "unknown YAML alias \"*" + parser.getText() + "\"");
                    }
                    yield target;
                }
                if (parser.getText().isEmpty() && !startsWithQuote(line, column)) {
                    // Jackson reports an empty plain value ("key:") as "", YAML means null; '' and "" stay strings.
                    yield new YamlNode.Scalar("", YamlNode.Scalar.Kind.NULL, line, column);
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
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private static YamlNode.Scalar scalar(YAMLParser parser, YamlNode.Scalar.Kind kind, int line, int column)
            throws IOException {
        return new YamlNode.Scalar(parser.getText(), kind, line, column);
    }

    private YamlNode readMapping(YAMLParser parser, String path, int line, int column)
            throws IOException, ConfigException {
        Map<String, YamlNode.Entry> seen = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            JsonLocation keyAt = parser.currentTokenLocation();
            String key = parser.currentName();
            String keyPath = ConfigPaths.child(path, key);
            if (key.equals("<<")) {
                throw error(keyAt, path, "YAML merge keys (\"<<\") are not supported");
            }
            YamlNode.Entry first = seen.get(key);
            if (first != null) {
                throw error(keyAt, keyPath,
                        "duplicate key \"" + key + "\" (first at line " + first.line() + ")");
            }
            parser.nextToken();
            YamlNode value = readNode(parser, keyPath);
            seen.put(key, new YamlNode.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), value));
        }
        if (token != JsonToken.END_OBJECT) {
            throw error(parser.currentTokenLocation(), path, "unexpected YAML token " + token + " in a map");
        }
        return new YamlNode.Mapping(new ArrayList<>(seen.values()), line, column);
    }

    private YamlNode readSequence(YAMLParser parser, String path, int line, int column)
            throws IOException, ConfigException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == null) {
                throw error(parser.currentTokenLocation(), path, "unexpected end of YAML in a list");
            }
            items.add(readNode(parser, ConfigPaths.index(path, items.size())));
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
