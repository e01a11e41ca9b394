package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The read and check timers of one path, each with its own back-off. Time is passed in: no clock, no sleep. */
class PollTimersTest {
    private static final long MIN = 250;
    private static final long MAX = 1000;
    private static final long QUIET = 300_000;

    @Test
    void aFileAtEofIsReadAgainOnlyWhenAnEventNamesItNotPerPoll() {
        PollTimers t = new PollTimers(MIN, MAX, 0);
        assertThat(t.readDue(false, 0)).isTrue();
        t.reading();
        t.readNothing();
        assertThat(t.readDue(true, 1_000_000)).isFalse();
        t.eventSeen();
        assertThat(t.readDue(true, 1_000_001)).isTrue();
        t.reading();
        assertThat(t.hasEvent()).isFalse();
    }

    @Test
    void aReadErrorIsRetriedOnTheReadTimersOwnBackOffWhateverTheCheckInterval() {
        PollTimers t = new PollTimers(MIN, MAX, 0);
        for (long now = 0; now < 10 * QUIET; now += QUIET) {
            t.unchanged(now, true, QUIET); // the checks have backed off to five minutes
        }
        assertThat(t.isQuiet(QUIET)).isTrue();
        t.readFailed(0);
        assertThat(t.readDue(true, MIN - 1)).isFalse();
        assertThat(t.readDue(true, MIN)).isTrue();
        t.readFailed(MIN);
        assertThat(t.readDue(true, MIN + 2 * MIN - 1)).isFalse();
        assertThat(t.readDue(true, MIN + 2 * MIN)).isTrue();
        t.readData(2000);
        t.readFailed(2000);
        assertThat(t.readDue(true, 2000 + MIN)).as("back to min_poll after data").isTrue();
    }

    @Test
    void checksBackOffToMaxPollAndToQuietOnlyAfterASyncPeriodWithoutChange() {
        long sync = 10_000;
        PollTimers t = new PollTimers(MIN, MAX, 0);
        assertThat(t.checkDue(0, true)).isTrue();
        t.unchanged(0, t.mayGoQuiet(0, sync), QUIET);
        assertThat(t.checkDue(2 * MIN - 1, true)).isFalse();
        assertThat(t.checkDue(2 * MIN, true)).isTrue();
        t.unchanged(500, t.mayGoQuiet(500, sync), QUIET);
        assertThat(t.checkDue(1499, true)).isFalse();
        assertThat(t.checkDue(1500, true)).isTrue();
        assertThat(t.mayGoQuiet(9_999, sync)).isFalse();
        assertThat(t.mayGoQuiet(10_000, sync)).isTrue();
        t.unchanged(10_000, true, QUIET);
        assertThat(t.isQuiet(QUIET)).isTrue();
        assertThat(t.checkDue(10_000 + QUIET - 1, true)).isFalse();
        t.changed(20_000);
        assertThat(t.isQuiet(QUIET)).isFalse();
        assertThat(t.checkDue(20_000 + MIN, true)).isTrue();
    }

    @Test
    void aBusyFileIsCheckedOneMaxPollLateAtTheLatestAndAnEventMakesTheCheckDueAtOnce() {
        PollTimers t = new PollTimers(MIN, MAX, 0);
        t.unchanged(0, false, QUIET); // next check at 500
        assertThat(t.checkDue(500, false)).as("data still flowing").isFalse();
        assertThat(t.checkDue(500 + MAX, false)).isTrue();
        t.eventSeen();
        assertThat(t.checkDue(1, false)).isTrue();
    }
}
