package io.sleipnir.positions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * What the positions writer last put on disk, as the file system reports it (size and modification time of each
 * file), so that a periodic write of an unchanged state can be skipped while the files are still the ones written:
 * with thousands of idle files that write was most of an idle agent's CPU. A file deleted or changed by someone
 * else is written again at the next period. Writer thread only.
 */
final class WrittenFiles {
    private record Stamp(long size, long modifiedMillis) {
    }

    private final List<Path> files;
    private List<Stamp> stamps;

    WrittenFiles(Path... files) {
        this.files = List.of(files);
    }

    /**
     * The files were just written, with these attributes (in the constructor's order): the write's own, not read back
     * afterwards, when someone else may already have changed a file (then it would never be written again).
     */
    void recorded(BasicFileAttributes... written) {
        if (written.length != files.size()) {
            throw new IllegalArgumentException(written.length + " attributes for " + files.size() + " files");
        }
        Stamp[] now = new Stamp[written.length];
        for (int i = 0; i < now.length; i++) {
            now[i] = stamp(written[i]);
        }
        stamps = List.of(now);
    }

    private static Stamp stamp(BasicFileAttributes a) {
        return new Stamp(a.size(), a.lastModifiedTime().toMillis());
    }

    /** True while every file is as the last write left it. */
    boolean unchanged() {
        return stamps != null && Objects.equals(stamps, read());
    }

    private List<Stamp> read() {
        try {
            Stamp[] now = new Stamp[files.size()];
            for (int i = 0; i < now.length; i++) {
                now[i] = stamp(Files.readAttributes(files.get(i), BasicFileAttributes.class));
            }
            return List.of(now);
        } catch (IOException e) {
            return null; // gone or unreadable: written again
        }
    }
}
