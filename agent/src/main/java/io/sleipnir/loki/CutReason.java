package io.sleipnir.loki;

/** Why a batch stopped taking entries; logged at debug level and useful when tuning batchsize/batchwait. */
public enum CutReason {
    /** The next entry would have pushed the batch over {@code batchsize}. */
    SIZE,
    /** The first entry had waited {@code batchwait}. */
    WAIT,
    /** The client was closing and sent what it had. */
    SHUTDOWN
}
