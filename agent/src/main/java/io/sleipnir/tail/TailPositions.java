package io.sleipnir.tail;

import io.sleipnir.model.Delivery;
import java.util.concurrent.CompletionStage;

/**
 * All the tailer needs of positions, owned here so that {@code tail} does not depend on {@code positions}
 * ({@code positions.PositionsFile} implements it). Per path, a {@link PathLedger}; per opened file (generation),
 * {@link GenerationAcks} handing out one {@link Delivery} per line, whose completions move the committed offset.
 */
public interface TailPositions {

    /**
     * The ledger of a tailed path. A live one (generations still read or unacknowledged) is returned as is, so a
     * re-created file queues behind its predecessor.
     */
    PathLedger forPath(String path);

    /**
     * Where the positions file said a path was: a committed offset and, when known, the file it belongs to and what
     * that file's first bytes were (to find it again once compressed).
     */
    record ResumePoint(long offset, FileIdentity identity, ContentPrint print) {
        public ResumePoint(long offset, FileIdentity identity) {
            this(offset, identity, null);
        }
    }

    /** One path across rotations. Reader thread only. */
    interface PathLedger {
        /** What the positions file held for this path when its ledger began; null when nothing. */
        ResumePoint saved();

        /** True while an earlier generation of this path is still read or acknowledged in this process. */
        boolean hasGenerations();

        /** Begins a generation: the file {@code identity} read from {@code startOffset}. */
        GenerationAcks startGeneration(FileIdentity identity, long startOffset);

        /** The path is no longer tailed: once every generation is read and acknowledged, its entry goes. */
        void release();

        /**
         * The deliveries of this path's generations (those begun and those to come) pause reading through {@code pause}
         * ({@link Delivery#pauseSourceUntil}). Without it a delivery cannot pause its file.
         */
        default void pausedBy(SourcePause pause) {
        }
    }

    /** How a delivery pauses the reading of its path: see {@link Delivery#pauseSourceUntil}. */
    interface SourcePause {
        boolean pauseUntil(CompletionStage<?> resume);
    }

    /** The acknowledgements of one opened file. Reader thread only, except that deliveries complete anywhere. */
    interface GenerationAcks {
        /** A delivery for the next line, which ends (newline included) at {@code endOffset}. */
        Delivery newDelivery(long endOffset);

        /**
         * The timestamp of the line starting at {@code lineStart} when no stage sets one, read at
         * {@code readTimeNanos}: one that a re-read after a crash repeats, where the ledger keeps what that needs.
         */
        default long timestamp(long lineStart, long readTimeNanos) {
            return readTimeNanos;
        }

        /** The first bytes read of this file, as they grow (only its first reads): kept with its identity. */
        default void printed(ContentPrint print) {
        }

        /** Truncated, reading restarts at 0: once all read before is answered, the committed offset is 0. */
        void markTruncated();

        /** The reader is done with this file for good (rotated away or deleted, and drained). */
        void finishReading();
    }
}
