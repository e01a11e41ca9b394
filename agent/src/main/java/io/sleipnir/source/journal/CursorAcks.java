package io.sleipnir.source.journal;

import io.sleipnir.model.Delivery;
import io.sleipnir.source.AcknowledgedPrefix;
import java.util.function.Consumer;

/**
 * Moves the journal cursor only past acknowledged entries ({@link AcknowledgedPrefix}): the cursor of the last of
 * the oldest done entries is committed, in journal order.
 */
final class CursorAcks {
    /** A String's header and its array's: what a cursor holds besides its characters (one byte each, Latin-1). */
    private static final int STRING_OVERHEAD = 40;

    private final AcknowledgedPrefix<String> prefix;

    CursorAcks(Consumer<String> commit) {
        // Each token keeps its cursor (about 130 characters) until acknowledged: several times a short message.
        this.prefix = new AcknowledgedPrefix<>(null, (earlier, later) -> later, commit,
                cursor -> STRING_OVERHEAD + cursor.length());
    }

    /** The token of an entry at {@code cursor}, read after every entry issued before. */
    Delivery issue(String cursor) {
        return prefix.issue(cursor);
    }

    /** Entries issued and not yet done, for tests and status. */
    int inFlight() {
        return prefix.inFlight();
    }
}
