package io.sleipnir.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a container log file the way the container runtime does (CRI format, one append per record) and
 * rotates it the ways the kubelet and logrotate do. Each content line is {@code <name> seq=<n> <padding>}, so a
 * test can tell exactly which lines arrived, how often and in what order.
 */
final class CriLogWriter implements AutoCloseable {
    private static final long BASE_NANOS = 1_764_064_800_000_000_000L; // 2025-11-25T10:00:00Z
    private final Path path;
    private final String name;
    private OutputStream out;
    private long seq;
    private int rotations;

    CriLogWriter(Path path, String name) throws IOException {
        this.path = path;
        this.name = name;
        this.out = open();
    }

    private OutputStream open() throws IOException {
        return Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    Path path() {
        return path;
    }

    long written() {
        return seq;
    }

    static String content(String name, long seq) {
        return name + " seq=" + seq + " lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor";
    }

    /** Writes the next line, as one full record or split into partial records ({@code P ... P F}). */
    void writeLine(int partialFragments) throws IOException {
        String content = content(name, seq);
        String ts = java.time.Instant.ofEpochSecond(0, BASE_NANOS + seq * 1_000L).toString();
        if (partialFragments <= 1) {
            write(ts + " stdout F " + content + "\n");
        } else {
            int step = Math.max(1, content.length() / partialFragments);
            int at = 0;
            for (int i = 0; i < partialFragments - 1 && at + step < content.length(); i++) {
                write(ts + " stdout P " + content.substring(at, at + step) + "\n");
                at += step;
            }
            write(ts + " stdout F " + content.substring(at) + "\n");
        }
        seq++;
    }

    private void write(String record) throws IOException {
        out.write(record.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Rename and create, as logrotate's {@code create} and the kubelet ({@code 0.log} to {@code 0.log.<time>}) do. */
    void rotateRenameCreate() throws IOException {
        out.close();
        rotations++;
        Files.move(path, path.resolveSibling(path.getFileName() + ".20251125-10000" + rotations), StandardCopyOption.ATOMIC_MOVE);
        out = open();
    }

    /** logrotate's copytruncate: copy the file aside, then cut it to zero in place. */
    void copyTruncate() throws IOException {
        out.close();
        rotations++;
        Files.copy(path, path.resolveSibling(path.getFileName() + "." + rotations), StandardCopyOption.REPLACE_EXISTING);
        try (var ch = java.nio.channels.FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        out = open();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
