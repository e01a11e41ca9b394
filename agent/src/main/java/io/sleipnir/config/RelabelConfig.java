package io.sleipnir.config;

import io.sleipnir.relabel.RelabelRule;
import java.util.List;
import java.util.Objects;

/**
 * One {@code relabel_configs} entry as written, and its rule compiled once, here, when it is bound: a bad rule fails
 * the load with its location ({@link IllegalArgumentException}, which the binder reports as file:line:column). A null
 * field means the key is absent, so its Prometheus default applies (and, for the actions that forbid other keys,
 * that it was not set); the raw values are kept so that the configuration prints back as the user wrote it. Equal
 * when the values as written are.
 */
public final class RelabelConfig {
    private final List<String> sourceLabels;
    private final String separator;
    private final String targetLabel;
    private final String regex;
    private final Long modulus;
    private final String replacement;
    private final String action;
    private final RelabelRule rule;

    /** @throws IllegalArgumentException when the values do not make a valid rule (the message says why) */
    public RelabelConfig(List<String> sourceLabels, String separator, String targetLabel, String regex,
            Long modulus, String replacement, String action) {
        this.sourceLabels = sourceLabels == null ? null : List.copyOf(sourceLabels);
        this.separator = separator;
        this.targetLabel = targetLabel;
        this.regex = regex;
        this.modulus = modulus;
        this.replacement = replacement;
        this.action = action;
        this.rule = RelabelRule.fromYamlValues(this.sourceLabels, separator, targetLabel, regex, modulus,
                replacement, action);
    }

    /** The compiled rule. */
    public RelabelRule rule() {
        return rule;
    }

    public List<String> sourceLabels() {
        return sourceLabels;
    }

    public String separator() {
        return separator;
    }

    public String targetLabel() {
        return targetLabel;
    }

    public String regex() {
        return regex;
    }

    public Long modulus() {
        return modulus;
    }

    public String replacement() {
        return replacement;
    }

    public String action() {
        return action;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelabelConfig r && Objects.equals(sourceLabels, r.sourceLabels)
                && Objects.equals(separator, r.separator) && Objects.equals(targetLabel, r.targetLabel)
                && Objects.equals(regex, r.regex) && Objects.equals(modulus, r.modulus)
                && Objects.equals(replacement, r.replacement) && Objects.equals(action, r.action);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceLabels, separator, targetLabel, regex, modulus, replacement, action);
    }

    @Override
    public String toString() {
        return "RelabelConfig[sourceLabels=" + sourceLabels + ", separator=" + separator + ", targetLabel="
                + targetLabel + ", regex=" + regex + ", modulus=" + modulus + ", replacement=" + replacement
                + ", action=" + action + "]";
    }
}
