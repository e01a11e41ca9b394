package io.sleipnir.pipelinetests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pipeline test file (YAML): {@code tests:} a list of cases, each with {@code name}, {@code job},
 * {@code target_labels} and/or {@code path}, optional {@code read_time}, {@code lines}, and {@code expect}: a list
 * of entries ({@code line}, {@code labels}, {@code timestamp}, {@code structured_metadata}, {@code tenant}), or
 * {@code dropped} (none leaves the pipeline).
 */
final class TestFile {
    static final String DEFAULT_READ_TIME = "2026-01-01T00:00:00Z";
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    /** The file could not be read as a test file; the message names the file and what is wrong. */
    static final class BadTestFile extends Exception {
        BadTestFile(String message) {
            super(message);
        }
    }

    private final Path path;
    private final ObjectNode root;
    private final List<TestCase> cases;

    private TestFile(Path path, ObjectNode root, List<TestCase> cases) {
        this.path = path;
        this.root = root;
        this.cases = cases;
    }

    Path path() {
        return path;
    }

    List<TestCase> cases() {
        return cases;
    }

    static TestFile read(Path path) throws BadTestFile {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(path));
        } catch (IOException e) {
            throw new BadTestFile(path + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
        if (root == null || !root.isObject() || !root.path("tests").isArray()) {
            throw new BadTestFile(path + ": expected a mapping with a list under \"tests\"");
        }
        List<TestCase> cases = new ArrayList<>();
        int i = 0;
        for (JsonNode c : root.path("tests")) {
            String where = path + ": tests[" + i++ + "]";
            String name = c.path("name").asText(where);
            String job = text(c, "job", where);
            List<String> lines = new ArrayList<>();
            for (JsonNode l : c.path("lines")) {
                lines.add(l.asText());
            }
            if (lines.isEmpty()) {
                throw new BadTestFile(where + ".lines: give at least one line");
            }
            Map<String, String> target = map(c.path("target_labels"));
            String file = c.hasNonNull("path") ? c.path("path").asText() : null;
            if (target.isEmpty() && file == null) {
                throw new BadTestFile(where + ": give target_labels or path");
            }
            List<TestCase.Expected> expect = new ArrayList<>();
            JsonNode e = c.path("expect");
            if (e.isArray()) {
                for (JsonNode x : e) {
                    expect.add(new TestCase.Expected(optional(x, "line"), x.has("labels") ? map(x.path("labels")) : null,
                            optional(x, "timestamp"), x.has("structured_metadata") ? map(x.path("structured_metadata"))
                            : null, optional(x, "tenant")));
                }
            } else if (!e.asText().equals("dropped")) {
                throw new BadTestFile(where + ".expect: a list of entries, or dropped");
            }
            cases.add(new TestCase(name, job, target, file, c.path("read_time").asText(DEFAULT_READ_TIME), lines,
                    expect));
        }
        return new TestFile(path, (ObjectNode) root, cases);
    }

    /** Writes {@code actual} (per case, in order) as the cases' expectations; the file's comments are lost. */
    void update(List<List<TestCase.Expected>> actual) throws IOException {
        ArrayNode tests = (ArrayNode) root.path("tests");
        for (int i = 0; i < tests.size(); i++) {
            ObjectNode c = (ObjectNode) tests.get(i);
            List<TestCase.Expected> entries = actual.get(i);
            if (entries.isEmpty()) {
                c.put("expect", "dropped");
                continue;
            }
            ArrayNode expect = c.putArray("expect");
            for (TestCase.Expected x : entries) {
                ObjectNode o = expect.addObject();
                o.put("line", x.line());
                o.set("labels", YAML.valueToTree(x.labels()));
                o.put("timestamp", x.timestamp());
                if (!x.structuredMetadata().isEmpty()) {
                    o.set("structured_metadata", YAML.valueToTree(x.structuredMetadata()));
                }
                if (x.tenant() != null) {
                    o.put("tenant", x.tenant());
                }
            }
        }
        Files.writeString(path, YAML.writeValueAsString(root));
    }

    private static String text(JsonNode c, String key, String where) throws BadTestFile {
        if (!c.hasNonNull(key)) {
            throw new BadTestFile(where + ": " + key + " is required");
        }
        return c.path(key).asText();
    }

    private static String optional(JsonNode c, String key) {
        return c.hasNonNull(key) ? c.path(key).asText() : null;
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> m = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asText()));
        return m;
    }
}
