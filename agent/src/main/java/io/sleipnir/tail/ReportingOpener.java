package io.sleipnir.tail;

import io.prometheus.client.Counter;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.IoErrors;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
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

    ReportingOpener(FileOpener opener, AgentMetrics metrics) {
        this.opener = opener;
        this.unreadable = metrics.badInput.labels("unreadable_file");
        this.damaged = metrics.badInput.labels("damaged_compressed_file");
    }

    FileOpener opener() {
        return opener;
    }

    /** The channel, or null when the file is gone or cannot be opened ({@code path} names it in the report). */
    FileChannel open(String path, Path file) {
        try {
            FileChannel ch = opener.open(file);
            reported.remove(path);
            return ch;
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
        return new CompressedGeneration(raw, e -> {
            damaged.inc();
            LOG.log(Level.WARNING, gz + " is damaged (" + IoErrors.describe(e) + "); what came before the damage "
                    + "was read, the rest of it is skipped");
        });
    }

    boolean anyUnreadable() {
        return !reported.isEmpty();
    }
}
