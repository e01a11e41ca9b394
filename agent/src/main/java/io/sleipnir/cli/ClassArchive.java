package io.sleipnir.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The DaemonSet's init container: writes a class-data-sharing archive of the classes the agent loads (the list
 * {@value #CLASS_LIST}, recorded from the image's own run) for the agent's JVM to map at start
 * ({@code JDK_JAVA_OPTIONS=-XX:SharedArchiveFile=...}). Classes mapped from it are parsed and verified already and
 * shared between the processes that map them: in the image test the agent's first push came about 1 s sooner and it
 * held 5-8 MiB less (bench/RESULTS.md).
 *
 * <p>The archive is made where it is used because it is valid only for the exact JVM and class path that wrote it.
 * A dump cannot run in the agent's own JVM, so a child {@code java -Xshare:dump} does it, with this process's class
 * path. Whatever goes wrong (the child killed for memory, a full disk, a timeout), this exits 0 with the JDK's own
 * archive in the archive's place, so the agent starts as it would without one: an optimisation never keeps a node
 * from shipping its logs.
 *
 * <pre>java -cp CLASS_PATH io.sleipnir.cli.ClassArchive ARCHIVE_FILE</pre>
 */
public final class ClassArchive {
    /** The classes to archive, one per line, as {@code -XX:DumpLoadedClassList} writes them. */
    static final String CLASS_LIST = "/io/sleipnir/cli/sleipnir.classlist";
    private static final System.Logger LOG = System.getLogger(ClassArchive.class.getName());
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** The child's flags besides the dump's: the agent's collector, and as little memory of its own as it needs. */
    private static final List<String> CHILD_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx64m", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData");
    private static final int LINES_SHOWN = 20;

    private ClassArchive() {
    }

    public static void main(String[] args) {
        LogSetup.configure("info");
        if (args.length != 1) {
            System.err.println("usage: java -cp CLASS_PATH io.sleipnir.cli.ClassArchive ARCHIVE_FILE");
            System.exit(2);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        write(Path.of(args[0]), java, System.getProperty("java.class.path"), TIMEOUT);
        System.exit(0);
    }

    /** What {@link #write} left at the archive's path. */
    enum Outcome {
        /** An archive of the agent's classes. */
        WRITTEN,
        /** The JDK's own archive, after the dump failed. */
        JDK_ARCHIVE,
        /** Nothing: neither could be written. */
        NONE
    }

    /**
     * Dumps the listed classes of {@code classPath} with {@code java} into {@code archive}, or copies the JDK's own
     * archive there when that fails. Logs what it did; never throws.
     */
    static Outcome write(Path archive, Path java, String classPath, Duration timeout) {
        long started = System.nanoTime();
        Path dir = archive.toAbsolutePath().getParent();
        Path classList = dir.resolve(archive.getFileName() + ".classlist");
        // Written beside and renamed over: a dump killed half-way must not leave a truncated archive to be mapped.
        Path partial = dir.resolve(archive.getFileName() + ".partial");
        String failure;
        try {
            copyClassList(classList);
            Files.deleteIfExists(partial);
            List<String> command = new ArrayList<>(List.of(java.toString()));
            command.addAll(CHILD_FLAGS);
            command.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                    "-XX:SharedArchiveFile=" + partial, "-cp", classPath));
            Dump dump = Dump.run(command, timeout);
            if (dump.exitCode() == 0 && Files.isRegularFile(partial)) {
                Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.delete(classList);
                long missing = dump.output().stream().filter(l -> l.contains("Preload Warning: Cannot find")).count();
                String stale = missing == 0 ? "" : "; " + missing + " listed classes were not found (renamed or gone"
                        + " since the list was recorded, or of another JDK update: UPDATE_CLASS_LIST=1"
                        + " deploy/image-test.sh records it again)";
                LOG.log(Level.INFO, String.format(Locale.ROOT, "class archive %s written: %.1f MiB in %.1f s%s",
                        archive, Files.size(archive) / 1048576.0, (System.nanoTime() - started) / 1e9, stale));
                return Outcome.WRITTEN;
            }
            failure = (dump.exitCode() == Dump.TIMED_OUT ? "did not finish in " + timeout.toSeconds() + " s"
                    : "exited with " + dump.exitCode() + (dump.exitCode() == 137 ? " (killed: out of memory?)" : ""))
                    + lastLines(dump.output());
        } catch (IOException | RuntimeException e) {
            failure = "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "was interrupted";
        }
        return fallBack(archive, partial, classList, "the class dump " + failure);
    }

    private static Outcome fallBack(Path archive, Path partial, Path classList, String why) {
        Path jdkArchive = Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa");
        try {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(classList);
            // The JDK's archive rather than none: a JVM told to map a missing file shares no class at all.
            Files.copy(jdkArchive, archive, StandardCopyOption.REPLACE_EXISTING);
            LOG.log(Level.WARNING, why + "; the agent starts with the JDK's own class archive instead");
            return Outcome.JDK_ARCHIVE;
        } catch (IOException e) {
            LOG.log(Level.WARNING, why + "; the JDK's own class archive could not be copied either (" + e
                    + "), so the agent starts sharing no classes");
            return Outcome.NONE;
        }
    }

    private static void copyClassList(Path target) throws IOException {
        try (InputStream in = ClassArchive.class.getResourceAsStream(CLASS_LIST)) {
            if (in == null) {
                throw new IOException("no " + CLASS_LIST + " on the class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String lastLines(List<String> output) {
        if (output.isEmpty()) {
            return "";
        }
        return ", its last lines: " + String.join(" | ",
                output.subList(Math.max(0, output.size() - LINES_SHOWN), output.size()));
    }

    /** The child's exit code ({@link #TIMED_OUT} when it was killed for taking too long) and its output. */
    private record Dump(int exitCode, List<String> output) {
        static final int TIMED_OUT = -1;

        static Dump run(List<String> command, Duration timeout) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            CompletableFuture<List<String>> output =
                    CompletableFuture.supplyAsync(() -> readLines(process.getInputStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return new Dump(TIMED_OUT, output.join());
            }
            return new Dump(process.exitValue(), output.join());
        }

        private static List<String> readLines(InputStream in) {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            } catch (IOException e) {
                return List.of("(its output could not be read: " + e + ")");
            }
        }
    }
}
