package io.sleipnir.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What the process harnesses share: the agent jar and JVM flags from their command line, and /proc samples. */
final class AgentProcess {
    static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private AgentProcess() {
    }

    /**
     * A fresh temporary directory for one harness run, deleted with everything in it when the harness's JVM exits:
     * a million-line run writes some 170 MB there.
     */
    static Path scratchDirectory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "delete " + dir));
        return dir;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    /** The agent jar and the JVM flags to run it with. */
    record Launch(Path jar, List<String> jvmFlags) {
        /** {@code java <flags> -jar <jar> -config.file=<config> -log.level=warn <agentArgs>}. */
        List<String> command(Path config, String... agentArgs) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmFlags);
            cmd.addAll(List.of("-jar", jar.toString(), "-config.file=" + config, "-log.level=warn"));
            cmd.addAll(List.of(agentArgs));
            return cmd;
        }

        /** The agent started on {@code config}, its output on the harness's. */
        Process start(Path config, String... agentArgs) throws IOException {
            return new ProcessBuilder(command(config, agentArgs)).inheritIO().start();
        }
    }

    /**
     * The head every harness's config shares: no HTTP port, one client to {@code lokiUrl}, the positions file;
     * the harness appends its {@code scrape_configs}.
     */
    static String configHead(String lokiUrl, Path positions) {
        return """
                server:
                  http_listen_port: 0
                clients:
                  - url: %s
                positions:
                  filename: %s
                """.formatted(lokiUrl, positions);
    }

    /**
     * Runs {@code send}, then waits until the null Loki holds {@code target} entries (exits 1 after 10 minutes, or
     * when the agent exits); returns [wall seconds, the agent's CPU seconds] from before {@code send} to the last entry.
     */
    static double[] untilDelivered(long pid, NullLoki loki, long target, Sender send) throws Exception {
        long[] before = sample(pid);
        long t0 = System.nanoTime();
        send.send();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (loki.entries() < target) {
            giveUpAfter(deadline, pid, loki, target);
            Thread.sleep(5);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        long[] after = sample(pid);
        return new double[] {wall, seconds(after[0] - before[0])};
    }

    /** What {@link #untilDelivered} runs to make the entries. */
    interface Sender {
        void send() throws Exception;
    }

    /**
     * Exits 1, saying how many of {@code target} entries arrived, once {@code deadline} (nanoTime) has passed or the
     * agent process {@code pid} is gone (it died, e.g. out of heap: waiting out the deadline would tell nothing more).
     */
    static void giveUpAfter(long deadline, long pid, NullLoki loki, long target) {
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive || System.nanoTime() > deadline) {
            System.err.printf(Locale.ROOT, "only %d of %d entries arrived; giving up (%s)%n", loki.entries(), target,
                    alive ? "10 minutes passed" : "the agent exited");
            System.exit(1);
        }
    }

    /** Stops the agent: SIGTERM, up to 20 s to finish, then SIGKILL. */
    static void stop(Process agent) throws InterruptedException {
        agent.destroy();
        agent.waitFor(20, TimeUnit.SECONDS);
        agent.destroyForcibly();
    }

    /** Clock ticks as seconds. */
    static double seconds(long ticks) {
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
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
