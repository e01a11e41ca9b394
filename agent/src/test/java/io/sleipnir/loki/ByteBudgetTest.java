package io.sleipnir.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.model.Delivery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-tenant shares of a client's budget: a source that can pause is paused, never waited on. */
class ByteBudgetTest {

    /** A source (like a tailed file) that pauses when asked and remembers on what. */
    private static final class PausableSource implements Delivery {
        final List<CompletionStage<?>> pausedUntil = new ArrayList<>();

        @Override
        public void retain(int holders) {
        }

        @Override
        public void complete() {
        }

        @Override
        public boolean pauseSourceUntil(CompletionStage<?> resume) {
            pausedUntil.add(resume);
            return true;
        }

        boolean paused() {
            return pausedUntil.stream().anyMatch(s -> !s.toCompletableFuture().isDone());
        }
    }

    /** As the client takes bytes: under the budget's lock. */
    private static void acquire(ByteBudget budget, String tenant, long bytes, Delivery source)
            throws InterruptedException {
        budget.lock().lockInterruptibly();
        try {
            budget.acquireHeld(tenant, bytes, source);
        } finally {
            budget.lock().unlock();
        }
    }

    @Test
    @Timeout(30) // a hang guard: none of these acquires may block
    void aTenantPastItsShareIsPausedUntilItHasSentHalfOfItAndTheOthersKeepTheirs() throws Exception {
        ByteBudget budget = new ByteBudget(1000); // each tenant's share: 500
        PausableSource refused = new PausableSource();
        for (int i = 0; i < 5; i++) {
            acquire(budget, "refused", 100, refused);
        }
        assertThat(refused.paused()).as("within its share").isFalse();

        acquire(budget, "refused", 100, refused);
        acquire(budget, "refused", 100, refused);
        assertThat(refused.paused()).as("past its share: taken, and its source paused").isTrue();
        assertThat(budget.used("refused")).isEqualTo(700);

        // The other tenant still has its share, even a source that cannot pause: the overshoot is not in the bound.
        for (int i = 0; i < 5; i++) {
            acquire(budget, "flowing", 100, Delivery.NONE);
        }
        PausableSource flowing = new PausableSource();
        acquire(budget, "flowing", 100, flowing);
        assertThat(flowing.paused()).as("its own share is full now").isTrue();
        budget.release("flowing", 600);
        assertThat(flowing.paused()).isFalse();

        budget.release("refused", 300);
        assertThat(refused.paused()).as("400 held: not yet below half its share").isTrue();
        budget.release("refused", 200);
        assertThat(refused.paused()).as("200 held: below half its share").isFalse();
        assertThat(budget.used()).isEqualTo(200);
    }

    @Test
    @Timeout(30)
    void closingResumesPausedSources() throws Exception {
        ByteBudget budget = new ByteBudget(100);
        PausableSource source = new PausableSource();
        acquire(budget, "t", 100, source);
        acquire(budget, "t", 100, source);
        assertThat(source.paused()).isTrue();
        budget.close();
        assertThat(source.paused()).as("a paused file reads again and meets the closed client").isFalse();
    }
}
