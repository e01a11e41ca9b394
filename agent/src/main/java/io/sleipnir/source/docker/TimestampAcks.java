package io.sleipnir.source.docker;

import io.sleipnir.source.AcknowledgedPrefix;
import java.util.function.Consumer;

/**
 * Moves a container's position only past acknowledged entries ({@link AcknowledgedPrefix}): the furthest position
 * among the oldest done entries is committed. An entry joined from several records (a long line Docker split) holds
 * the position of its last record ({@code Token.extendTo}).
 */
final class TimestampAcks {
    private final AcknowledgedPrefix<DockerPosition> prefix;

    TimestampAcks(DockerPosition committed, Consumer<DockerPosition> commit) {
        this.prefix = new AcknowledgedPrefix<>(committed, (a, b) -> b.compareTo(a) > 0 ? b : a, commit);
    }

    /** The token of an entry whose first record is at {@code position}, read after every entry issued before. */
    AcknowledgedPrefix<DockerPosition>.Token issue(DockerPosition position) {
        return prefix.issue(position);
    }

    /** A record read and not handed on (skipped, or the rest of a line cut at the cap): done at once. */
    void skipped(DockerPosition position) {
        issue(position).complete();
    }

    int inFlight() {
        return prefix.inFlight();
    }

    DockerPosition committed() {
        return prefix.committed();
    }
}
