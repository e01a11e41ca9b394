package io.sleipnir.config;

import io.sleipnir.golang.GoDuration;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Converts tree nodes to typed values, with errors that carry the key path and the node's location. A YAML null
 * (an empty value, {@code ~}) is treated by callers as "absent, use the default"; the converters themselves
 * reject it where a value is needed.
 */
public final class NodeConverter {
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** Keys this far (in edits) from a known key get a "did you mean" hint; further ones are just unknown. */
    private static final int SUGGESTION_DISTANCE = 2;

    private final String sourceName;
    private final List<ConfigException> problems = new ArrayList<>();

    NodeConverter(String sourceName) {
        this.sourceName = sourceName;
    }

    /**
     * Records a problem and lets binding go on, so that one load reports every problem it can find (unknown keys,
     * one bad stage or client among others) instead of only the first.
     */
    void report(ConfigException problem) {
        problems.add(problem);
        if (problems.size() >= MAX_PROBLEMS) {
            throw new TooManyProblems();
        }
    }

    /** One part of the binding that may fail on its own. */
    public interface Part<T> {
        T bind() throws ConfigException;
    }

    /** Binds {@code part}; on a problem, records it and returns {@code fallback} so that binding goes on. */
    public <T> T collect(Part<T> part, T fallback) {
        try {
            return part.bind();
        } catch (ConfigException e) {
            report(e);
            return fallback;
        }
    }

    /** Binding stops after this many problems: the report shows 20, and a hostile file could hold millions. */
    static final int MAX_PROBLEMS = 200;

