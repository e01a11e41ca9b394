package io.sleipnir.tail;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A path's reading paused by its deliveries: a Loki tenant whose share of the client's byte budget is full asks the
 * file to wait ({@link io.sleipnir.model.Delivery#pauseSourceUntil}). The reader skips a paused path's read turns
 * and serves the other files; when every stage it waits on completes, the path is read again and the reader is
 * woken. A file whose lines go to several tenants waits for all of them. Any thread pauses; the reader asks.
 */
final class FilePause implements TailPositions.SourcePause {
    private final Runnable wake;
    /** The stages still awaited; a stage is registered once however many lines ask with it. */
    private final Set<CompletionStage<?>> awaited = ConcurrentHashMap.newKeySet();

    FilePause(Runnable wake) {
        this.wake = wake;
    }

    @Override
    public boolean pauseUntil(CompletionStage<?> resume) {
        if (awaited.add(resume)) {
            resume.whenComplete((ignored, error) -> {
                awaited.remove(resume);
                wake.run();
            });
        }
        return true;
    }

    /** True while some stage this path waits on is not complete. */
    boolean paused() {
        return !awaited.isEmpty();
    }
}
