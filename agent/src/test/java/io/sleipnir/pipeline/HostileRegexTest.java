package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.model.Labels;
import io.sleipnir.relabel.RelabelAction;
import io.sleipnir.relabel.RelabelRule;
import io.sleipnir.relabel.Relabeler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 7.1: {@code ^(?P<f>.*?,){11}P} on {@code "a,"} repeated makes a backtracking engine try every way of
 * splitting the commas among the eleven repetitions (java.util.regex took 70 s on 40 repetitions). Go's RE2, which
 * Promtail runs, answers in linear time; so must every place a user's regex runs here: the {@code regex} stage, a
 * relabel rule and a {@code match} line filter. The timeouts only guard against a hang: nothing here is timed.
 */
class HostileRegexTest {
    private static final String HOSTILE = "^(?P<f>.*?,){11}P";

    @ParameterizedTest(name = "\"a,\" x {0}")
    @ValueSource(ints = {40, 10_000})
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void theRegexStageFinishesAndExtractsWhatGoExtracts(int repeats) throws Exception {
        StagesHarness h = new StagesHarness("- regex: {expression: '" + HOSTILE + "'}");
        String commas = "a,".repeat(repeats);

        assertThat(h.run(commas).extractedView()).as("no P: no match, nothing extracted").doesNotContainKey("f");
        // With the P the match exists: ten shortest repetitions, the eleventh takes the rest (leftmost-first).
        assertThat(h.run(commas + "P").extracted("f")).isEqualTo("a,".repeat(repeats - 10));
    }

    @ParameterizedTest(name = "\"a,\" x {0}")
    @ValueSource(ints = {40, 10_000})
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void aRelabelRuleFinishes(int repeats) {
        RelabelRule keep = RelabelRule.builder().sourceLabels("__meta_value").regex(HOSTILE + ".*")
                .action(RelabelAction.KEEP).build();
        RelabelRule replace = RelabelRule.builder().sourceLabels("__meta_value").regex(HOSTILE + "(.*)")
                .targetLabel("tail").replacement("$2").build();
        String commas = "a,".repeat(repeats);

        assertThat(Relabeler.process(Labels.of("__meta_value", commas), List.of(keep))).isNull();
        Labels kept = Relabeler.process(Labels.of("__meta_value", commas + "Pq"), List.of(keep, replace));
        assertThat(kept).isNotNull();
        assertThat(kept.get("tail")).isEqualTo("q");
    }

    @ParameterizedTest(name = "\"a,\" x {0}")
    @ValueSource(ints = {40, 10_000})
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void aMatchLineFilterFinishes(int repeats) throws Exception {
        String commas = "a,".repeat(repeats);
        StagesHarness dropMatching = new StagesHarness(
                "- match: {selector: '{app=\"x\"} |~ \"" + HOSTILE + "\"', action: drop}");
        StagesHarness dropNotMatching = new StagesHarness(
                "- match: {selector: '{app=\"x\"} !~ \"" + HOSTILE + "\"', action: drop}");
        Labels app = Labels.of("app", "x");

        assertThat(dropMatching.runAll(commas, app, new CountingDelivery("d"))).hasSize(1);
        assertThat(dropMatching.runAll(commas + "P", app, new CountingDelivery("d"))).isEmpty();
        assertThat(dropNotMatching.runAll(commas, app, new CountingDelivery("d"))).isEmpty();
        assertThat(dropNotMatching.runAll(commas + "P", app, new CountingDelivery("d"))).hasSize(1);
    }
}
