package io.sleipnir.tail;

import io.prometheus.client.Counter;
import io.sleipnir.config.DecompressionConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.IoErrors;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Opens files for the reader and says once per path when one cannot be opened (counted as
 * {@code sleipnir_bad_input_total{kind="unreadable_file"}}); while any path is unreadable, globs are walked each
 * sync period, since no event will say its permissions changed. Reader thread only.
 */
final class ReportingOpener {
    private static final System.Logger LOG = System.getLogger(TailManager.class.getName());

    private final FileOpener opener;
    private final Counter.Child unreadable;
    private final Counter.Child damaged;
    private final Set<String> reported = new HashSet<>();
    /** Paths of targets with {@code decompression}: opened through the decompressor, in their format. */
    private final Map<String, DecompressionConfig.Format> compressedPaths = new HashMap<>();

    ReportingOpener(FileOpener opener, AgentMetrics metrics) {
        this.opener = opener;
        this.unreadable = metrics.badInput.labels("unreadable_file");
        this.damaged = metrics.badInput.labels("damaged_compressed_file");
    }

    FileOpener opener() {
        return opener;
    }

    /** From now on {@code path} is opened decompressed ({@code format}), or as it is when {@code format} is null. */
    void decompress(String path, DecompressionConfig.Format format) {
        if (format == null) {
            compressedPaths.remove(path);
        } else {
            compressedPaths.put(path, format);
        }
    }

    /**
     * The channel, or null when the file is gone or cannot be opened ({@code path} names it in the report). A path
     * registered by {@link #decompress} is read decompressed, with uncompressed offsets.
     */
    FileChannel open(String path, Path file) {
        try {
            FileChannel ch = opener.open(file);
            reported.remove(path);
            DecompressionConfig.Format format = compressedPaths.get(path);
            return format == null ? ch : decompressing(ch, format, file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (reported.add(path)) {
                unreadable.inc();
                LOG.log(Level.WARNING, "cannot open " + path + ": " + IoErrors.describe(e) + "; retrying at each sync");
            }
            return null;
        }
    }

    /** A file opened at a path, with what a stat of the path said about the file that was opened. */
    record Opened(FileChannel channel, FileStat stat) {
        FileIdentity identity() {
            return stat.identity();
        }
    }

    /**
     * Opens the file {@code file} names now and tells which one it is. A stat before the open and one after must
     * agree: a rotation in between (the kubelet renames and starts a new file in microseconds) would otherwise pair
     * the new file's channel with the old one's identity, and the old file's rest would be taken as read. Tried
     * again while they disagree; null when the file is gone or cannot be opened, or keeps changing.
     */
    Opened openNamed(String path, Path file) {
        for (int attempt = 0; attempt < 3; attempt++) {
            FileStat before = FileStat.orNull(file);
            if (before == null) {
                return null;
            }
            FileChannel ch = open(path, file);
            if (ch == null) {
                return null;
            }
            FileStat after = FileStat.orNull(file);
            if (after != null && after.identity().equals(before.identity())) {
                return new Opened(ch, after);
            }
            closeQuietly(ch);
        }
        return null;
    }

    /**
     * Opens the sibling {@code listed} as it was listed: when its name now holds another file (logrotate shifted
     * {@code x.log.1} to {@code x.log.2} meanwhile), the file with the listed identity is looked for under its new
     * name. Null when it is gone or cannot be opened.
     */
    FileChannel openListed(Path file, Siblings.Sibling listed, boolean compressed) {
        Siblings.Sibling s = listed;
        for (int attempt = 0; attempt < 3 && s != null; attempt++) {
            FileChannel ch = compressed ? openCompressed(s.path()) : open(s.path().toString(), s.path());
            if (ch == null) {
                return null;
            }
            if (s.stillListed()) {
                return ch;
            }
            closeQuietly(ch);
            s = Siblings.withIdentity(file, listed.stat().identity(), compressed);
        }
        return null;
    }

    /** Closes a channel whose close can fail only with nothing left to do: the descriptor is gone either way. */
    static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /**
     * A compressed generation ({@link CompressedGeneration}), or null when it cannot be opened. Damage found while
     * reading it is counted as {@code sleipnir_bad_input_total{kind="damaged_compressed_file"}} and logged; it ends
     * the generation there, never the reader.
     */
    FileChannel openCompressed(Path gz) {
        FileChannel raw = open(gz.toString(), gz);
        if (raw == null) {
            return null;
        }
        return raw instanceof CompressedGeneration ? raw : decompressing(raw, DecompressionConfig.Format.GZ, gz);
    }

    private FileChannel decompressing(FileChannel raw, DecompressionConfig.Format format, Path gz) {
        return new CompressedGeneration(raw, format, e -> {
            damaged.inc();
            LOG.log(Level.WARNING, gz + " is damaged (" + IoErrors.describe(e) + "); what came before the damage "
                    + "was read, the rest of it is skipped");
        });
    }

    boolean anyUnreadable() {
        return !reported.isEmpty();
    }
}
