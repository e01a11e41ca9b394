package io.sleipnir.positions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/** One file replaced atomically: a temp file in the same directory (mode 0600), fsync, rename, fsync the directory. */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Replaces {@code file} with {@code content}: a reader sees the old content or the new, never a mix. Returns the
     * new file's attributes as written, read before the rename made it visible (a rename keeps them), so that a change
     * by someone else right after the rename is not taken for this write.
     */
    static BasicFileAttributes write(Path file, byte[] content) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp;
        while (true) {
            tmp = dir.resolve("." + file.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                break;
            } catch (FileAlreadyExistsException retry) {
                // another name
            }
        }
        BasicFileAttributes written;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            written = Files.readAttributes(tmp, BasicFileAttributes.class);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        // The rename is durable only once the directory entry is: fsync the directory (works on Linux).
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems refuse to open a directory; the rename itself is still atomic
        }
        return written;
    }
}
