package io.sleipnir.tail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which file a path points at: device and inode. A rename keeps it, a re-create changes it, so it tells a
 * rotated file from its successor. Written to the positions file as {@code "<dev>:<inode>"}.
 */
public record FileIdentity(long device, long inode) {

    /** The identity of the file at {@code path}, following symlinks (kubelet's /var/log/containers links). */
    public static FileIdentity of(Path path) throws IOException {
        Object dev = Files.getAttribute(path, "unix:dev");
        Object ino = Files.getAttribute(path, "unix:ino");
        return new FileIdentity(((Number) dev).longValue(), ((Number) ino).longValue());
    }

    /** Parses {@code "<dev>:<inode>"}; throws IllegalArgumentException with the offending text. */
    public static FileIdentity parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("identity is not <dev>:<inode>: \"" + text + "\"");
        }
        try {
            return new FileIdentity(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("identity is not <dev>:<inode>: \"" + text + "\"");
        }
    }

    public String format() {
        return device + ":" + inode;
    }

    @Override
    public String toString() {
        return format();
    }
}
