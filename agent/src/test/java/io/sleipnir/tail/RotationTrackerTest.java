package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.tail.RotationTracker.HeadVerdict;
import io.sleipnir.tail.RotationTracker.IdentityChange;
import io.sleipnir.tail.RotationTracker.Resume;
import io.sleipnir.tail.RotationTracker.ResumeKind;
import org.junit.jupiter.api.Test;

/** The rotation tracker's decisions, as pure functions: no files, no threads. */
class RotationTrackerTest {
    private static final FileIdentity OLD = new FileIdentity(1, 10);
    private static final FileIdentity NEW = new FileIdentity(1, 11);

    @Test
    void thePathNamingAnotherFileIsARotationAndNamingNoneADeletion() {
        assertThat(RotationTracker.identityChange(OLD, OLD)).isEqualTo(IdentityChange.SAME);
        assertThat(RotationTracker.identityChange(OLD, NEW)).isEqualTo(IdentityChange.REPLACED);
        assertThat(RotationTracker.identityChange(OLD, null)).isEqualTo(IdentityChange.DELETED);
        assertThat(RotationTracker.identityChange(null, NEW)).as("nothing open yet: open it").isEqualTo(IdentityChange.REPLACED);
    }

    @Test
    void aSavedPositionIsUsedOnlyForTheFileItBelongsTo() {
        assertThat(RotationTracker.resume(null, NEW, 100)).isEqualTo(new Resume(ResumeKind.NEW, 0));
        // Promtail's entries carry no identity: taken as the file's.
        assertThat(RotationTracker.resume(new TailPositions.ResumePoint(40, null), NEW, 100))
                .isEqualTo(new Resume(ResumeKind.SAVED_OFFSET, 40));
        assertThat(RotationTracker.resume(new TailPositions.ResumePoint(100, NEW), NEW, 100))
                .isEqualTo(new Resume(ResumeKind.SAVED_OFFSET, 100));
        assertThat(RotationTracker.resume(new TailPositions.ResumePoint(101, NEW), NEW, 100))
                .isEqualTo(new Resume(ResumeKind.SHORTER_THAN_SAVED, 0));
        // Rotated while we were down: the saved offset is the old file's, the new one starts at 0.
        assertThat(RotationTracker.resume(new TailPositions.ResumePoint(40, NEW), NEW, 100, false))
                .as("same inode number, other first bytes: the saved file was deleted and its inode reused")
                .isEqualTo(new Resume(ResumeKind.ROTATED_WHILE_DOWN, 0));
        assertThat(RotationTracker.resume(new TailPositions.ResumePoint(40, OLD), NEW, 100))
                .isEqualTo(new Resume(ResumeKind.ROTATED_WHILE_DOWN, 0));
    }

    @Test
    void aFileStillNamedByItsPathAndShorterThanTheReadPositionWasTruncated() {
        assertThat(RotationTracker.judgeHead(false, false, true, 10, 50, null, 0, 10)).isEqualTo(HeadVerdict.TRUNCATED);
        assertThat(RotationTracker.judgeHead(false, false, true, 50, 50, null, 0, 10)).isEqualTo(HeadVerdict.READ);
        assertThat(RotationTracker.judgeHead(false, false, false, 80, 50, null, 0, 10)).isEqualTo(HeadVerdict.READ);
    }

    @Test
    void aRotatedAwayFileIsFinishedOnlyAfterStayingIdleAtItsEndForOnePollInterval() {
        // A late writer may still append to the old descriptor: drained, then wait min_poll.
        assertThat(RotationTracker.judgeHead(true, false, true, 50, 50, null, 1000, 10))
                .isEqualTo(HeadVerdict.DRAINED_WAITING);
        assertThat(RotationTracker.judgeHead(true, false, true, 50, 50, 1000L, 1009, 10))
                .isEqualTo(HeadVerdict.DRAINED_WAITING);
        assertThat(RotationTracker.judgeHead(true, false, true, 50, 50, 1000L, 1010, 10)).isEqualTo(HeadVerdict.FINISH);
        // Not drained yet: read on, even if it is shorter (a gone file is never taken as truncated).
        assertThat(RotationTracker.judgeHead(true, false, true, 80, 50, 1000L, 5000, 10)).isEqualTo(HeadVerdict.READ);
        assertThat(RotationTracker.judgeHead(true, false, false, 50, 50, 1000L, 5000, 10)).isEqualTo(HeadVerdict.READ);
        assertThat(RotationTracker.judgeHead(true, false, true, 10, 50, null, 0, 10)).isEqualTo(HeadVerdict.DRAINED_WAITING);
    }

    @Test
    void aReleasedPathIsFinishedAsSoonAsItIsDrained() {
        assertThat(RotationTracker.judgeHead(false, true, true, 50, 50, null, 0, 10)).isEqualTo(HeadVerdict.FINISH);
        assertThat(RotationTracker.judgeHead(false, true, false, 50, 50, null, 0, 10)).isEqualTo(HeadVerdict.READ);
    }
}
