package io.sleipnir.targets;

import io.sleipnir.model.Labels;

/** A discovered target that is not tailed, and why; for the status page. */
public record DroppedTarget(String job, Labels discoveredLabels, TargetDropReason reason) {
}
