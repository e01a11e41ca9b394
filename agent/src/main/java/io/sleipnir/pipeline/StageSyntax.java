package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.golang.GoTemplate;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.NodeConverter;
import io.sleipnir.config.YamlNode;
import io.sleipnir.golang.GoRegex;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keys that several stages read the same way, with Promtail's rules and messages. */
final class StageSyntax {
    private StageSyntax() {
    }

    /** An optional {@code source}: absent or null means the log line; an empty string is an error, as in Promtail. */
    static String optionalSource(MappingReader m) throws ConfigException {
        String source = m.string("source", null);
        if (source != null && source.isEmpty()) {
            throw m.error("source", "must not be empty (leave it out to use the log line)");
        }
        return source;
    }

    static String requiredSource(MappingReader m) throws ConfigException {
        String source = m.string("source", null);
        if (source == null) {
            throw m.missing("source");
        }
        if (source.isEmpty()) {
            throw m.error("source", "must not be empty");
        }
        return source;
    }

    /** A regular expression, compiled here (RE2 syntax, Go's errors) so that a bad one fails the load. */
    static GoRegex requiredRegex(MappingReader m, String key) throws ConfigException {
        String expression = m.string(key, null);
        if (expression == null || expression.isEmpty()) {
            throw expression == null ? m.missing(key) : m.error(key, "must not be empty");
        }
        try {
            return GoRegex.compile(expression);
        } catch (IllegalArgumentException e) {
            throw m.error(key, "could not compile regular expression \"" + expression + "\": " + e.getMessage());
        }
    }

    /** A Go template, parsed here; absent is the empty template. */
    static GoTemplate template(MappingReader m, String key) throws ConfigException {
        String text = m.string(key, "");
        try {
            return GoTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            throw m.error(key, "invalid template: " + e.getMessage());
        }
    }

    /** {@code labels} / {@code structured_metadata}: label name to extracted name; an empty source is the name. */
    static Map<String, String> labelSources(NodeConverter convert, YamlNode.Entry stage, String path)
            throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        convert.nullableStringMap(stage, path, true)
                .forEach((name, source) -> out.put(name, source.isEmpty() ? name : source));
        return out;
    }

    /** {@code value}, or {@code defaultValue} when it is empty (Promtail's empty {@code drop_counter_reason}). */
    static String orDefault(String value, String defaultValue) {
        return value.isEmpty() ? defaultValue : value;
    }
}
