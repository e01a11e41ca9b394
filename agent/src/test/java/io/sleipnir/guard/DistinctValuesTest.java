package io.sleipnir.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DistinctValuesTest {
    private static final long HOUR = 3_600_000_000_000L;

    @Test
    void belowTheExactBoundTheLimitIsExactAndAdmittedValuesKeepPassing() {
        DistinctValues values = new DistinctValues(3, HOUR, 0);
        assertThat(values.admit("a", 1)).isTrue();
        assertThat(values.admit("b", 2)).isTrue();
        assertThat(values.admit("c", 3)).isTrue();
        assertThat(values.admit("d", 4)).isFalse();
        assertThat(values.admit("a", 5)).as("already admitted").isTrue();
        assertThat(values.count()).isEqualTo(3);
    }

    @Test
    void aboveTheExactBoundTheHyperLogLogEstimateCapsWithinAFewPercent() {
        DistinctValues values = new DistinctValues(20_000, HOUR, 0);
        int admitted = 0;
        for (int i = 0; i < 100_000; i++) {
            if (values.admit("user-" + i, i)) {
                admitted++;
            }
        }
        assertThat(admitted).isBetween(19_000, 20_000);
        assertThat(values.admit("user-3", 100_001)).as("among the exact first values").isTrue();
        assertThat(values.admit("user-99999", 100_002)).as("past the limit").isFalse();
    }

    @Test
    void valuesNotSeenForAWholeWindowAreForgotten() {
        DistinctValues values = new DistinctValues(2, HOUR, 0);
        values.admit("a", 0);
        values.admit("b", 0);
        assertThat(values.admit("c", HOUR / 4)).isFalse();
        assertThat(values.admit("a", HOUR / 2 + 1)).as("still in the window's older half").isTrue();
        assertThat(values.admit("c", HOUR / 2 + 2)).as("a and b count until b's half ends").isFalse();
        // One more half later b is forgotten (a was seen again in the half before).
        assertThat(values.admit("c", HOUR + 3)).isTrue();
        assertThat(values.admit("b", HOUR + 4)).isFalse();
        // Nothing for a whole window: everything forgotten.
        assertThat(values.admit("x", 3 * HOUR)).isTrue();
        assertThat(values.admit("y", 3 * HOUR)).isTrue();
        assertThat(values.count()).isEqualTo(2);
    }
}
