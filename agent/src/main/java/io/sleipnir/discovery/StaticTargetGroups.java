package io.sleipnir.discovery;

import io.sleipnir.config.StaticConfig;
import io.sleipnir.model.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code static_configs}: one group per entry, one target per {@code targets} item with {@code __address__} set to it,
 * as Prometheus' static provider does. An entry without {@code targets} still yields one target (Prometheus would
 * yield none): Promtail users often leave {@code targets} out of file scrape configs, where it means nothing.
 */
public final class StaticTargetGroups implements TargetGroupProvider {
    private final List<TargetGroup> groups;

    public StaticTargetGroups(List<StaticConfig> configs) {
        List<TargetGroup> out = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            StaticConfig c = configs.get(i);
            List<Labels> targets = new ArrayList<>();
            for (String address : c.targets()) {
                targets.add(Labels.of("__address__", address));
            }
            if (targets.isEmpty()) {
                targets.add(Labels.empty());
            }
            out.add(new TargetGroup(String.valueOf(i), Labels.of(c.labels()), targets));
        }
        this.groups = List.copyOf(out);
    }

    @Override
    public List<TargetGroup> groups() {
        return groups;
    }
}
