package io.sleipnir.positions;

import io.sleipnir.tail.ContentPrint;
import io.sleipnir.tail.FileIdentity;

/**
 * One file entry of the positions file: the committed offset and, when we wrote it, the identity of the file the
 * offset belongs to ({@code null} for entries written by Promtail), and the print of that file's first bytes
 * ({@code null} when not known), which finds the file again once it is compressed.
 */
public record SavedPosition(long offset, FileIdentity identity, ContentPrint print) {
    public SavedPosition(long offset, FileIdentity identity) {
        this(offset, identity, null);
    }

    public SavedPosition {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be non-negative, got " + offset);
        }
    }
}
