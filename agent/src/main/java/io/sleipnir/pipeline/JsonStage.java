package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.config.ConfigPaths;
import io.sleipnir.config.YamlNode;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.burt.jmespath.Expression;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.sleipnir.config.StageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Promtail's {@code json} stage: parses the line (or extracted {@code source}) as a JSON object and sets one
 * extracted value per JMESPath expression. Strings, numbers (as {@link Double}, Go's float64), booleans and
 * null keep their type; objects and arrays are stored as JSON text, re-encoded as Go does (keys sorted).
 *
 * <p>Text that is not a JSON object: with {@code drop_malformed} the entry is dropped (its delivery completed and
 * counted as {@code logentry_dropped_lines_total{reason="malformed_json"}}); without it, the entry passes
 * unchanged. A source that is absent or has no text is not malformed: the entry passes unchanged, as in Promtail.
 */
final class JsonStage implements Stage {
    static final StageKind<Config> KIND = new StageKind<>("json", Config.class, JsonStage::bind,
            (config, context, stagesFollow) -> new JsonStage(config, context));
    private static final Keys KEYS = Keys.of("expressions", "source", "drop_malformed");

    /** A JMESPath expression compiled once, when the config is bound; equal when its text is. */
    record JmesPath(String text, Expression<JsonNode> compiled) {
        // Here rather than in JsonStage, whose KIND every config loads: the runtime (and Jackson's databind behind
        // it, some 600 classes) is made only when a config has a json stage.
        private static final JacksonRuntime JMESPATH = new JacksonRuntime();

        /** @throws RuntimeException (jmespath-java's parse exceptions) when {@code text} does not compile */
        static JmesPath compile(String text) {
            return new JmesPath(text, JMESPATH.compile(text));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof JmesPath other && other.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }

    /**
     * {@code json}: extracted name to JMESPath expression (an empty expression in the file is already replaced by
     * the name here).
     */
    record Config(Map<String, JmesPath> expressions, String source, boolean dropMalformed) implements StageConfig {
        Config {
            expressions = Map.copyOf(expressions);
        }

        /** From expression texts, each compiled here. */
        static Config of(Map<String, String> expressions, String source, boolean dropMalformed) {
            Map<String, JmesPath> compiled = new LinkedHashMap<>();
            expressions.forEach((name, text) -> compiled.put(name, JmesPath.compile(text)));
            return new Config(compiled, source, dropMalformed);
        }

        /** Extracted name to expression text. */
        Map<String, String> expressionTexts() {
            Map<String, String> texts = new TreeMap<>();
            expressions.forEach((name, expression) -> texts.put(name, expression.text()));
            return texts;
        }

        @Override
        public String name() {
            return "json";
        }

        @Override
        public Object printed() {
            Map<String, Object> body = ConfigPrinter.map("expressions", expressionTexts());
            ConfigPrinter.putIfNotNull(body, "source", source);
            body.put("drop_malformed", dropMalformed);
            return body;
        }
    }

    /** Why this stage could not do its work on an entry (see {@link StageFailure}). */
    enum Failure implements StageFailure {
        /** The extracted {@code source} is absent or has no text. */
        SOURCE_MISSING("source_missing"),
        /** The input is not a JSON object. */
        MALFORMED("malformed_json");

        private final String reason;

        Failure(String reason) {
            this.reason = reason;
        }

        @Override
        public String reason() {
            return reason;
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        YamlNode.Entry expressions = m.entry("expressions");
        if (expressions == null) {
            throw m.missing("expressions");
        }
        Map<String, String> byName = m.converter().nullableStringMap(expressions, m.path("expressions"), false);
        if (byName.isEmpty()) {
            throw m.error("expressions", "at least one expression is required");
        }
        Map<String, JmesPath> compiled = new LinkedHashMap<>();
        for (YamlNode.Entry e : ((YamlNode.Mapping) expressions.value()).entries()) {
            String expression = byName.get(e.key()).isEmpty() ? e.key() : byName.get(e.key());
            try {
                compiled.put(e.key(), JmesPath.compile(expression));
            } catch (RuntimeException ex) {
                throw m.converter().error(e.line(), e.column(), ConfigPaths.child(m.path("expressions"), e.key()),
                        "could not compile JMESPath expression \"" + expression + "\": " + ex.getMessage());
            }
        }
        return new Config(compiled, StageSyntax.optionalSource(m), m.bool("drop_malformed", false));
    }

    static final String DROP_REASON = "malformed_json";

    /** Like Go's json.Unmarshal, text after the value is an error. */
    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final List<String> names = new ArrayList<>();
    private final List<Expression<JsonNode>> expressions = new ArrayList<>();
    private final String source;
    private final boolean dropMalformed;
    private final StageContext context;

    JsonStage(Config config, StageContext context) {
        for (Map.Entry<String, JmesPath> e : config.expressions().entrySet()) {
            names.add(e.getKey());
            expressions.add(e.getValue().compiled());
        }
        this.source = config.source();
        this.dropMalformed = config.dropMalformed();
        this.context = context;
    }

    @Override
    public String name() {
        return "json";
    }

    @Override
    public void process(PipelineEntry entry, StageSink next) throws InterruptedException {
        String input = Extracted.input(entry, source);
        if (input == null) {
            if (context.failed(Failure.SOURCE_MISSING)) {
                context.explain(Failure.SOURCE_MISSING, "source \"" + source + "\" has no text value");
            }
            next.accept(entry);
            return;
        }
        JsonNode data;
        long errorAt = -1;
        try {
            data = mapper.readTree(input);
        } catch (JsonProcessingException e) {
            data = null;
            errorAt = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
        }
        // Go unmarshals into map[string]interface{}: only an object (or a bare null) is accepted.
        if (data == null || !(data.isObject() || data.isNull())) {
            if (context.failed(Failure.MALFORMED)) {
                context.explain(Failure.MALFORMED, malformed(data, errorAt));
            }
            if (dropMalformed) {
                context.drop(entry, DROP_REASON);
                return;
            }
            next.accept(entry);
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            JsonNode result;
            try {
                result = expressions.get(i).search(data);
            } catch (RuntimeException e) {
                continue; // a runtime JMESPath error (e.g. a function on the wrong type): Promtail skips it
            }
            entry.extract(names.get(i), toExtracted(result));
        }
        next.accept(entry);
    }

    /** "not a JSON object at byte 0" for text that is not JSON, "... (an array)" for JSON of another type. */
    private static String malformed(JsonNode data, long errorAt) {
        if (data != null && data.isMissingNode()) {
            return "not a JSON object (no value)";
        }
        if (data != null) {
            return "not a JSON object (" + (data.isArray() ? "an array" : "a " + data.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT)) + ")";
        }
        return "not a JSON object" + (errorAt < 0 ? "" : " at character " + errorAt);
    }

    static Object toExtracted(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return GoValues.toGoJson(node);
    }
}
