package io.sleipnir.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.RelabelConfig;
import io.sleipnir.model.Labels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryLabelsTest {

    private static Map<String, String> message(String unit, String text, String pid) {
        Map<String, String> m = new HashMap<>(Map.of("job", "node"));
        m.put("__journal__systemd_unit", unit);
        m.put("__journal_message", text);
        m.put("__journal__pid", pid);
        return m;
    }

    @Test
    void messagesThatDifferOnlyInLabelsNoRuleNamesShareOneLabelSet() {
        // Each journal entry's own __journal_message made every label set new: each entry held its own Labels, and
        // the 4,096 remembered sets each held a whole message.
        EntryLabels labels = new EntryLabels(Map.of(),
                List.of(new RelabelConfig(List.of("__journal__systemd_unit"), null, "unit", null, null, null, null)));

        Labels first = labels.finish(message("kubelet.service", "started", "41"));
        Labels second = labels.finish(message("kubelet.service", "stopped", "42"));
        Labels other = labels.finish(message("containerd.service", "started", "41"));

        assertThat(first).isEqualTo(Labels.of(Map.of("job", "node", "unit", "kubelet.service")));
        assertThat(second).isSameAs(first);
        assertThat(other).isEqualTo(Labels.of(Map.of("job", "node", "unit", "containerd.service")));
    }

    @Test
    void aLabelARuleNamesStillDecides() {
        EntryLabels labels = new EntryLabels(Map.of(), List.of(
                new RelabelConfig(List.of("__journal_message"), null, null, "drop me.*", null, null, "drop"),
                new RelabelConfig(List.of("__journal__pid"), null, "pid", null, null, null, null)));

        assertThat(labels.finish(message("a.service", "drop me now", "1"))).isNull();
        assertThat(labels.finish(message("a.service", "keep me", "1")))
                .isEqualTo(Labels.of(Map.of("job", "node", "pid", "1")));
        assertThat(labels.finish(message("a.service", "keep me too", "2")))
                .isEqualTo(Labels.of(Map.of("job", "node", "pid", "2")));
    }

    @Test
    void rulesActingOnNamesSeeEveryLabel() {
        EntryLabels labels = new EntryLabels(Map.of(), List.of(
                new RelabelConfig(null, null, null, "__journal_(.+)", null, "j_$1", "labelmap")));

        assertThat(labels.finish(message("a.service", "hello", "7"))).isEqualTo(Labels.of(Map.of("job", "node",
                "j__systemd_unit", "a.service", "j_message", "hello", "j__pid", "7")));
        assertThat(labels.finish(message("a.service", "bye", "7"))).isEqualTo(Labels.of(Map.of("job", "node",
                "j__systemd_unit", "a.service", "j_message", "bye", "j__pid", "7")));
    }
}
