package io.sleipnir.pipeline;

import io.sleipnir.model.EntrySink;
import io.sleipnir.model.LogEntry;

/**
 * One processing step. Stages run synchronously on the caller's (reader) thread: no thread or queue per stage.
 * Entries travel between stages as a mutable {@link PipelineEntry} that carries Promtail's extracted map.
 *
 * <p>Contract for the entry's {@link io.sleipnir.model.Delivery delivery token}: every entry a stage receives
 * must end up in exactly one of three places: passed on to {@code next} (possibly changed, same token),
 * dropped (the stage calls {@code delivery().complete()} and counts the drop, see {@link StageContext#drop}),
 * or merged into another entry (see {@link PartialLines} for which token the merged entry keeps).
 */
public interface Stage {

    /** The stage's name as in Promtail's config ({@code cri}, {@code docker}, ...). */
    String name();

    /** Emits zero, one or more entries to {@code next}. Never throws for bad input: counts it instead. */
    void process(PipelineEntry entry, StageSink next) throws InterruptedException;

    /** Emits whatever the stage still buffers (shutdown, end of input). Stateless stages buffer nothing. */
    default void flush(StageSink next) throws InterruptedException {
    }

    /**
     * Called periodically (see {@link Pipeline#tick()}) under the same lock as {@link #process}, so that a stage can
     * emit what has waited long enough even when no further line arrives ({@code multiline}'s max_wait_time).
     */
    default void tick(StageSink next) throws InterruptedException {
    }

    /** Whether {@link #tick} does anything; pipelines without such a stage are never ticked. */
    default boolean needsTicks() {
        return false;
    }

    /** Runs this stage alone on a plain entry (tests, tools); the extracted map starts from the entry's labels. */
    default void process(LogEntry entry, EntrySink next) throws InterruptedException {
        process(PipelineEntry.of(entry), toLogEntries(next));
    }

    /** {@link #flush(StageSink)} for a stage run alone. */
    default void flush(EntrySink next) throws InterruptedException {
        flush(toLogEntries(next));
    }

    private static StageSink toLogEntries(EntrySink next) {
        return e -> next.accept(e.toLogEntry());
    }
}
