package io.sleipnir.source.journal;

import io.sleipnir.model.Delivery;
import io.sleipnir.source.AcknowledgedPrefix;
import java.util.function.Consumer;

/**
 * Moves the journal cursor only past acknowledged entries ({@link AcknowledgedPrefix}): the cursor of the last of
 * the oldest done entries is committed, in journal order.
 */
final class CursorAcks {
    private final AcknowledgedPrefix<String> prefix;

    CursorAcks(Consumer<String> commit) {
        this.prefix = new AcknowledgedPrefix<>(null, (earlier, later) -> later, commit);
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
