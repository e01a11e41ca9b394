package io.sleipnir.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.model.Labels;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class RelabelPropertiesTest {

    @Property(tries = 200)
    void labelKeepAndLabelDropSplitTheSetByName(
            @ForAll @Size(max = 8) Map<@AlphaChars @StringLength(min = 1, max = 6) String,
                    @AlphaChars @StringLength(min = 1, max = 4) String> raw) {
        Labels in = Labels.of(raw);
        RelabelRule keep = RelabelRule.builder().regex("[a-m].*").action(RelabelAction.LABELKEEP).build();
        RelabelRule drop = RelabelRule.builder().regex("[a-m].*").action(RelabelAction.LABELDROP).build();

        Labels kept = Relabeler.process(in, List.of(keep));
        Labels dropped = Relabeler.process(in, List.of(drop));

        TreeMap<String, String> union = new TreeMap<>(kept.toMap());
        union.putAll(dropped.toMap());
        assertThat(union).isEqualTo(in.toMap());
        assertThat(kept.toMap().keySet()).allMatch(n -> n.matches("[a-m].*"));
        assertThat(dropped.toMap().keySet()).noneMatch(n -> n.matches("[a-m].*"));
    }

    @Property(tries = 200)
    void hashModIsAlwaysAShardIndex(@ForAll String value, @ForAll @LongRange(min = 1) long modulus) {
        long shard = Relabeler.hashMod(value, modulus);
        assertThat(shard).isBetween(0L, modulus - 1);
    }
}
