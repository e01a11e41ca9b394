package io.sleipnir.discovery;

import io.sleipnir.model.Labels;
import java.util.List;

/**
 * Prometheus' {@code targetgroup.Group}: labels common to a set of targets plus each target's own labels. A target's
 * full discovered label set is {@code labels} merged with the target's labels (the target's win).
 *
 * @param source unique per provider, e.g. {@code pod/<namespace>/<name>}; an update replaces the group with the
 *     same source
 */
public record TargetGroup(String source, Labels labels, List<Labels> targets) {
    public TargetGroup {
        targets = List.copyOf(targets);
    }
}
