package io.sleipnir.relabel;

import io.sleipnir.golang.Expansion;
import io.sleipnir.golang.GoQuote;
import io.sleipnir.golang.GoRegex;
import io.sleipnir.golang.Re2SyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One validated, compiled {@code relabel_configs} entry. Build it with {@link #fromYamlValues} (the config loader)
 * or {@link #builder()}; both validate exactly as Prometheus' {@code relabel.Config.Validate} does and throw
 * {@link IllegalArgumentException} with Prometheus' messages.
 *
 * @param sourceLabels label names whose values are joined with {@code separator}; a missing label counts as ""
 * @param separator default {@code ;}
 * @param targetLabel "" when absent; for {@code replace} it may hold {@code $1}/{@code ${name}} references
 * @param regex the user's RE2 regex, anchored as {@code ^(?:regex)$}; default {@code (.*)}
 * @param modulus for {@code hashmod}; 0 when absent
 * @param replacement default {@code $1}
 * @param action default {@code replace}
 * @param targetExpansion {@code targetLabel} compiled as a Go {@code Expand} template against {@code regex}
 * @param replacementExpansion {@code replacement} compiled as a Go {@code Expand} template against {@code regex}
 */
public record RelabelRule(
        List<String> sourceLabels,
        String separator,
        String targetLabel,
        GoRegex regex,
        long modulus,
        String replacement,
        RelabelAction action,
        Expansion targetExpansion,
        Expansion replacementExpansion) {

    public static final String DEFAULT_SEPARATOR = ";";
    public static final String DEFAULT_REGEX = "(.*)";
    public static final String DEFAULT_REPLACEMENT = "$1";
    public static final RelabelAction DEFAULT_ACTION = RelabelAction.REPLACE;

    /** Prometheus' {@code relabelTarget}: a label name that may contain {@code $1}, {@code ${1}}, {@code $name}. */
    private static final GoRegex TEMPLATED_LABEL_NAME =
            GoRegex.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");

    public RelabelRule {
        sourceLabels = List.copyOf(sourceLabels);
        Objects.requireNonNull(separator, "separator");
        Objects.requireNonNull(targetLabel, "targetLabel");
        Objects.requireNonNull(regex, "regex");
        Objects.requireNonNull(replacement, "replacement");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(targetExpansion, "targetExpansion");
        Objects.requireNonNull(replacementExpansion, "replacementExpansion");
    }

    /**
     * Builds a rule from the YAML keys of one {@code relabel_configs} entry. A null argument means the key is absent
     * and its Prometheus default applies; as in Prometheus, a key that is present counts as "set" even when it
     * repeats the default, which matters for the keys {@code keepequal}/{@code dropequal} and
     * {@code labeldrop}/{@code labelkeep} forbid.
     *
     * @throws IllegalArgumentException with Prometheus' message when the entry is invalid
     */
    public static RelabelRule fromYamlValues(List<String> sourceLabels, String separator, String targetLabel,
            String regex, Long modulus, String replacement, String action) {
        RelabelAction act = action == null ? DEFAULT_ACTION : RelabelAction.fromYaml(action);
        List<String> sources = sourceLabels == null ? List.of() : new ArrayList<>(sourceLabels);
        for (String name : sources) {
            if (name == null || !LabelNames.isValid(name)) {
                throw new IllegalArgumentException(GoQuote.quote(String.valueOf(name)) + " is not a valid label name");
            }
        }
        String sep = separator == null ? DEFAULT_SEPARATOR : separator;
        String target = targetLabel == null ? "" : targetLabel;
        String repl = replacement == null ? DEFAULT_REPLACEMENT : replacement;
        if (modulus != null && modulus < 0) {
            throw new IllegalArgumentException("modulus must not be negative, got " + modulus);
        }
        long mod = modulus == null ? 0 : modulus;
        GoRegex re = compileRegex(regex == null ? DEFAULT_REGEX : regex);

        validate(act, sourceLabels != null, sep, target, regex != null, mod, repl);

        return new RelabelRule(sources, sep, target, re, mod, repl, act,
                re.expansion(target), re.expansion(repl));
    }

    /** Anchored as Prometheus does; the message is exactly Go's, as Prometheus prints it for a bad rule. */
    private static GoRegex compileRegex(String regex) {
        try {
            return GoRegex.compileAnchored(regex);
        } catch (Re2SyntaxException e) {
            throw new IllegalArgumentException(e.goMessage(), e);
        }
    }

    /** The checks of Prometheus' {@code Config.Validate}, in its order, so the first message is the same. */
    private static void validate(RelabelAction act, boolean sourceLabelsSet, String sep, String target,
            boolean regexSet, long mod, String repl) {
        if (mod == 0 && act == RelabelAction.HASHMOD) {
            throw new IllegalArgumentException("relabel configuration for hashmod requires non-zero modulus");
        }
        boolean needsTarget = switch (act) {
            case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if (needsTarget && target.isEmpty()) {
            throw new IllegalArgumentException(
                    "relabel configuration for " + act + " action requires 'target_label' value");
        }
        boolean plainTarget = switch (act) {
            case LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL, HASHMOD -> true;
            default -> false;
        };
        if (act == RelabelAction.REPLACE) {
            boolean valid = target.contains("$")
                    ? TEMPLATED_LABEL_NAME.find(target)
                    : LabelNames.isValid(target);
            if (!valid) {
                throw invalidTarget(target, act);
            }
        }
        if (plainTarget && act != RelabelAction.HASHMOD && !LabelNames.isValid(target)) {
            throw invalidTarget(target, act);
        }
        boolean noReplacement = switch (act) {
            case LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if (noReplacement && !repl.equals(DEFAULT_REPLACEMENT)) {
            throw new IllegalArgumentException("'replacement' can not be set for " + act + " action");
        }
        if (act == RelabelAction.LABELMAP && !TEMPLATED_LABEL_NAME.find(repl)) {
            throw new IllegalArgumentException(
                    GoQuote.quote(repl) + " is invalid 'replacement' for " + act + " action");
        }
        if (act == RelabelAction.HASHMOD && !LabelNames.isValid(target)) {
            throw invalidTarget(target, act);
        }
        if ((act == RelabelAction.KEEPEQUAL || act == RelabelAction.DROPEQUAL)
                && (regexSet || mod != 0 || !sep.equals(DEFAULT_SEPARATOR) || !repl.equals(DEFAULT_REPLACEMENT))) {
            throw new IllegalArgumentException(
                    act + " action requires only 'source_labels' and `target_label`, and no other fields");
        }
        if ((act == RelabelAction.LABELDROP || act == RelabelAction.LABELKEEP)
                && (sourceLabelsSet || !target.isEmpty() || mod != 0 || !sep.equals(DEFAULT_SEPARATOR)
                        || !repl.equals(DEFAULT_REPLACEMENT))) {
            throw new IllegalArgumentException(act + " action requires only 'regex', and no other fields");
        }
    }

    private static IllegalArgumentException invalidTarget(String target, RelabelAction act) {
        return new IllegalArgumentException(GoQuote.quote(target) + " is invalid 'target_label' for " + act + " action");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** For code and tests; an unset field is absent, exactly like a missing YAML key. */
    public static final class Builder {
        private List<String> sourceLabels;
        private String separator;
        private String targetLabel;
        private String regex;
        private Long modulus;
        private String replacement;
        private String action;

        private Builder() {
        }

        public Builder sourceLabels(String... names) {
            this.sourceLabels = Arrays.asList(names);
            return this;
        }

        public Builder sourceLabels(List<String> names) {
            this.sourceLabels = names;
            return this;
        }

        public Builder separator(String separator) {
            this.separator = separator;
            return this;
        }

        public Builder targetLabel(String targetLabel) {
            this.targetLabel = targetLabel;
            return this;
        }

        /** An RE2 regex, unanchored as the user writes it. */
        public Builder regex(String regex) {
            this.regex = regex;
            return this;
        }

        public Builder modulus(long modulus) {
            this.modulus = modulus;
            return this;
        }

        public Builder replacement(String replacement) {
            this.replacement = replacement;
            return this;
        }

        public Builder action(RelabelAction action) {
            this.action = action.yamlName();
            return this;
        }

        public RelabelRule build() {
            return fromYamlValues(sourceLabels, separator, targetLabel, regex, modulus, replacement, action);
        }
    }
}
