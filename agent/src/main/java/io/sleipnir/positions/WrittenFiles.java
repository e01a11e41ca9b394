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

    /** The files were just written. */
    void recorded() {
        stamps = read();
    }

    /** True while every file is as the last write left it. */
    boolean unchanged() {
        return stamps != null && Objects.equals(stamps, read());
    }

    private List<Stamp> read() {
        try {
            Stamp[] now = new Stamp[files.size()];
            for (int i = 0; i < now.length; i++) {
                BasicFileAttributes a = Files.readAttributes(files.get(i), BasicFileAttributes.class);
                now[i] = new Stamp(a.size(), a.lastModifiedTime().toMillis());
            }
            return List.of(now);
        } catch (IOException e) {
            return null; // gone or unreadable: written again
        }
    }
}
