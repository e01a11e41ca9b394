package io.sleipnir.relabel;

/**
 * Prometheus' legacy label-name rule {@code [a-zA-Z_][a-zA-Z0-9_]*}. We keep the legacy scheme (not Prometheus 3's
 * UTF-8 one) because Loki only accepts these names; a rule that would produce anything else is refused up front.
 */
final class LabelNames {
    private LabelNames() {
    }

    static boolean isValid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
