package io.sleipnir.relabel;

/**
 * Prometheus' {@code strutil.SanitizeLabelName}: every character (code point, as Go's regexp works on runes)
 * outside {@code [a-zA-Z0-9_]} becomes one {@code _}.
 */
public final class LabelNameSanitizer {
    private LabelNameSanitizer() {
    }

    public static String sanitize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            out.append(valid ? (char) c : '_');
        });
        return out.toString();
    }
}
