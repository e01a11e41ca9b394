package io.sleipnir.pipeline;

/**
 * A stage that changes each entry in place and always passes it on (Promtail's {@code Process}-style stages):
 * everything except the buffering and dropping stages.
 */
interface SimpleStage extends Stage {

    /** Changes {@code entry} in place. Never throws for bad input. */
    void apply(PipelineEntry entry);

    @Override
    default void process(PipelineEntry entry, StageSink next) throws InterruptedException {
        apply(entry);
        next.accept(entry);
    }
}
