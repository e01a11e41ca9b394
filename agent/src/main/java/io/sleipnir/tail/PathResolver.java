package io.sleipnir.tail;

import io.sleipnir.model.IoErrors;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Which files the targets' globs name now, and which directories to watch so that new ones are seen at once:
 * every directory at every level of a glob that can still lead to a match. No threads, no reading.
 */
final class PathResolver {
    private static final System.Logger LOG = System.getLogger(PathResolver.class.getName());

    /**
     * The matching files, each with every target that names it (in the targets' order: a file two jobs cover is
     * read once and shipped under each), and the directories to watch.
     */
    record Resolution(LinkedHashMap<String, List<FileTarget>> files, Set<Path> directories) {
    }

    private List<CompiledTarget> targets = List.of();

    void setTargets(List<FileTarget> newTargets) {
        List<CompiledTarget> compiled = new ArrayList<>(newTargets.size());
        for (FileTarget t : newTargets) {
            try {
                compiled.add(CompiledTarget.of(t));
            } catch (IllegalArgumentException e) {
                // As Promtail, whose doublestar.Glob returns ErrBadPattern: this target reads nothing, the others go on.
                LOG.log(Level.WARNING, "target reads nothing: " + e.getMessage());
            }
        }
        targets = List.copyOf(compiled);
    }

    /** Every matching file: the globs walked from their roots. */
    Resolution resolve() {
        return resolve(null);
    }

    /**
     * The matching files among {@code created} (files and directories an event named) and below them: what an
     * event asks for, without walking every directory again. Files elsewhere are not in the result.
     */
    Resolution resolveUnder(Set<Path> changed) {
        return resolve(changed);
    }

    private Resolution resolve(Set<Path> changed) {
        LinkedHashMap<String, List<FileTarget>> files = new LinkedHashMap<>();
        Set<Path> dirs = new HashSet<>();
        for (CompiledTarget t : targets) {
            List<Path> found = changed == null ? t.matchingFiles(t.include.literalPrefixDir(), dirs) : new ArrayList<>();
            if (changed != null) {
                for (Path p : outermost(changed)) {
                    boolean literal = t.includeIsLiteral();
                    if (literal || !p.startsWith(t.include.literalPrefixDir())) {
                        if (literal && p.toString().equals(t.include.glob()) && Files.isRegularFile(p)
                                && !t.excluded(p.toString())) {
                            found.add(p);
                        }
                    } else if (Files.isDirectory(p)) {
                        if (t.include.mayContainMatches(p)) {
                            found.addAll(t.matchingFiles(p, dirs));
                        }
                    } else if (Files.isRegularFile(p) && t.accepts(p.toString())) {
                        found.add(p);
                    }
                }
            }
            for (Path p : found) {
                List<FileTarget> covering = files.computeIfAbsent(p.toString(), k -> new ArrayList<>(1));
                if (!covering.contains(t.target)) {
                    covering.add(t.target);
                }
            }
        }
        for (String p : files.keySet()) {
            Path parent = Path.of(p).getParent();
            if (parent != null) {
                dirs.add(parent);
            }
        }
        return new Resolution(files, dirs);
    }

    /** The paths of {@code paths} that are not below another of them: walking those covers the rest. */
    private static List<Path> outermost(Set<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            boolean covered = false;
            for (Path a = p.getParent(); a != null && !covered; a = a.getParent()) {
                covered = paths.contains(a);
            }
            if (!covered) {
                out.add(p);
            }
        }
        return out;
    }

    /** A target with its globs compiled once. */
    private record CompiledTarget(FileTarget target, GlobMatcher include, List<GlobMatcher> excludes) {
        static CompiledTarget of(FileTarget t) {
            List<GlobMatcher> ex = new ArrayList<>();
            for (String g : t.excludeGlobs()) {
                ex.add(GlobMatcher.compile(absolute(g)));
            }
            return new CompiledTarget(t, GlobMatcher.compile(absolute(t.pathGlob())), List.copyOf(ex));
        }

        private static String absolute(String glob) {
            if (glob.startsWith("/")) {
                return glob;
            }
            String cwd = Path.of("").toAbsolutePath().toString();
            return cwd.endsWith("/") ? cwd + glob : cwd + "/" + glob;
        }

        boolean accepts(String path) {
            return include.matches(path) && !excluded(path);
        }

        /**
         * Whether the include names one file: it has no wildcard, or (Promtail's filetarget.go sync(), "if the path
         * points to a file that exists, then we can skip the Glob search") a file exists at that very path.
         */
        boolean includeIsLiteral() {
            return include.isLiteral() || include.namesExistingFile();
        }

        /** As sync() does: an exclude naming an existing file removes only that file, any other is a glob. */
        boolean excluded(String path) {
            for (GlobMatcher e : excludes) {
                if (e.selects(path)) {
                    return true;
                }
            }
            return false;
        }

        /** The files below {@code root} that match; adds to {@code watch} each directory visited that may hold a match. */
        List<Path> matchingFiles(Path root, Set<Path> watch) {
            List<Path> out = new ArrayList<>();
            if (includeIsLiteral()) {
                Path p = Path.of(include.glob());
                if (p.getParent() != null && Files.isDirectory(p.getParent())) {
                    watch.add(p.getParent());
                }
                if (Files.isRegularFile(p) && !excluded(p.toString())) {
                    out.add(p);
                }
                return out;
            }
            if (!Files.isDirectory(root)) {
                return out;
            }
            watch.add(root);
            try {
                Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), include.maxDepth(),
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                                if (!dir.equals(root) && !include.mayContainMatches(dir)) {
                                    return FileVisitResult.SKIP_SUBTREE;
                                }
                                watch.add(dir);
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                if (attrs.isRegularFile() && accepts(file.toString())) {
                                    out.add(file);
                                }
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                                return FileVisitResult.CONTINUE; // vanished, a loop, or no permission
                            }
                        });
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot list " + root + " for " + include.glob() + ": " + IoErrors.describe(e));
            }
            return out;
        }
    }
}
