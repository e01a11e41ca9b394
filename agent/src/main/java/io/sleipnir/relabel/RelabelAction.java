package io.sleipnir.relabel;

import io.sleipnir.golang.GoQuote;
import java.util.Locale;

/** The relabel actions Promtail's vendored Prometheus accepts; {@link #yamlName()} is the config spelling. */
public enum RelabelAction {
    REPLACE,
    KEEP,
    DROP,
    KEEPEQUAL,
    DROPEQUAL,
    HASHMOD,
    LABELMAP,
    LABELDROP,
    LABELKEEP,
    LOWERCASE,
    UPPERCASE;

    private final String yamlName = name().toLowerCase(Locale.ROOT);

    public String yamlName() {
        return yamlName;
    }

    /** Parses a config value case-insensitively, as Prometheus' {@code Action.UnmarshalYAML} does. */
    public static RelabelAction fromYaml(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (RelabelAction a : values()) {
            if (a.yamlName.equals(lower)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown relabel action " + GoQuote.quote(value));
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
