package io.sleipnir.discovery;

import java.util.List;

/** The current target groups of one {@code static_configs} block or {@code kubernetes_sd_configs} entry. */
public interface TargetGroupProvider {
    /** A snapshot; safe to call from any thread. */
    List<TargetGroup> groups();
}
