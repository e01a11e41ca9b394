package io.sleipnir.config;

import java.util.List;

/**
 * One {@code relabel_configs} entry as written: a null field means the key is absent, so its Prometheus default
 * applies (and, for the actions that forbid other keys, that it was not set). The binder has already checked it
 * with {@code io.sleipnir.relabel.RelabelRule.fromYamlValues}, so compiling it again cannot fail; the raw values
 * are kept so that the configuration prints back as the user wrote it.
 */
public record RelabelConfig(List<String> sourceLabels, String separator, String targetLabel, String regex,
        Long modulus, String replacement, String action) {

    public RelabelConfig {
        sourceLabels = sourceLabels == null ? null : List.copyOf(sourceLabels);
    }
}
