package io.sleipnir.targets;

import io.sleipnir.config.RelabelConfig;
import io.sleipnir.relabel.RelabelRule;
import java.util.ArrayList;
import java.util.List;

/** Compiles {@code relabel_configs} once, at start. */
public final class RelabelRules {
    private RelabelRules() {
    }

    /**
     * @throws IllegalArgumentException only if a rule bypassed the config loader, which validates each rule with
     *     the same method and reports it with its file:line:column
     */
    public static List<RelabelRule> compile(List<RelabelConfig> configs) {
        List<RelabelRule> out = new ArrayList<>(configs.size());
        for (RelabelConfig c : configs) {
            out.add(RelabelRule.fromYamlValues(c.sourceLabels(), c.separator(), c.targetLabel(), c.regex(),
                    c.modulus(), c.replacement(), c.action()));
        }
        return List.copyOf(out);
    }
}
