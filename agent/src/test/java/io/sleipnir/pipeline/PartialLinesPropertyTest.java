package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.StageConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PartialLinesPropertyTest {

    record Fragment(boolean stderr, boolean partial, String content) {
    }

    @Provide
    Arbitrary<List<Fragment>> fragments() {
        Arbitrary<Fragment> one = Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.strings().withChars("ab é😀\t").ofMaxLength(6)).as(Fragment::new);
        return one.list().ofMaxSize(40);
    }

    @Property(tries = 300)
    void eachStreamReceivesExactlyTheConcatenationOfItsFragmentsInOrder(@ForAll("fragments") List<Fragment> input)
            throws InterruptedException {
        Labels file = Labels.of("filename", "/var/log/pods/a/0.log");
        CriStage cri = new CriStage(CriStage.Config.defaults(),
                new StageContext("job", new AgentMetrics(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
        RecordingSink out = new RecordingSink();
        List<CountingDelivery> deliveries = new ArrayList<>();
        Map<String, StringBuilder> expected = new HashMap<>(Map.of("stdout", new StringBuilder(), "stderr", new StringBuilder()));

        for (Fragment f : input) {
            String stream = f.stderr() ? "stderr" : "stdout";
            CountingDelivery d = new CountingDelivery("d" + deliveries.size());
            deliveries.add(d);
            expected.get(stream).append(f.content());
            cri.process(LogEntry.of(0, "2026-11-25T10:00:00Z " + stream + " " + (f.partial() ? "P" : "F") + " "
                    + f.content(), file, d), out);
        }
        cri.flush(out);

        Map<String, StringBuilder> actual = new HashMap<>(Map.of("stdout", new StringBuilder(), "stderr", new StringBuilder()));
        for (LogEntry e : out.entries) {
            actual.get(e.labels().get("stream")).append(e.line());
        }
        assertThat(actual.get("stdout").toString()).isEqualTo(expected.get("stdout").toString());
        assertThat(actual.get("stderr").toString()).isEqualTo(expected.get("stderr").toString());

        // Every input token is either carried by exactly one output entry (still open) or completed exactly once.
        Set<Object> carried = new HashSet<>();
        for (LogEntry e : out.entries) {
            assertThat(carried.add(e.delivery())).as("a token carried twice").isTrue();
        }
        for (CountingDelivery d : deliveries) {
            assertThat(d.completed).as(d.name).isEqualTo(carried.contains(d) ? 0 : 1);
        }
        // One output per F line, plus one per stream still pending at the flush.
        long fullLines = input.stream().filter(f -> !f.partial()).count();
        assertThat((long) out.entries.size()).isBetween(fullLines, fullLines + 2);
    }
}
