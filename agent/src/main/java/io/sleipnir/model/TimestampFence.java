package io.sleipnir.model;

/**
 * A read-time anchor that entries' timestamps were derived from, and whether the positions file holds it yet. An
 * entry read again after a crash gets its first timestamp only if the anchor was written before the crash; so a
 * client holds a batch (briefly, bounded) until every anchor its entries used is {@link #settled()}. Fences of one
 * agent are ordered by {@link #sequence()}: a write that holds one holds every earlier one.
 */
public interface TimestampFence {
    /** The order in which anchors were taken: a later fence never settles before an earlier one. */
    long sequence();

    /** A positions write that would hold this anchor was attempted (written, or it failed): waiting longer is useless. */
    boolean settled();

    /** The anchor is in the positions file on disk. */
    boolean durable();

    /** A client's batch holds an entry stamped from this anchor: write it soon. Any thread; never blocks. */
    void needed();

    /** Runs {@code action} once {@link #settled()} (on the positions writer's thread), or at once if it is; must not block. */
    void whenSettled(Runnable action);
}
