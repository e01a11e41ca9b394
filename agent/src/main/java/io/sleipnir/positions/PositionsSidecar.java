package io.sleipnir.positions;

import io.sleipnir.model.IoErrors;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads the main positions file (Promtail's schema) together with its sidecar, {@code <file>.sleipnir.yaml}, which
 * holds the same positions plus file identities and read-time anchors. The writer writes the sidecar first, naming
 * the digest of the main file it is about to write ({@code main}) and of the one on disk ({@code previous}), then the
 * main file. So on reading:
 *
 * <ul>
 *   <li>main's digest is the sidecar's {@code main}: both are from one write; the sidecar is used;</li>
 *   <li>no main file: it was deleted (or the first write stopped before it); start without positions;</li>
 *   <li>main's digest is the sidecar's {@code previous}: the agent stopped between the two writes; the sidecar is
 *   the newer and was complete, so it is used (every state the writer writes is one it may resume from);</li>
 *   <li>anything else (Promtail or a person changed the main file since, or the sidecar is missing or corrupt):
 *   the main file's offsets win; a path keeps its identity and anchors only when the sidecar's offset for it is the
 *   main file's, else it is matched by path only, as Promtail matches it, and a warning says how many.</li>
 * </ul>
 *
 * A main file written by an older Sleipnir (identities and stamps inside) is used as it is. Nothing here is fatal
 * but a corrupt main file, as before.
 */
final class PositionsSidecar {
    private static final System.Logger LOG = System.getLogger(PositionsFile.class.getName());

    private PositionsSidecar() {
    }

    /** The sidecar of {@code main}: {@code positions.yaml.sleipnir.yaml} beside {@code positions.yaml}. */
    static Path of(Path main) {
        return main.resolveSibling(main.getFileName() + ".sleipnir.yaml");
    }

    /** The sidecar's bytes, or null when it is missing or cannot be read (then paths are matched as Promtail does). */
    static byte[] read(Path sidecar) {
        try {
            return Files.readAllBytes(sidecar);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read " + sidecar + ": " + IoErrors.describe(e)
                    + "; file positions are matched by path only, as Promtail does");
            return null;
        }
    }

    /**
     * The state to start from.
     *
     * @param mainDigest  the digest of the main file's bytes, null when there is no main file
     * @param sidecarText the sidecar's bytes, null when there is none
     */
    static PositionsFormat.Parsed reconcile(Path mainFile, PositionsFormat.Parsed main, String mainDigest,
                                            Path sidecarFile, byte[] sidecarText) {
        if (main.hasOurKeys()) {
            return main; // an older Sleipnir's file: one consistent write; the next write splits it
        }
        int files = main.entries().size();
        if (sidecarText == null) {
            if (files > 0) {
                LOG.log(Level.INFO, "no " + sidecarFile + " beside the positions file: its " + files
                        + " file positions are matched by path only, as Promtail does");
            }
            return main;
        }
        if (mainDigest == null) {
            // The positions file was deleted (to ship again from the start, as with Promtail), or the very first
            // write stopped before it: either way starting without positions loses nothing.
            LOG.log(Level.INFO, "no " + mainFile + " beside " + sidecarFile + ": starting without positions;"
                    + " the sidecar is replaced at the next write");
            return main;
        }
        PositionsFormat.Parsed sidecar;
        try {
            sidecar = PositionsFormat.parse(sidecarFile, sidecarText, true);
        } catch (PositionsCorruptException e) {
            LOG.log(Level.WARNING, "ignoring " + sidecarFile + " (" + e.reason() + "): the " + files
                    + " file positions of " + mainFile + " are matched by path only, as Promtail does");
            return main;
        }
        if (sidecar.mainDigest() != null && sidecar.mainDigest().equals(mainDigest)) {
            return sidecar;
        }
        if (sidecar.mainDigest() != null && Objects.equals(sidecar.previousDigest(), mainDigest)) {
            LOG.log(Level.INFO, "the agent stopped between writing " + sidecarFile + " and " + mainFile
                    + "; resuming from the newer " + sidecarFile);
            return sidecar;
        }
        return merge(mainFile, main, sidecarFile, sidecar);
    }

    /** The main file changed since the sidecar was written: its offsets win, identities only where unchanged. */
    private static PositionsFormat.Parsed merge(Path mainFile, PositionsFormat.Parsed main, Path sidecarFile,
                                                PositionsFormat.Parsed sidecar) {
        Map<String, SavedPosition> entries = new TreeMap<>();
        Map<String, java.util.List<StampAnchor>> anchors = new TreeMap<>();
        Map<String, java.util.List<PositionsFormat.LaterGeneration>> later = new TreeMap<>();
        int pathOnly = 0;
        for (Map.Entry<String, SavedPosition> e : main.entries().entrySet()) {
            SavedPosition ours = sidecar.entries().get(e.getKey());
            if (ours != null && ours.offset() == e.getValue().offset() && ours.identity() != null) {
                entries.put(e.getKey(), ours);
                if (sidecar.anchors().containsKey(e.getKey())) {
                    anchors.put(e.getKey(), sidecar.anchors().get(e.getKey()));
                }
                if (sidecar.later().containsKey(e.getKey())) {
                    later.put(e.getKey(), sidecar.later().get(e.getKey()));
                }
            } else {
                entries.put(e.getKey(), e.getValue());
                pathOnly++;
            }
        }
        if (pathOnly > 0) {
            LOG.log(Level.WARNING, mainFile + " was changed since " + sidecarFile + " was written (by Promtail,"
                    + " or by hand): " + pathOnly + " of " + main.entries().size()
                    + " file positions are matched by path only, as Promtail does");
        }
        return new PositionsFormat.Parsed(entries, main.cursors(), anchors, later, false, null, null);
    }
}
