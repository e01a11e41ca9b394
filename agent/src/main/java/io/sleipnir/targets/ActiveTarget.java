package io.sleipnir.targets;

import io.sleipnir.model.Labels;

/**
 * A target being tailed, for the status page.
 *
 * @param discoveredLabels the labels before relabeling
 * @param labels the labels sent with every line (no {@code __} labels)
 * @param path the absolute {@code __path__} glob
 * @param pathExclude the absolute {@code __path_exclude__} glob, or "" when none
 */
public record ActiveTarget(String job, Labels discoveredLabels, Labels labels, String path, String pathExclude) {
}
