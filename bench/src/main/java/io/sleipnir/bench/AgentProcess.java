package io.sleipnir.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the process harnesses share: the agent jar and JVM flags from their command line, and /proc samples. */
final class AgentProcess {
    static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private AgentProcess() {
    }

    /** The agent jar and the JVM flags to run it with. */
    record Launch(Path jar, List<String> jvmFlags) {
    }

    /**
     * {@code args[jarIndex]} is the agent jar (default {@code agent/target/sleipnir.jar}), the rest are JVM flags
     * (default {@code -Xmx256m -XX:+UseSerialGC}). Exits with 2 when the jar is not there.
     */
    static Launch launch(String[] args, int jarIndex) {
        Path jar = Path.of(args.length > jarIndex ? args[jarIndex] : "agent/target/sleipnir.jar").toAbsolutePath();
        List<String> jvmFlags = new ArrayList<>();
        for (int i = jarIndex + 1; i < args.length; i++) {
            jvmFlags.add(args[i]);
        }
        if (jvmFlags.isEmpty()) {
            jvmFlags.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        }
        if (!Files.isRegularFile(jar)) {
            System.err.println("agent jar not found: " + jar + " (build it with ./mvnw -B package -DskipTests)");
            System.exit(2);
        }
        return new Launch(jar, List.copyOf(jvmFlags));
    }

    /** [utime+stime in clock ticks, VmRSS in KiB, VmHWM in KiB] of a running process. */
    static long[] sample(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        long rss = 0;
        long hwm = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return new long[] {ticks, rss, hwm};
    }

    /**
     * Merges the CPU ticks (utime + stime) of each live thread of a running process, from
     * {@code /proc/<pid>/task/<tid>/stat}, into {@code seen} (thread id to its name and ticks), so a thread that has
     * ended keeps the ticks of its last sample. Sampled often, this accounts for threads that end before the run does.
     */
    static void sampleThreads(long pid, java.util.Map<String, java.util.Map.Entry<String, Long>> seen) {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    seen.put(task.getFileName().toString(),
                            java.util.Map.entry(name, Long.parseLong(f[11]) + Long.parseLong(f[12])));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while listed
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
    }

    /**
     * The ticks of {@link #sampleThreads} per thread group: the thread's name with its digits taken out
     * ({@code C2 CompilerThread0} and {@code 1} alike), so a group's threads add up.
     */
    static java.util.Map<String, Long> byThreadGroup(java.util.Map<String, java.util.Map.Entry<String, Long>> seen) {
        java.util.Map<String, Long> ticks = new java.util.TreeMap<>();
        for (java.util.Map.Entry<String, Long> t : seen.values()) {
            ticks.merge(t.getKey().replaceAll("[0-9]+", "N"), t.getValue(), Long::sum);
        }
        return ticks;
    }

    /** The 1-minute load average of the machine ({@code /proc/loadavg}), to print beside CPU figures. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
