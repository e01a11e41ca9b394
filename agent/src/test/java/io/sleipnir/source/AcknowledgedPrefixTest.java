package io.sleipnir.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.model.CompletionRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcknowledgedPrefixTest {

    @Test
    void theCheckpointMovesOnlyPastTheLongestDonePrefix() {
        List<Long> commits = new ArrayList<>();
        AcknowledgedPrefix<Long> prefix = new AcknowledgedPrefix<>(null, Math::max, commits::add);
        AcknowledgedPrefix<Long>.Token first = prefix.issue(1L);
        AcknowledgedPrefix<Long>.Token second = prefix.issue(2L);

        second.complete();
        assertThat(prefix.committed()).isNull();
        first.complete();
        assertThat(prefix.committed()).isEqualTo(2L);
        assertThat(commits).containsExactly(2L);
    }

    @Test
    void aRunOfCompletionsCommitsOnceWhenItFinishes() {
        List<Long> commits = new ArrayList<>();
        AcknowledgedPrefix<Long> prefix = new AcknowledgedPrefix<>(null, Math::max, commits::add);
        List<AcknowledgedPrefix<Long>.Token> tokens = new ArrayList<>();
        for (long p = 1; p <= 4; p++) {
            tokens.add(prefix.issue(p));
        }
        CompletionRun run = new CompletionRun();

        for (int i = 0; i < 3; i++) {
            tokens.get(i).complete(run);
        }
        assertThat(prefix.committed()).as("nothing moves before the run finishes").isNull();
        assertThat(prefix.inFlight()).isEqualTo(4);

        run.finish();
        assertThat(prefix.committed()).isEqualTo(3L);
        assertThat(commits).as("one write of the checkpoint for the run, not one per entry").containsExactly(3L);
        assertThat(prefix.inFlight()).isEqualTo(1);
    }
}
