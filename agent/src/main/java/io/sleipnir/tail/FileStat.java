package io.sleipnir.tail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What one stat(2) of a path says: identity, size, modification time, whether it is a regular file. */
record FileStat(FileIdentity identity, long size, long mtimeNanos, boolean regular) {

    /** Follows symlinks; throws when the path does not exist or cannot be read. */
    static FileStat of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime,isRegularFile");
        return new FileStat(new FileIdentity(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue()),
                ((Number) a.get("size")).longValue(), ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                Boolean.TRUE.equals(a.get("isRegularFile")));
    }

    /** Null when the path does not exist (any more) or cannot be read. */
    static FileStat orNull(Path path) {
        try {
            return of(path);
        } catch (IOException e) {
            return null;
        }
    }
}
