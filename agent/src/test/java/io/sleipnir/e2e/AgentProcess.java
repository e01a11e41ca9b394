package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The agent as its own process (so a test can SIGKILL it) and the offsets it left in its positions file. */
final class AgentProcess {
    private static final Pattern POSITION = Pattern.compile("^\\s+(\\S+\\.log): \"(\\d+)\"$", Pattern.MULTILINE);

    private AgentProcess() {
    }

    /** Starts {@code Main} on {@code configFile} in a child JVM, its output appended to {@code log}. */
    static Process start(Path configFile, String logLevel, File log) throws IOException {
        return start(configFile, logLevel, log, List.of("-Xmx256m"));
    }

    /** As {@link #start(Path, String, File)}, the child JVM run with {@code jvmFlags} (its heap, its collector). */
    static Process start(Path configFile, String logLevel, File log, List<String> jvmFlags) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.sleipnir.cli.Main",
                "-config.file=" + configFile, "-log.level=" + logLevel));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
    }

    /**
     * Runs the agent on {@code configFile} in a child JVM with the image's heap at the DaemonSet's limit (20% of
     * 160 MiB: 32 MiB) and its collector, exiting on {@code OutOfMemoryError}, until {@code arrived} reaches
     * {@code count}; fails, with the agent's log, if the agent exits first. Stops the agent either way.
     */
    static void runInImageHeapUntil(Path configFile, Path log, IntSupplier arrived, int count) throws Exception {
        Process agent = start(configFile, "warn", log.toFile(),
                List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"));
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                assertThat(agent.isAlive()).as(() -> "the agent is running; its log:\n" + read(log)).isTrue();
                return arrived.getAsInt() >= count;
            });
        } finally {
            agent.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(read(log)).doesNotContain("OutOfMemoryError");
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** The saved offset of each {@code .log} file in the positions file; empty when there is no file yet. */
    static Map<String, Long> readPositions(Path file) throws IOException {
        Map<String, Long> out = new HashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        Matcher m = POSITION.matcher(Files.readString(file));
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }
}
