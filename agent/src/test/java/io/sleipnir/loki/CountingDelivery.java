package io.sleipnir.loki;

import io.sleipnir.model.Delivery;
import java.util.concurrent.atomic.AtomicInteger;

/** A delivery token that counts holders and completions, to check "exactly once, never before". */
final class CountingDelivery implements Delivery {
    private final AtomicInteger holders = new AtomicInteger(1);
    private final AtomicInteger completions = new AtomicInteger();

    @Override
    public void retain(int more) {
        holders.addAndGet(more);
    }

    @Override
    public void complete() {
        completions.incrementAndGet();
    }

    int completions() {
        return completions.get();
    }

    int holders() {
        return holders.get();
    }

    /** Every holder completed, and no one more than once in total. */
    boolean done() {
        return completions.get() == holders.get();
    }
}
