package io.sleipnir.positions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sleipnir.golang.GoQuote;
import io.sleipnir.tail.ContentPrint;
import io.sleipnir.tail.FileIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The positions file's text: Promtail's {@code positions:} mapping (offsets as strings, {@code cursor-}/
 * {@code journal-} keys of other target kinds kept as they are) plus our {@code identities:}, {@code prints:} (path to
 * {@code "<length>:<hex>"}, the file's first bytes, see {@link ContentPrint}) and {@code stamps:}
 * (path to its read-time anchors, {@code "offset@nanos offset@nanos"}, see {@link StampAnchor}). Parsing fails with a
 * {@link PositionsCorruptException} that names the file and the problem.
 */
final class PositionsFormat {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PositionsFormat() {
    }

    /** Reads {@code content} into {@code entries} and {@code cursors}. */
    static void parse(Path file, byte[] content, Map<String, SavedPosition> entries, Map<String, String> cursors) {
        parse(file, content, entries, cursors, new TreeMap<>());
    }

    /** Reads {@code content} into {@code entries}, {@code cursors} and {@code anchors} (of paths that have an entry). */
    static void parse(Path file, byte[] content, Map<String, SavedPosition> entries, Map<String, String> cursors,
                      Map<String, List<StampAnchor>> anchors) {
        for (byte b : content) {
            if (b == 0) {
                throw new PositionsCorruptException(file, "it contains NUL bytes");
            }
        }
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            return;
        }
        JsonNode root;
        try {
            root = YAML.readTree(content);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new PositionsCorruptException(file, "invalid YAML: " + reason);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return;
        }
        if (!root.isObject()) {
            throw new PositionsCorruptException(file, "expected a mapping with a positions key, found " + kind(root));
        }
        Map<String, FileIdentity> identities = new TreeMap<>();
        Map<String, ContentPrint> prints = new TreeMap<>();
        Map<String, Long> offsets = new TreeMap<>();
        Map<String, List<StampAnchor>> stamps = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> top = it.next();
            JsonNode value = top.getValue();
            switch (top.getKey()) {
                case "positions" -> {
                    for (Map.Entry<String, String> e : scalarMap(file, "positions", value).entrySet()) {
                        if (isCursorKey(e.getKey())) {
                            cursors.put(e.getKey(), e.getValue());
                        } else {
                            offsets.put(e.getKey(), parseOffset(file, e.getKey(), e.getValue()));
                        }
                    }
                }
                case "identities" -> {
                    for (Map.Entry<String, String> e : scalarMap(file, "identities", value).entrySet()) {
                        try {
                            identities.put(e.getKey(), FileIdentity.parse(e.getValue()));
                        } catch (IllegalArgumentException bad) {
                            throw new PositionsCorruptException(file, "identities." + e.getKey() + ": " + bad.getMessage());
                        }
                    }
                }
                case "prints" -> {
                    for (Map.Entry<String, String> e : scalarMap(file, "prints", value).entrySet()) {
                        try {
                            prints.put(e.getKey(), ContentPrint.parse(e.getValue()));
                        } catch (IllegalArgumentException bad) {
                            throw new PositionsCorruptException(file, "prints." + e.getKey() + ": " + bad.getMessage());
                        }
                    }
                }
                case "stamps" -> {
                    for (Map.Entry<String, String> e : scalarMap(file, "stamps", value).entrySet()) {
                        try {
                            stamps.put(e.getKey(), parseAnchors(e.getValue()));
                        } catch (IllegalArgumentException bad) {
                            throw new PositionsCorruptException(file, "stamps." + e.getKey() + ": " + bad.getMessage());
                        }
                    }
                }
                default -> throw new PositionsCorruptException(file, "unknown key \"" + top.getKey() + "\"");
            }
        }
        offsets.forEach((path, offset) -> entries.put(path, new SavedPosition(offset, identities.get(path),
                prints.get(path))));
        stamps.forEach((path, list) -> {
            if (offsets.containsKey(path) && !list.isEmpty()) {
                anchors.put(path, list);
            }
        });
    }

    private static List<StampAnchor> parseAnchors(String text) {
        List<StampAnchor> out = new ArrayList<>();
        for (String part : text.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                StampAnchor a = StampAnchor.parse(part);
                if (!out.isEmpty() && a.offset() <= out.get(out.size() - 1).offset()) {
                    throw new IllegalArgumentException("anchor offsets must increase, got \"" + text + "\"");
                }
                out.add(a);
            }
        }
        return out;
    }

    private static Map<String, String> scalarMap(Path file, String key, JsonNode node) {
        Map<String, String> out = new TreeMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new PositionsCorruptException(file, key + " must be a mapping, found " + kind(node));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new PositionsCorruptException(file, key + "." + e.getKey() + " must be a string, found " + kind(e.getValue()));
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static long parseOffset(Path file, String path, String text) {
        try {
            long offset = Long.parseLong(text.trim());
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new PositionsCorruptException(file, "the offset of " + path + " is not a number: \"" + text + "\"");
    }

    private static String kind(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isNull()) {
            return "null";
        }
        return "a scalar";
    }

    static boolean isCursorKey(String key) {
        return key.startsWith("cursor-") || key.startsWith("journal-");
    }

    static String render(Map<String, SavedPosition> entries, Map<String, String> cursors) {
        return render(entries, cursors, Map.of());
    }

    static String render(Map<String, SavedPosition> entries, Map<String, String> cursors,
                         Map<String, List<StampAnchor>> anchors) {
        TreeMap<String, SavedPosition> files = new TreeMap<>(entries);
        TreeMap<String, String> all = new TreeMap<>(cursors);
        files.forEach((path, pos) -> all.put(path, Long.toString(pos.offset())));
        StringBuilder out = new StringBuilder(64 + 96 * all.size());
        out.append("positions:");
        if (all.isEmpty()) {
            out.append(" {}");
        }
        out.append('\n');
        all.forEach((k, v) -> out.append("  ").append(yamlKey(k)).append(": ").append(quoted(v)).append('\n'));
        boolean anyIdentity = files.values().stream().anyMatch(p -> p.identity() != null);
        if (anyIdentity) {
            out.append("identities:\n");
            files.forEach((path, pos) -> {
                if (pos.identity() != null) {
                    out.append("  ").append(yamlKey(path)).append(": ").append(quoted(pos.identity().format())).append('\n');
                }
            });
        }
        if (files.values().stream().anyMatch(p -> p.print() != null)) {
            out.append("prints:\n");
            files.forEach((path, pos) -> {
                if (pos.print() != null) {
                    out.append("  ").append(yamlKey(path)).append(": ").append(quoted(pos.print().format())).append('\n');
                }
            });
        }
        TreeMap<String, List<StampAnchor>> stamped = new TreeMap<>();
        anchors.forEach((path, list) -> {
            if (files.containsKey(path) && !list.isEmpty()) {
                stamped.put(path, list);
            }
        });
        if (!stamped.isEmpty()) {
            out.append("stamps:\n");
            stamped.forEach((path, list) -> {
                StringBuilder v = new StringBuilder();
                list.forEach(a -> v.append(v.length() == 0 ? "" : " ").append(a.format()));
                out.append("  ").append(yamlKey(path)).append(": ").append(quoted(v.toString())).append('\n');
            });
        }
        return out.toString();
    }

    private static String yamlKey(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '/' || c == '.' || c == '_' || (c == '-' && i > 0);
            if (!plain) {
                return quoted(key);
            }
        }
        return key.isEmpty() ? "\"\"" : key;
    }

    /** A YAML double-quoted scalar; Go's quoting is one (see {@link GoQuote}), and Promtail's go-yaml reads it. */
    private static String quoted(String s) {
        return GoQuote.quote(s);
    }

}
