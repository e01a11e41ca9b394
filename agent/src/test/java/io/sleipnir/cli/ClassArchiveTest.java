package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.testing.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DaemonSet's init container ({@link ClassArchive}) with the real JDK: the archive it writes is one the agent's
 * JVM maps ({@code -Xshare:on} refuses to start otherwise), and when the dump fails the agent still gets an archive it
 * can start with, the JDK's own.
 */
class ClassArchiveTest {
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final Path JDK_ARCHIVE = Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa");

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void theAgentStartsWithClassesFromTheArchiveItWrote() throws Exception {
        String classPath = jarClassPath();
        Path archive = dir.resolve("sleipnir.jsa");

        ClassArchive.Outcome outcome;
        try (LogCapture log = LogCapture.start(Level.INFO)) {
            outcome = ClassArchive.write(archive, JAVA, classPath, Duration.ofMinutes(4));
            assertThat(log.lines()).extracting(LogCapture.Line::text)
                    .anyMatch(l -> l.startsWith("class archive " + archive + " written: "));
        }

        assertThat(outcome).isEqualTo(ClassArchive.Outcome.WRITTEN);
        assertThat(Files.size(archive)).as("archive size").isGreaterThan(Files.size(JDK_ARCHIVE));
        assertThat(dir.resolve("sleipnir.jsa.partial")).doesNotExist();
        assertThat(dir.resolve("sleipnir.jsa.classlist")).doesNotExist();
        // The shop example, as ./sleipnir-example runs it, with the archive named as the DaemonSet names it;
        // -Xshare:on makes an archive the JVM cannot map fatal.
        Run agent = run(List.of(JAVA.toString(), "-Xshare:on", "-cp", classPath, "io.sleipnir.cli.Main",
                "-config.file=examples/shop/sleipnir.yaml", "-config.expand-env=true", "-exit-on-eof", "-dry-run"),
                List.of("SLEIPNIR_POSITIONS=" + dir.resolve("positions.yaml"),
                        "JDK_JAVA_OPTIONS=-XX:SharedArchiveFile=" + archive));
        assertThat(agent.exitCode()).as("exit code; output:%n%s", agent.output()).isZero();
        assertThat(agent.output()).contains("msg=\"classes shared from the archive " + archive + "\"");
        assertThat(agent.output().lines().filter(l -> l.contains("namespace=\"shop\"}")).count())
                .as("entries printed; output:%n%s", agent.output()).isEqualTo(42);
    }

    @Test
    @Timeout(120)
    void anAgentGivenAnArchiveItCannotMapSaysSoAndShipsAll() throws Exception {
        // What an agent container sees if its init container's volume were empty.
        Path missing = dir.resolve("sleipnir.jsa");

        Run agent = run(List.of(JAVA.toString(), "-cp", System.getProperty("java.class.path"), "io.sleipnir.cli.Main",
                "-config.file=examples/shop/sleipnir.yaml", "-config.expand-env=true", "-exit-on-eof", "-dry-run"),
                List.of("SLEIPNIR_POSITIONS=" + dir.resolve("positions.yaml"),
                        "JDK_JAVA_OPTIONS=-XX:SharedArchiveFile=" + missing));

        assertThat(agent.exitCode()).as("exit code; output:%n%s", agent.output()).isZero();
        assertThat(agent.output()).contains("msg=\"the class archive " + missing + " was not used (missing, or written"
                + " by another image or JVM): the agent runs without shared classes\"");
        assertThat(agent.output().lines().filter(l -> l.contains("namespace=\"shop\"}")).count()).isEqualTo(42);
    }

    @Test
    @Timeout(120)
    void aDumpKilledForMemoryLeavesTheJdksArchiveSoTheAgentStartsAsWithoutOne() throws Exception {
        // A stand-in for the JVM, and the one fake here: a dump killed by the container's memory limit cannot be
        // brought about in a unit test without a cgroup of its own (the image test does it, under podman). It writes
        // half an archive, as a killed dump would, says what a JVM says, and ends as SIGKILL leaves a process (137).
        Path killedJava = dir.resolve("java");
        Files.writeString(killedJava, """
                #!/bin/sh
                for arg; do case $arg in -XX:SharedArchiveFile=*) printf 'half' >"${arg#*=}" ;; esac; done
                echo '[0.512s][info][cds] Loading classes to share ...'
                kill -KILL $$
                """);
        Files.setPosixFilePermissions(killedJava, PosixFilePermissions.fromString("rwx------"));
        Path archive = dir.resolve("sleipnir.jsa");

        ClassArchive.Outcome outcome;
        try (LogCapture log = LogCapture.start(Level.INFO)) {
            outcome = ClassArchive.write(archive, killedJava, jarClassPath(), Duration.ofMinutes(1));
            assertThat(log.lines(Level.WARNING, "the class dump exited with 137 (killed: out of memory?)"))
                    .as("log: %s", log.lines()).singleElement()
                    .extracting(LogCapture.Line::message).asString()
                    .contains("its last lines: [0.512s][info][cds] Loading classes to share ...")
                    .endsWith("the agent starts with the JDK's own class archive instead");
        }

        assertThat(outcome).isEqualTo(ClassArchive.Outcome.JDK_ARCHIVE);
        assertThat(Files.mismatch(archive, JDK_ARCHIVE)).as("byte position where the archive differs from the JDK's")
                .isEqualTo(-1);
        assertThat(dir.resolve("sleipnir.jsa.partial")).doesNotExist();
        Run agent = run(List.of(JAVA.toString(), "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-version"),
                List.of());
        assertThat(agent.exitCode()).as("java -Xshare:on with the left archive; output:%n%s", agent.output()).isZero();
    }

