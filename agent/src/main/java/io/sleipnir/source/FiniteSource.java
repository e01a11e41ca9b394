package io.sleipnir.source;

/**
 * A source whose input ends ({@code -stdin}): the agent stops once it has, after handing on what it read, and
 * reports what was not acknowledged by then.
 */
public interface FiniteSource extends Source {
    /** Blocks until the input ended and every entry read was handed to the pipeline. */
    void awaitEnd() throws InterruptedException;

    /** Entries handed on and not yet answered for by every client. */
    long unacknowledged();
}
