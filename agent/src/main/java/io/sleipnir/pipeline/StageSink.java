package io.sleipnir.pipeline;

/** Where a stage sends entries inside a pipeline: the next stage, or the pipeline's exit. */
@FunctionalInterface
public interface StageSink {
    void accept(PipelineEntry entry) throws InterruptedException;
}
