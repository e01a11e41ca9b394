package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.config.YamlNode;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import io.sleipnir.config.StageConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Promtail's {@code logfmt} stage: decodes {@code key=value} pairs from the line (or extracted {@code source}) as
 * go-logfmt does and sets the mapped ones as extracted values. Values may be quoted with escapes
 * ({@code msg="a \"b\""}); a bare key ({@code debug}) or an empty value ({@code k=}) gives "". Several records are
 * separated by newlines. On a syntax error the pairs decoded before it are kept and the rest is ignored, as in
 * Promtail (which logs the error).
 */
final class LogfmtStage implements SimpleStage {
    static final StageKind<Config> KIND = new StageKind<>("logfmt", Config.class, LogfmtStage::bind,
            (config, context, stagesFollow) -> new LogfmtStage(config));
    private static final Keys KEYS = Keys.of("mapping", "source");

    /** {@code logfmt}: extracted name to logfmt key (an empty key in the file is already replaced by the name). */
    record Config(Map<String, String> mapping, String source) implements StageConfig {
        Config {
            mapping = Map.copyOf(mapping);
        }

        @Override
        public String name() {
            return "logfmt";
        }

        @Override
        public Object printed() {
            Map<String, Object> body = ConfigPrinter.map("mapping", new TreeMap<>(mapping));
            ConfigPrinter.putIfNotNull(body, "source", source);
            return body;
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        YamlNode.Entry mapping = m.entry("mapping");
        if (mapping == null) {
            throw m.missing("mapping");
        }
        Map<String, String> byName = m.converter().nullableStringMap(mapping, m.path("mapping"), false);
        if (byName.isEmpty()) {
            throw m.error("mapping", "at least one mapping is required");
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        byName.forEach((name, key) -> resolved.put(name, key.isEmpty() ? name : key));
        return new Config(resolved, StageSyntax.optionalSource(m));
    }

    /** logfmt key to extracted name (Promtail's inverse mapping). */
    private final Map<String, String> extractedNameByKey = new HashMap<>();
    private final String source;

    LogfmtStage(Config config) {
        config.mapping().forEach((name, key) -> extractedNameByKey.put(key, name));
        this.source = config.source();
    }

    @Override
    public String name() {
        return "logfmt";
    }

    @Override
    public void apply(PipelineEntry entry) {
        String input = Extracted.input(entry, source);
        if (input == null) {
            return;
        }
        decode(input, (key, value) -> {
            String name = extractedNameByKey.get(key);
            if (name != null) {
                entry.extract(name, value);
            }
        });
    }

    interface KeyValues {
        void accept(String key, String value);
    }

    /** Decodes logfmt; returns false when it stopped at a syntax error. */
    static boolean decode(String s, KeyValues out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c <= ' ') {
                i++;
                continue;
            }
            int keyStart = i;
            while (i < n && s.charAt(i) > ' ' && s.charAt(i) != '=' && s.charAt(i) != '"') {
                i++;
            }
            if (i < n && s.charAt(i) == '"') {
                return false; // unexpected '"' in a key
            }
            if (i == keyStart) {
                return false; // unexpected '='
            }
            String key = s.substring(keyStart, i);
            if (i >= n || s.charAt(i) != '=') {
                out.accept(key, "");
                continue;
            }
            i++; // '='
            if (i >= n || s.charAt(i) <= ' ') {
                out.accept(key, "");
                continue;
            }
            if (s.charAt(i) == '"') {
                StringBuilder value = new StringBuilder();
                i = quotedValue(s, i + 1, value);
                if (i < 0) {
                    return false;
                }
                out.accept(key, value.toString());
                continue;
            }
            int valueStart = i;
            while (i < n && s.charAt(i) > ' ') {
                char v = s.charAt(i);
                if (v == '=' || v == '"') {
                    return false; // unexpected '=' or '"' in an unquoted value
                }
                i++;
            }
            out.accept(key, s.substring(valueStart, i));
        }
        return true;
    }

    /**
     * Reads a quoted value from {@code i}, just after its opening quote, into {@code value}; returns the index after
     * the closing quote, or -1 when the value is malformed (a bad escape, a newline, no closing quote).
     */
    private static int quotedValue(String s, int i, StringBuilder value) {
        int n = s.length();
        while (i < n) {
            char v = s.charAt(i);
            if (v == '"') {
                return i + 1;
            }
            if (v == '\\') {
                i = escape(s, i, value);
                if (i < 0) {
                    return -1;
                }
                continue;
            }
            if (v == '\n') {
                return -1; // unterminated quoted value
            }
            value.append(v);
            i++;
        }
        return -1;
    }

    /** Appends the escape at {@code i} (its backslash); returns the index after it, or -1 when malformed. */
    private static int escape(String s, int i, StringBuilder value) {
        int n = s.length();
        if (i + 1 >= n) {
            return -1;
        }
        char e = s.charAt(i + 1);
        switch (e) {
            case '"', '\\', '/' -> value.append(e);
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'u' -> {
                if (i + 6 > n) {
                    return -1;
                }
                try {
                    value.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                } catch (NumberFormatException ex) {
                    return -1;
                }
                return i + 6;
            }
            default -> {
                return -1;
            }
        }
        return i + 2;
    }
}
