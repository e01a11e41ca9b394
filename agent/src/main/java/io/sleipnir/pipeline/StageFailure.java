package io.sleipnir.pipeline;

/**
 * Why a stage could not do its work on an entry: the {@code reason} label of
 * {@code sleipnir_stage_failures_total{job, stage, reason}}. Each stage that can fail declares its reasons as one
 * small enum implementing this, in its own file, so that the counter's cardinality is bounded by the config (stages
 * times reasons), never by the input.
 */
public interface StageFailure {
    /** The {@code reason} label. */
    String reason();

    /** The enum constant's ordinal: it indexes the stage context's counters. */
    int ordinal();
}
