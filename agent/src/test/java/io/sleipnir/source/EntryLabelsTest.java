package io.sleipnir.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.RelabelConfig;
import io.sleipnir.model.Labels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link EntryLabels#used}: a source may leave out a {@code __} label no rule can see (the journal leaves out most
 * fields), so leaving it out must never change the result.
 */
class EntryLabelsTest {
    private static final List<List<RelabelConfig>> RULE_SETS = List.of(
            List.of(rule(List.of("__journal__systemd_unit"), "unit", null, null)),
            List.of(rule(List.of("__journal__systemd_unit"), null, "kube.*", "keep")),
            List.of(rule(List.of("__journal_message"), null, "noise.*", "drop")),
            List.of(rule(List.of("__journal__hostname"), "__journal__pid", null, "keepequal")),
            List.of(new RelabelConfig(List.of("__journal__pid"), null, "shard", null, 4L, null, "hashmod")),
            List.of(rule(List.of("__journal__systemd_unit"), "unit", null, "lowercase")),
            List.of(new RelabelConfig(null, null, null, "__journal_(.+)", null, "j_$1", "labelmap")),
            List.of(new RelabelConfig(null, null, null, "__journal_message", null, null, "labeldrop"),
                    new RelabelConfig(null, null, null, "__journal_.+|job", null, null, "labelkeep")));

    private static RelabelConfig rule(List<String> sources, String target, String regex, String action) {
        return new RelabelConfig(sources, null, target, regex, null, null, action);
    }

    private static Map<String, String> message(String unit, String text, String pid) {
        Map<String, String> m = new HashMap<>(Map.of("job", "node"));
        m.put("__journal__systemd_unit", unit);
        m.put("__journal__hostname", "node-1");
        m.put("__journal_message", text);
        m.put("__journal__pid", pid);
        return m;
    }

    @Test
    void leavingOutALabelNoRuleCanSeeNeverChangesTheResult() {
        List<Map<String, String>> messages = List.of(message("kubelet.service", "started", "41"),
                message("KUBELET.service", "noise here", "7"), message("containerd.service", "node-1", "node-1"));
        for (List<RelabelConfig> rules : RULE_SETS) {
            EntryLabels labels = new EntryLabels(Map.of(), rules);
            for (Map<String, String> m : messages) {
                Labels all = labels.finish(new HashMap<>(m));
                Map<String, String> seen = new HashMap<>(m);
                seen.keySet().removeIf(name -> name.startsWith("__") && !labels.used(name));
                assertThat(new EntryLabels(Map.of(), rules).finish(seen)).as("%s on %s", rules, m).isEqualTo(all);
            }
        }
    }

    @Test
    void aRuleSeesTheLabelsItNamesAndEveryLabelWhenItActsOnNames() {
        EntryLabels unitOnly = new EntryLabels(Map.of(), RULE_SETS.get(0));
        assertThat(unitOnly.used("__journal__systemd_unit")).isTrue();
        assertThat(unitOnly.used("__journal_message")).isFalse();

        EntryLabels keepEqual = new EntryLabels(Map.of(), RULE_SETS.get(3));
        assertThat(keepEqual.used("__journal__pid")).as("keepequal reads its target").isTrue();

        EntryLabels labelMap = new EntryLabels(Map.of(), RULE_SETS.get(6));
        assertThat(labelMap.used("__journal_message")).isTrue();
        assertThat(labelMap.used("__anything")).isTrue();
    }
}
