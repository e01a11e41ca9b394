package io.sleipnir.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The other generations of a tailed file that rotation leaves next to it: logrotate's {@code x.log.1} and
 * {@code x.log-20261201}, the kubelet's {@code 0.log.20261201-101500}. Compressed ones are candidates only when
 * asked for by name ({@link #compressedNames}): a generation compressed before it was read to its end.
 * Lists the directory only when asked (a rotation, a truncation or a new file), never per line.
 */
final class Siblings {
    /** One file next to the tailed one. */
    record Sibling(Path path, FileStat stat) {
        /**
         * Whether its path still names the file listed: logrotate may have shifted the names ({@code x.log.1} to
         * {@code x.log.2}) since, and what is opened there now is another file. Asked after opening it.
         */
        boolean stillListed() {
            FileStat now = FileStat.orNull(path);
            return now != null && now.identity().equals(stat.identity());
        }
    }

    /** How often a search lists again when a candidate was renamed between the listing and its open. */
    private static final int LISTINGS = 3;

    /** A search's answer, and whether a candidate's name held another file by the time it was opened. */
    private record Found(Sibling sibling, boolean renamed) {
    }

    private Siblings() {
    }

    /** Files named {@code <name>.<suffix>} next to {@code file}, uncompressed, oldest modification first. */
    static List<Sibling> rotatedNames(Path file) {
        String prefix = file.getFileName() + ".";
        return list(file, name -> name.startsWith(prefix));
    }

    /** Compressed generations named {@code <name>.<suffix>.gz} next to {@code file}, oldest modification first. */
    static List<Sibling> compressedNames(Path file) {
        String prefix = file.getFileName() + ".";
        return list(file, name -> name.startsWith(prefix) && name.endsWith(".gz"), true);
    }

    /**
     * The compressed generation whose uncompressed first bytes are {@code print} (the generation was compressed
     * after we read part of it), or null. Only {@code print.length()} bytes of each candidate are inflated.
     */
    static Sibling compressedWithPrint(Path file, ContentPrint print, FileOpener opener) {
        if (print == null) {
            return null;
        }
        return listingAgainWhileRenamed(() -> compressedWithPrintOnce(file, print, opener));
    }

    /**
     * A search by content, done again (up to {@link #LISTINGS} times) while it found nothing and a candidate had been
     * renamed between the listing and its open: a match on another file's bytes would name the wrong one.
     */
    private static Sibling listingAgainWhileRenamed(Supplier<Found> search) {
        for (int listing = 0; listing < LISTINGS; listing++) {
            Found found = search.get();
            if (found.sibling() != null || !found.renamed()) {
                return found.sibling();
            }
        }
        return null;
    }

    private static Found compressedWithPrintOnce(Path file, ContentPrint print, FileOpener opener) {
        boolean renamed = false;
        for (Sibling s : compressedNames(file)) {
            try (FileChannel ch = new CompressedGeneration(opener.open(s.path()), damage -> { })) {
                if (!s.stillListed()) {
                    renamed = true;
                    continue;
                }
                ByteBuffer head = ByteBuffer.allocate(print.length());
                while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
                    // fill
                }
                if (!head.hasRemaining() && ContentPrint.of(head.array(), print.length()).equals(print)) {
                    return new Found(s, false);
                }
            } catch (IOException e) {
                // vanished or unreadable: not a candidate
            }
        }
        return new Found(null, renamed);
    }

    /** The uncompressed sibling whose identity is {@code identity}, or null. */
    static Sibling withIdentity(Path file, FileIdentity identity) {
        return withIdentity(file, identity, false);
    }

    /** The sibling whose identity is {@code identity}, among the compressed ones when {@code compressed}; or null. */
    static Sibling withIdentity(Path file, FileIdentity identity, boolean compressed) {
        for (Sibling s : list(file, name -> true, compressed)) {
            if (s.stat().identity().equals(identity)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The copy that copytruncate made of the generation whose first bytes are {@code fingerprint}: a sibling
     * sharing the file's stem ({@code x} of {@code x.log}), at least {@code minSize} long, not one of
     * {@code exclude}, starting with those bytes. The most recently modified one when several do. Null if none.
     */
    static Sibling copyOf(Path file, Fingerprint fingerprint, long minSize, Set<FileIdentity> exclude, FileOpener opener) {
        if (fingerprint.length() == 0) {
            return null;
        }
        return listingAgainWhileRenamed(() -> copyOfOnce(file, fingerprint, minSize, exclude, opener));
    }

    private static Found copyOfOnce(Path file, Fingerprint fingerprint, long minSize, Set<FileIdentity> exclude,
                                    FileOpener opener) {
        boolean renamed = false;
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        ByteBuffer scratch = ByteBuffer.allocate(Fingerprint.MAX);
        Sibling best = null;
        for (Sibling s : list(file, n -> n.startsWith(stem))) {
            if (s.stat().size() < minSize || exclude.contains(s.stat().identity())
                    || best != null && best.stat().mtimeNanos() > s.stat().mtimeNanos()) {
                continue;
            }
            try (FileChannel ch = opener.open(s.path())) {
                if (!s.stillListed()) {
                    renamed = true;
                } else if (fingerprint.matches(ch, scratch)) {
                    best = s;
                }
            } catch (IOException e) {
                // vanished or unreadable: not a candidate
            }
        }
        return new Found(best, renamed);
    }

    private static List<Sibling> list(Path file, Predicate<String> name) {
        return list(file, name, false);
    }

    private static List<Sibling> list(Path file, Predicate<String> name, boolean compressed) {
        Path dir = file.getParent();
        if (dir == null) {
            return List.of();
        }
        List<Sibling> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return !p.equals(file) && name.test(n) && (compressed || !compressedOrTemporary(n));
        })) {
            for (Path p : entries) {
                FileStat st = FileStat.orNull(p);
                if (st != null && st.regular()) {
                    out.add(new Sibling(p, st));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(Comparator.comparingLong((Sibling s) -> s.stat().mtimeNanos()).thenComparing(s -> s.path().toString()));
        return out;
    }

    private static boolean compressedOrTemporary(String name) {
        return name.endsWith(".gz") || name.endsWith(".zst") || name.endsWith(".bz2") || name.endsWith(".xz")
                || name.endsWith(".zip") || name.endsWith(".tmp");
    }
}
