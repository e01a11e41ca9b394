package io.sleipnir.live;

import io.sleipnir.model.Labels;

/**
 * What a live tail shows of an entry: its values only, never its delivery token, so a tail holds nothing that
 * delivery or the positions wait for. {@code labels} are those Loki gets (without {@code __} labels).
 */
public record TailedEntry(long timestampNanos, Labels labels, Labels structuredMetadata, String line) {
    /** Roughly what it holds in memory, for the tail's byte bound. */
    long weight() {
        return 64L + 2L * line.length() + 16L * (labels.size() + structuredMetadata.size());
    }
}