    @Test
    @Timeout(120)
    void aDumpThatTakesTooLongIsStoppedAndTheJdksArchiveLeft() throws Exception {
        Path archive = dir.resolve("sleipnir.jsa");

        ClassArchive.Outcome outcome;
        try (LogCapture log = LogCapture.start(Level.INFO)) {
            // No JVM dumps thousands of classes within a millisecond.
            outcome = ClassArchive.write(archive, JAVA, jarClassPath(), Duration.ofMillis(1));
            assertThat(log.lines(Level.WARNING, "the class dump did not finish in 0 s")).hasSize(1);
        }

        assertThat(outcome).isEqualTo(ClassArchive.Outcome.JDK_ARCHIVE);
        assertThat(Files.mismatch(archive, JDK_ARCHIVE)).isEqualTo(-1);
        assertThat(dir.resolve("sleipnir.jsa.partial")).doesNotExist();
    }

    @Test
    @Timeout(60)
    void anArchiveThatCannotBeWrittenAtAllIsLoggedAndNothingThrown() {
        Path archive = dir.resolve("no-such-directory/sleipnir.jsa");

        ClassArchive.Outcome outcome;
        try (LogCapture log = LogCapture.start(Level.INFO)) {
            outcome = ClassArchive.write(archive, JAVA, "unused.jar", Duration.ofMinutes(1));
            assertThat(log.lines(Level.WARNING, "the JDK's own class archive could not be copied either"))
                    .singleElement().extracting(LogCapture.Line::message).asString()
                    .startsWith("the class dump failed: ").contains("no-such-directory")
                    .endsWith("so the agent starts sharing no classes");
        }

        assertThat(outcome).isEqualTo(ClassArchive.Outcome.NONE);
        assertThat(archive).doesNotExist();
    }

    @Test
    void everyClassOfOursOrOfALibraryThatTheListNamesExists() throws IOException {
        List<String> listed;
        try (var in = ClassArchive.class.getResourceAsStream(ClassArchive.CLASS_LIST)) {
            listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("@")).map(l -> l.split(" ")[0])
                    .toList();
        }

        assertThat(listed).as("classes listed").hasSizeGreaterThan(1000).contains("io/sleipnir/cli/Main");
        // A class of ours or of a library renamed or gone since the list was recorded is one the archive silently
        // lacks. Not checked: the JDK's, since the image's JDK may be another update than the one building.
        assertThat(listed).as("listed classes not on the class path (UPDATE_CLASS_LIST=1 deploy/image-test.sh"
                + " records the list again)").filteredOn(c -> !c.matches("(java|javax|jdk|sun|com/sun)/.*")
                        && ClassLoader.getSystemResource(c + ".class") == null)
                .isEmpty();
    }

    /**
     * The agent's class path as the image has it: its classes as one jar (a dump refuses class directories), then
     * the dependencies' jars.
     */
    private String jarClassPath() throws IOException {
        Path classes = Path.of("target/classes");
        Path jar = dir.resolve("sleipnir-classes.jar");
        if (!Files.exists(jar)) {
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                    Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
        }
        List<String> entries = new ArrayList<>(List.of(jar.toString()));
        Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> e.endsWith(".jar")).forEach(entries::add);
        return entries.stream().collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(List<String> command, List<String> env) throws IOException, InterruptedException {
        // From the repository's root, as ./sleipnir-example runs: the example's paths are relative to it.
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .directory(new java.io.File(".."));
        for (String variable : env) {
            String[] pair = variable.split("=", 2);
            builder.environment().put(pair[0], pair[1]);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish: " + output);
        }
        return new Run(process.exitValue(), output);
    }
}
