package io.sleipnir.positions;

import io.sleipnir.tail.FileIdentity;

/**
 * One file entry of the positions file: the committed offset and, when we wrote it, the identity of the file the
 * offset belongs to ({@code null} for entries written by Promtail).
 */
public record SavedPosition(long offset, FileIdentity identity) {
    public SavedPosition {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be non-negative, got " + offset);
        }
    }
}
