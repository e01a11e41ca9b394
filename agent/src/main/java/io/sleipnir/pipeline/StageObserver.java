package io.sleipnir.pipeline;

/**
 * Watches entries go through a pipeline's stages ({@code -inspect}). Called on the pipeline's thread, under its
 * lock. A pipeline built without an observer has no observing code in its chain at all.
 */
public interface StageObserver {

    /** {@code entry} is about to be processed by stage number {@code stage} (0-based). */
    void entering(int stage, String stageName, PipelineEntry entry);

    /**
     * Stage {@code stage} passes {@code entry} on: the entry it received (changed or not), or one it had buffered
     * (a merged line, a flushed block), possibly from {@link Pipeline#flush()} or {@link Pipeline#tick()}.
     */
    void passedOn(int stage, String stageName, PipelineEntry entry);

    /** Stage {@code stage} returned from processing {@code entry}. */
    void done(int stage, String stageName, PipelineEntry entry);

    /**
     * While stage {@code stage} processes an entry, it (or a stage nested in it, named by {@code stagePath}, e.g.
     * {@code match[2]/regex}) reports what it did or could not do: {@code regex: no match}, a selector's outcome,
     * a drop with its reason.
     */
    default void reported(int stage, String stagePath, String message) {
    }
}
