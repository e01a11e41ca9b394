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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of the two positions files. The main file is exactly Promtail's schema, so Promtail can read it back:
 * {@code positions:} maps a path to its offset as a quoted string ({@code cursor-}/{@code journal-} keys of other
 * target kinds are kept as they are). The sidecar ({@link PositionsSidecar}) holds the same mapping plus ours:
 * {@code identities:} (path to {@code "<dev>:<inode>"}), {@code prints:} (path to {@code "<length>:<hex>"}, the
 * file's first bytes, see {@link ContentPrint}: it finds the file again once compressed), {@code stamps:} (path to its read-time anchors,
 * {@code "offset@nanos offset@nanos"}, see {@link StampAnchor}), {@code next_generations:} (anchors of a path's
 * later files still waiting behind the one its offset belongs to) and the digests of the main file it was written
 * with ({@code main:}) and of the one it replaced ({@code previous:}). A main file written by an older Sleipnir, with
 * {@code identities:} and {@code stamps:} inside, is read too. Parsing fails with a {@link PositionsCorruptException}
 * that names the file and the problem.
 */
final class PositionsFormat {
    /** Made when a file is first parsed (a first start has none): Jackson's databind is not loaded before. */
    private static final class Reader {
        static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    }

    /** One generation of a path after the one its offset belongs to: its file and its read-time anchors. */
    record LaterGeneration(FileIdentity identity, List<StampAnchor> anchors) {
        LaterGeneration {
            anchors = List.copyOf(anchors);
        }

        String format() {
            StringBuilder out = new StringBuilder(identity.format());
            anchors.forEach(a -> out.append(' ').append(a.format()));
            return out.toString();
        }
    }

    /**
     * What one file held: file entries, cursor keys, anchors (of paths with an entry), later generations, whether
     * it held any of our keys, and (sidecar only) the digests it names; null where absent.
     */
    record Parsed(Map<String, SavedPosition> entries, Map<String, String> cursors,
                  Map<String, List<StampAnchor>> anchors, Map<String, List<LaterGeneration>> later,
                  boolean hasOurKeys, String mainDigest, String previousDigest) {
        static Parsed empty() {
            return new Parsed(Map.of(), Map.of(), Map.of(), Map.of(), false, null, null);
        }
    }

    private PositionsFormat() {
    }

