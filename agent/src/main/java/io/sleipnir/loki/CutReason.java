package io.sleipnir.loki;

/** Why a batch stopped taking entries; logged at debug level and useful when tuning batchsize/batchwait. */
public enum CutReason {
    /** The next entry would have pushed the batch over {@code batchsize}. */
    SIZE,
    /**
     * The batch held a quarter of the client's budget, its entries counted as the budget counts them: entries that
     * hold more than their bytes (short lines, journal cursors) fill the budget before {@code batchsize}.
     */
    BUDGET,
    /** The first entry had waited {@code batchwait}. */
    WAIT,
    /** The client was closing and sent what it had. */
    SHUTDOWN
}
