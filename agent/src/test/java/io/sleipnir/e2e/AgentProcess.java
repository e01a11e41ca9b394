package io.sleipnir.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