    /** Reads a main file ({@code sidecar} false: also an older Sleipnir's) or a sidecar. */
    static Parsed parse(Path file, byte[] content, boolean sidecar) {
        JsonNode root = readRoot(file, content);
        if (root == null) {
            return Parsed.empty();
        }
        Sections sections = new Sections(file, sidecar);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> top = it.next();
            sections.read(top.getKey(), top.getValue());
        }
        return sections.parsed();
    }

    /** The file's top-level mapping; null when it holds nothing (empty, blank, or a YAML null). */
    private static JsonNode readRoot(Path file, byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                throw new PositionsCorruptException(file, "it contains NUL bytes");
            }
        }
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        JsonNode root;
        try {
            root = Reader.YAML.readTree(content);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new PositionsCorruptException(file, "invalid YAML: " + reason);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return null;
        }
        if (!root.isObject()) {
            throw new PositionsCorruptException(file, "expected a mapping with a positions key, found " + kind(root));
        }
        return root;
    }

    /** What the top-level keys of one file hold, read one key at a time, then put together by {@link #parsed()}. */
    private static final class Sections {
        private final Path file;
        private final boolean sidecar;
        private final Map<String, FileIdentity> identities = new TreeMap<>();
        private final Map<String, ContentPrint> prints = new TreeMap<>();
        private final Map<String, Long> offsets = new TreeMap<>();
        private final Map<String, String> cursors = new TreeMap<>();
        private final Map<String, List<StampAnchor>> stamps = new TreeMap<>();
        private final Map<String, List<LaterGeneration>> later = new TreeMap<>();
        private boolean ours;
        private String mainDigest;
        private String previousDigest;

        Sections(Path file, boolean sidecar) {
            this.file = file;
            this.sidecar = sidecar;
        }

        void read(String key, JsonNode value) {
            switch (key) {
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
                    ours = true;
                    for (Map.Entry<String, String> e : scalarMap(file, "identities", value).entrySet()) {
                        identities.put(e.getKey(), field(file, "identities." + e.getKey(), () -> FileIdentity.parse(e.getValue())));
                    }
                }
                case "prints" -> {
                    ours = true;
                    for (Map.Entry<String, String> e : scalarMap(file, "prints", value).entrySet()) {
                        prints.put(e.getKey(), field(file, "prints." + e.getKey(), () -> ContentPrint.parse(e.getValue())));
                    }
                }
                case "stamps" -> {
                    ours = true;
                    for (Map.Entry<String, String> e : scalarMap(file, "stamps", value).entrySet()) {
                        stamps.put(e.getKey(), field(file, "stamps." + e.getKey(), () -> parseAnchors(e.getValue())));
                    }
                }
                case "next_generations", "main", "previous" -> readSidecarKey(key, value);
                default -> throw new PositionsCorruptException(file, "unknown key \"" + key + "\"");
            }
        }

        /** The keys only a sidecar has: unknown in a main file. */
        private void readSidecarKey(String key, JsonNode value) {
            if (!sidecar) {
                throw new PositionsCorruptException(file, "unknown key \"" + key + "\"");
            }
            if (key.equals("next_generations")) {
                for (Map.Entry<String, String> e : scalarMap(file, key, value).entrySet()) {
                    later.put(e.getKey(), field(file, key + "." + e.getKey(), () -> parseLater(e.getValue())));
                }
            } else if (!value.isTextual()) {
                throw new PositionsCorruptException(file, key + " must be a string, found " + kind(value));
            } else if (key.equals("main")) {
                mainDigest = value.asText();
            } else {
                previousDigest = value.asText();
            }
        }

        Parsed parsed() {
            Map<String, SavedPosition> entries = new TreeMap<>();
            offsets.forEach((path, offset) -> entries.put(path, new SavedPosition(offset, identities.get(path),
                    prints.get(path))));
            Map<String, List<StampAnchor>> anchors = new TreeMap<>();
            stamps.forEach((path, list) -> {
                if (offsets.containsKey(path) && !list.isEmpty()) {
                    anchors.put(path, list);
                }
            });
            later.keySet().removeIf(path -> !offsets.containsKey(path));
            return new Parsed(entries, cursors, anchors, later, ours, mainDigest, previousDigest);
        }
    }

    private interface Reading<T> {
        T read();
    }

    private static <T> T field(Path file, String where, Reading<T> reading) {
        try {
            return reading.read();
        } catch (IllegalArgumentException bad) {
            throw new PositionsCorruptException(file, where + ": " + bad.getMessage());
        }
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

    /** {@code "dev:ino offset@nanos ...; dev:ino ..."}, oldest generation first. */
    private static List<LaterGeneration> parseLater(String text) {
        List<LaterGeneration> out = new ArrayList<>();
        for (String part : text.split(";")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int space = trimmed.indexOf(' ');
            FileIdentity identity = FileIdentity.parse(space < 0 ? trimmed : trimmed.substring(0, space));
            out.add(new LaterGeneration(identity, space < 0 ? List.of() : parseAnchors(trimmed.substring(space + 1))));
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

    /** The main file: Promtail's {@code File} struct and nothing else, offsets as quoted strings as Promtail writes them. */
    static String renderPromtail(Map<String, SavedPosition> entries, Map<String, String> cursors) {
        StringBuilder out = new StringBuilder(64 + 64 * (entries.size() + cursors.size()));
        appendPositions(out, entries, cursors);
        return out.toString();
    }

    /**
     * The sidecar: the same {@code positions:} plus our keys, and the digests of the main file written with it
     * ({@code mainDigest}) and of the main file on disk before ({@code previousDigest}, null when none).
     */
    static String renderSidecar(Map<String, SavedPosition> entries, Map<String, String> cursors,
                                Map<String, List<StampAnchor>> anchors, Map<String, List<LaterGeneration>> later,
                                String mainDigest, String previousDigest) {
        TreeMap<String, SavedPosition> files = new TreeMap<>(entries);
        StringBuilder out = new StringBuilder(256 + 160 * files.size());
        out.append("# Sleipnir's part of the positions file beside it (file identities, read-time anchors);"
                + " Promtail does not read this file.\n");
        out.append("main: ").append(quoted(mainDigest)).append('\n');
        if (previousDigest != null) {
            out.append("previous: ").append(quoted(previousDigest)).append('\n');
        }
        appendPositions(out, files, cursors);
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
        appendSection(out, "stamps", files, anchors, list -> {
            StringBuilder v = new StringBuilder();
            list.forEach(a -> v.append(v.length() == 0 ? "" : " ").append(a.format()));
            return v.toString();
        });
        appendSection(out, "next_generations", files, later, list -> {
            StringBuilder v = new StringBuilder();
            list.forEach(g -> v.append(v.length() == 0 ? "" : "; ").append(g.format()));
            return v.toString();
        });
        return out.toString();
    }

    private static <T> void appendSection(StringBuilder out, String key, Map<String, SavedPosition> files,
                                          Map<String, List<T>> values, java.util.function.Function<List<T>, String> text) {
        TreeMap<String, List<T>> kept = new TreeMap<>();
        values.forEach((path, list) -> {
            if (files.containsKey(path) && !list.isEmpty()) {
                kept.put(path, list);
            }
        });
        if (!kept.isEmpty()) {
            out.append(key).append(":\n");
            kept.forEach((path, list) -> out.append("  ").append(yamlKey(path)).append(": ")
                    .append(quoted(text.apply(list))).append('\n'));
        }
    }

    private static void appendPositions(StringBuilder out, Map<String, SavedPosition> entries, Map<String, String> cursors) {
        TreeMap<String, String> all = new TreeMap<>(cursors);
        entries.forEach((path, pos) -> all.put(path, Long.toString(pos.offset())));
        out.append("positions:");
        if (all.isEmpty()) {
            out.append(" {}");
        }
        out.append('\n');
        all.forEach((k, v) -> out.append("  ").append(yamlKey(k)).append(": ").append(quoted(v)).append('\n'));
    }

    /** The digest a sidecar names its main file by: SHA-256 of its bytes, in hex. */
    static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
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