    /** Thrown by {@link #report} to end binding early; caught where binding starts. */
    static final class TooManyProblems extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyProblems() {
            super(null, null, false, false);
        }
    }

    List<ConfigException> problems() {
        return problems;
    }

    public ConfigException error(int line, int column, String path, String problem) {
        return new ConfigException(sourceName, line, column, path, problem);
    }

    public ConfigException error(YamlNode at, String path, String problem) {
        return error(at.line(), at.column(), path, problem);
    }

    private ConfigException expected(String what, YamlNode node, String path) {
        return error(node, path, "expected " + what + ", got " + node.describe());
    }

    /** Any scalar reads as its text, as go-yaml does for string fields ({@code port: 8080} is "8080"). */
    public String string(YamlNode node, String path) throws ConfigException {
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            return scalar.text();
        }
        throw expected("a string", node, path);
    }

    /**
     * A string as Promtail's stages that decode with {@code mapstructure.WeakDecode} (drop, multiline) read one: a
     * YAML boolean (yaml.v2 reads {@code yes}, {@code on}, {@code true} as one) is "1" or "0", anything else as
     * {@link #string}.
     */
    public String weakString(YamlNode node, String path) throws ConfigException {
        if (node instanceof YamlNode.Scalar scalar && scalar.isBoolean()) {
            return scalar.kind() == YamlNode.Scalar.Kind.TRUE ? "1" : "0";
        }
        return string(node, path);
    }

    /** An integer as {@code mapstructure.WeakDecode} reads one: a quoted number ({@code "2"}) is accepted too. */
    public long weakInteger(YamlNode node, String path, long min, long max) throws ConfigException {
        if (node instanceof YamlNode.Scalar scalar && scalar.kind() == YamlNode.Scalar.Kind.STRING
                && parseYamlInt(scalar.text().strip()) != null) {
            return integer(new YamlNode.Scalar(scalar.text().strip(), YamlNode.Scalar.Kind.INT, scalar.line(),
                    scalar.column()), path, min, max);
        }
        return integer(node, path, min, max);
    }

    public boolean bool(YamlNode node, String path) throws ConfigException {
        if (node instanceof YamlNode.Scalar scalar && scalar.isBoolean()) {
            return scalar.kind() == YamlNode.Scalar.Kind.TRUE;
        }
        throw expected("a boolean (true or false)", node, path);
    }

    public long integer(YamlNode node, String path, long min, long max) throws ConfigException {
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.kind() != YamlNode.Scalar.Kind.INT) {
            throw expected("a number", node, path);
        }
        BigInteger value = parseYamlInt(scalar.text());
        if (value == null) {
            throw expected("a number", node, path);
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw error(node, path, "must be between " + min + " and " + max + ", got " + scalar.text());
        }
        return value.longValueExact();
    }

    /** A non-negative Go duration; a bare 0 (an int) is zero, any other bare number is an error with a hint. */
    public Duration duration(YamlNode node, String path) throws ConfigException {
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull() || scalar.isBoolean()) {
            throw expected("a duration", node, path);
        }
        Duration value;
        try {
            value = GoDuration.parse(scalar.text());
        } catch (IllegalArgumentException e) {
            throw error(node, path, e.getMessage());
        }
        if (value.isNegative()) {
            throw error(node, path, "must not be negative, got \"" + scalar.text() + "\"");
        }
        return value;
    }

    /** A byte count: a plain number of bytes or a size with a unit ({@link ByteSize}). */
    public long byteSize(YamlNode node, String path) throws ConfigException {
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull() || scalar.isBoolean()) {
            throw expected("a byte size", node, path);
        }
        String text = scalar.kind() == YamlNode.Scalar.Kind.INT ? scalar.text().replace("_", "") : scalar.text();
        try {
            return ByteSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(node, path, e.getMessage());
        }
    }

    public YamlNode.Sequence list(YamlNode node, String path) throws ConfigException {
        if (node instanceof YamlNode.Sequence sequence) {
            return sequence;
        }
        throw expected("a list", node, path);
    }

    public List<String> stringList(YamlNode node, String path) throws ConfigException {
        YamlNode.Sequence sequence = list(node, path);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            out.add(string(sequence.items().get(i), ConfigPaths.index(path, i)));
        }
        return out;
    }

    /**
     * A map of strings; with {@code labelNames} each key must be a valid Prometheus label name, and an empty value
     * ({@code app:}, or {@code ${APP}} expanded from an unset variable) is the empty string, as Go's YAML decoder
     * gives Promtail; an empty label is dropped later, as Loki drops it.
     */
    public Map<String, String> stringMap(YamlNode node, String path, boolean labelNames) throws ConfigException {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw expected("a map", node, path);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (YamlNode.Entry entry : mapping.entries()) {
            String entryPath = ConfigPaths.child(path, entry.key());
            if (labelNames && !LABEL_NAME.matcher(entry.key()).matches()) {
                throw error(entry.line(), entry.column(), entryPath,
                        "invalid label name \"" + entry.key() + "\" (must match [a-zA-Z_][a-zA-Z0-9_]*)");
            }
            boolean empty = entry.value() instanceof YamlNode.Scalar scalar && scalar.isNull();
            out.put(entry.key(), labelNames && empty ? "" : string(entry.value(), entryPath));
        }
        return out;
    }

    /** A number: a YAML int or float, or a string that holds one (as Go's strconv would read it). */
    public double number(YamlNode v, String path) throws ConfigException {
        if (v instanceof YamlNode.Scalar scalar
                && (scalar.kind() == YamlNode.Scalar.Kind.INT || scalar.kind() == YamlNode.Scalar.Kind.FLOAT
                || scalar.kind() == YamlNode.Scalar.Kind.STRING)) {
            try {
                return Double.parseDouble(scalar.text().replace("_", ""));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw error(v, path, "expected a number, got " + v.describe());
    }

    /**
     * The map under {@code entry}, whose values may be left empty ({@code user:}); empty values read as "". With
     * {@code labelNames} each key must be a valid label name. An empty map ({@code labels:}) is an error here.
     */
    public Map<String, String> nullableStringMap(YamlNode.Entry entry, String path, boolean labelNames)
            throws ConfigException {
        YamlNode node = entry.value();
        if (!(node instanceof YamlNode.Mapping mapping)) {
            if (node instanceof YamlNode.Scalar scalar && scalar.isNull()) {
                throw error(entry.line(), entry.column(), path, "must not be empty");
            }
            throw error(node, path, "expected a map, got " + node.describe());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (YamlNode.Entry e : mapping.entries()) {
            String entryPath = ConfigPaths.child(path, e.key());
            if (labelNames && !LABEL_NAME.matcher(e.key()).matches()) {
                throw error(e.line(), e.column(), entryPath,
                        "invalid label name \"" + e.key() + "\" (must match [a-zA-Z_][a-zA-Z0-9_]*)");
            }
            YamlNode value = e.value();
            out.put(e.key(), value instanceof YamlNode.Scalar scalar && scalar.isNull() ? "" : string(value, entryPath));
        }
        return out;
    }

    /** Opens a mapping for reading; a null node (e.g. {@code cri:}) reads as an empty mapping. */
    public MappingReader mapping(YamlNode node, String path, Keys keys) throws ConfigException {
        if (node instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            return new MappingReader(this, new YamlNode.Mapping(List.of(), node.line(), node.column()), path);
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw expected("a map", node, path);
        }
        for (YamlNode.Entry entry : mapping.entries()) {
            String entryPath = ConfigPaths.child(path, entry.key());
            if (keys.notYetSupported().contains(entry.key())) {
                report(error(entry.line(), entry.column(), entryPath, "\"" + entry.key() + "\" is not supported yet"));
            } else if (!keys.known().contains(entry.key()) && !keys.ignored().contains(entry.key())) {
                report(error(entry.line(), entry.column(), entryPath, "unknown key \"" + entry.key() + "\""
                        + suggestion(entry.key(), keys)));
            }
        }
        return new MappingReader(this, mapping, path);
    }

    /** {@code (did you mean "batchwait"?)} for the nearest key within two edits, or "" when none is that near. */
    public static String suggestion(String unknown, Keys keys) {
        LevenshteinDistance distance = new LevenshteinDistance(SUGGESTION_DISTANCE);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        java.util.SortedSet<String> candidates = new java.util.TreeSet<>(keys.known());
        candidates.addAll(keys.notYetSupported());
        candidates.addAll(keys.ignored());
        for (String candidate : candidates) {
            int d = distance.apply(unknown, candidate);
            // -1: further than the threshold. A key of one or two letters is "near" everything; no guess for it.
            if (d >= 0 && d < bestDistance && d < unknown.length()) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean \"" + best + "\"?)";
    }

    /** YAML core-schema integers: decimal with optional sign and underscores, 0x hex, 0o octal. */
    private static BigInteger parseYamlInt(String text) {
        String s = text.replace("_", "");
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        try {
            BigInteger value;
            if (s.startsWith("0x") || s.startsWith("0X")) {
                value = new BigInteger(s.substring(2), 16);
            } else if (s.startsWith("0o")) {
                value = new BigInteger(s.substring(2), 8);
            } else {
                value = new BigInteger(s, 10);
            }
            return negative ? value.negate() : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The keys a mapping may hold: read, rejected as "not supported yet", or accepted and ignored. */
    public record Keys(java.util.Set<String> known, java.util.Set<String> notYetSupported,
                       java.util.Set<String> ignored) {
        public static Keys of(String... known) {
            return new Keys(java.util.Set.of(known), java.util.Set.of(), java.util.Set.of());
        }

        public Keys notYetSupported(String... keys) {
            return new Keys(known, java.util.Set.of(keys), ignored);
        }

        public Keys ignored(java.util.Set<String> keys) {
            return new Keys(known, notYetSupported, keys);
        }
    }
}
