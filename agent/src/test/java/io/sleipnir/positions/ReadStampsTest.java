package io.sleipnir.positions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The read-time anchors of one file, driven with explicit offsets and clock readings (no files, no threads). */
class ReadStampsTest {
    private static final long T0 = 1_767_268_800_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void linesAreStampedOneNanosecondPerByteFromTheAnchorAndANewAnchorFollowsAfterASecond() {
        AtomicInteger taken = new AtomicInteger();
        ReadStamps stamps = new ReadStamps(List.of(), taken::incrementAndGet);
        assertThat(stamps.stamp(100, T0)).isEqualTo(T0);
        assertThat(stamps.stamp(110, T0 + 5)).isEqualTo(T0 + 10); // same anchor: base + bytes, not the clock
        assertThat(taken).hasValue(1);
        assertThat(stamps.stamp(120, T0 + 2 * SECOND)).isEqualTo(T0 + 2 * SECOND); // older than a second: real time
        assertThat(taken).hasValue(2);
        assertThat(stamps.snapshot(100)).containsExactly(new StampAnchor(100, T0), new StampAnchor(120, T0 + 2 * SECOND));
        assertThat(stamps.snapshot(130)).as("the first anchor is passed").containsExactly(new StampAnchor(120, T0 + 2 * SECOND));
    }

    @Test
    void aClockThatGoesBackStillGivesLaterStamps() {
        ReadStamps stamps = new ReadStamps(List.of(), () -> { });
        long first = stamps.stamp(0, T0);
        long second = stamps.stamp(1_000, T0 - 10 * SECOND); // the clock stepped back: stamps still increase
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void savedAnchorsStampTheLinesReadAgainThenRealTimeTakesOver() {
        List<StampAnchor> saved = List.of(new StampAnchor(0, T0), new StampAnchor(50, T0 + SECOND));
        ReadStamps stamps = new ReadStamps(saved, () -> { });
        long restart = T0 + 60 * SECOND;
        assertThat(stamps.stamp(20, restart)).isEqualTo(T0 + 20);
        assertThat(stamps.stamp(70, restart)).isEqualTo(T0 + SECOND + 20);
        assertThat(stamps.snapshot(70)).as("kept while they stamp").containsExactlyElementsOf(saved);
        long later = restart + ReadStamps.RESTORED_FOR_NANOS + 1;
        assertThat(stamps.stamp(90, later)).isEqualTo(later);
        assertThat(stamps.snapshot(90)).containsExactly(new StampAnchor(90, later));
    }

    @Test
    void truncationForgetsTheOldOffsets() {
        ReadStamps stamps = new ReadStamps(List.of(new StampAnchor(500, T0)), () -> { });
        assertThat(stamps.stamp(600, T0 + SECOND)).isEqualTo(T0 + 100);
        stamps.truncated();
        long after = stamps.stamp(0, T0 + SECOND);
        assertThat(after).isEqualTo(T0 + SECOND);
        assertThat(stamps.snapshot(0)).containsExactly(new StampAnchor(0, T0 + SECOND));
    }
}
