package io.sleipnir.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The end-to-end harness: writes N generated CRI lines (150 to 200 bytes) into F files, starts a null Loki, runs
 * the agent jar on them as a separate process with {@code -exit-on-eof}, and reports throughput, CPU per line and
 * peak RSS of the agent process, sampled from /proc.
 *
 * <pre>java -cp bench/target/sleipnir-bench.jar io.sleipnir.bench.EndToEnd [lines] [files] [agent jar] [jvm flags...]</pre>
 */
public final class EndToEnd {

    public static void main(String[] args) throws Exception {
        long lines = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        AgentProcess.Launch launch = AgentProcess.launch(args, 2);
        List<String> jvmFlags = launch.jvmFlags();
        Path dir = AgentProcess.scratchDirectory("sleipnir-e2e");
        long bytes = generate(dir.resolve("logs"), lines, files);
        try (NullLoki loki = new NullLoki()) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, AgentProcess.configHead(loki.url(), dir.resolve("positions.yaml")) + """
                    scrape_configs:
                      - job_name: bench
                        static_configs:
                          - targets: [localhost]
                            labels:
                              job: bench
                              __path__: %s/*.log
                        pipeline_stages:
                          - cri: {}
                    """.formatted(dir.resolve("logs")));
            String loadBefore = AgentProcess.loadAverage();
            long start = System.nanoTime();
            // The agent's collections, counted from its own GC log (an extra -Xlog output; the user's flags print as given).
            Path gcLog = dir.resolve("gc.log");
            List<String> withGcLog = new ArrayList<>(jvmFlags);
            withGcLog.add("-Xlog:gc:file=" + gcLog);
            Process agent = new AgentProcess.Launch(launch.jar(), withGcLog).start(config, "-exit-on-eof");
            long pid = agent.pid();
            long cpuAtFirst = -1;
            long cpuAtLast = -1;
            long lastNanos = 0;
            long peakRssKb = 0;
            long cpuTicks = 0;
            java.util.Map<String, Long> threadsAtFirst = java.util.Map.of();
            java.util.Map<String, Long> threadsAtLast = java.util.Map.of();
            java.util.Map<String, java.util.Map.Entry<String, Long>> threads = new java.util.HashMap<>();
            while (agent.isAlive()) {
                long[] sample = sampleWhileAlive(pid);
                if (sample != null) {
                    AgentProcess.sampleThreads(pid, threads);
                    cpuTicks = sample[0];
                    peakRssKb = Math.max(peakRssKb, sample[2]);
                    if (cpuAtFirst < 0 && loki.entries() > 0) {
                        cpuAtFirst = cpuTicks;
                        threadsAtFirst = AgentProcess.byThreadGroup(threads);
                    }
                    if (cpuAtLast < 0 && loki.entries() >= lines) {
                        cpuAtLast = cpuTicks;
                        threadsAtLast = AgentProcess.byThreadGroup(threads);
                        lastNanos = System.nanoTime();
                    }
                }
                agent.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            if (lastNanos == 0) {
                lastNanos = System.nanoTime();
                cpuAtLast = cpuTicks;
                threadsAtLast = AgentProcess.byThreadGroup(threads);
            }
            int exit = agent.exitValue();
            double seconds = (lastNanos - loki.firstPushNanos()) / 1e9;
            double wall = (lastNanos - start) / 1e9;
            double cpuSteady = AgentProcess.seconds(cpuAtLast - Math.max(cpuAtFirst, 0));
            double cpuTotal = AgentProcess.seconds(cpuTicks);
            System.out.printf(Locale.ROOT, "agent exit code      %d%n", exit);
            System.out.printf(Locale.ROOT, "lines sent/received  %,d / %,d in %,d pushes (%,d compressed bytes)%n",
                    lines, loki.entries(), loki.pushes(), loki.compressedBytes());
            System.out.printf(Locale.ROOT, "input                %,d bytes in %d files (%.0f bytes/line)%n", bytes, files, bytes / (double) lines);
            System.out.printf(Locale.ROOT, "wall time            %.2f s from start, %.2f s from first to last push%n", wall, seconds);
            System.out.printf(Locale.ROOT, "first push           %.3f s after the process started, %.2f CPU s used by then%n",
                    (loki.firstPushNanos() - start) / 1e9, AgentProcess.seconds(Math.max(cpuAtFirst, 0)));
            System.out.printf(Locale.ROOT, "throughput           %,.0f lines/s (first to last push)%n", lines / seconds);
            System.out.printf(Locale.ROOT, "CPU per line         %.2f us steady (%.2f CPU s per million lines); %.2f CPU s in all, JVM start included%n",
                    cpuSteady * 1e6 / lines, cpuSteady * 1e6 / lines, cpuTotal);
            printSteadyByThread(threadsAtFirst, threadsAtLast, lines);
            printCollections(gcLog);
            System.out.printf(Locale.ROOT, "peak RSS             %.1f MiB (JVM flags: %s)%n", peakRssKb / 1024.0, String.join(" ", jvmFlags));
            System.out.printf(Locale.ROOT, "load average         %s before, %s after (CPU figures are noisy when it exceeds the cores)%n",
                    loadBefore, AgentProcess.loadAverage());
            if (exit != 0 || loki.entries() != lines) {
                System.exit(1);
            }
        }
    }

    /** Young and full collections in the agent's GC log, JVM start included (Serial and Parallel name them so). */
    private static void printCollections(Path gcLog) throws IOException {
        if (!Files.isRegularFile(gcLog)) {
            System.out.println("collections          unknown (no GC log was written)");
            return;
        }
        long young = 0;
        long full = 0;
        for (String line : Files.readAllLines(gcLog)) {
            if (line.contains("Pause Young")) {
                young++;
            } else if (line.contains("Pause Full")) {
                full++;
            }
        }
        System.out.printf(Locale.ROOT, "collections          %d young, %d full (-Xlog:gc, the whole run)%n", young, full);
    }

    /**
     * The steady CPU per line split by thread (names without digits), largest first: the JIT compiler threads and
     * the collector (VM Thread) apart from the reader and the sender. Ticks are 10 ms, so a small thread's share is
     * rough.
     */
    private static void printSteadyByThread(java.util.Map<String, Long> first, java.util.Map<String, Long> last,
            long lines) {
        if (last.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        last.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - first.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, c) -> Long.compare(c.getValue(), a.getValue()))
                .forEach(e -> b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(
                        String.format(Locale.ROOT, "%.2f",
                                e.getValue() / (double) AgentProcess.CLOCK_TICKS_PER_SECOND * 1e6 / lines)));
        System.out.printf(Locale.ROOT, "steady by thread     %s (us per line)%n", b);
    }

    /** {@link AgentProcess#sample}, or null once the process is gone (it exits by itself at the end). */
    private static long[] sampleWhileAlive(long pid) {
        try {
            return AgentProcess.sample(pid);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long generate(Path dir, long lines, int files) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(42);
        String[] words = {"GET", "POST", "/api/v1/orders", "/api/v1/parcels", "status=200", "status=404", "user=alice",
            "user=bob", "latency_ms=12", "latency_ms=230", "trace_id=4bf92f3577b34da6a3ce929d0e0e4736", "level=info",
            "level=warn", "msg=\"request served\"", "region=eu-west-1", "pod=order-7d9f8c6b5-x2x7k"};
        List<BufferedWriter> writers = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            writers.add(Files.newBufferedWriter(dir.resolve("app-" + f + ".log"), StandardCharsets.UTF_8));
        }
        long bytes = 0;
        long baseNanos = System.currentTimeMillis() * 1_000_000L;
        StringBuilder b = new StringBuilder(256);
        for (long i = 0; i < lines; i++) {
            b.setLength(0);
            b.append(java.time.Instant.ofEpochSecond(0, baseNanos + i * 1000)).append(" stdout F ");
            int target = 150 + random.nextInt(51);
            while (b.length() < target) {
                b.append(words[random.nextInt(words.length)]).append(' ');
            }
            b.setLength(target);
            b.append('\n');
            writers.get((int) (i % files)).write(b.toString());
            bytes += b.length();
        }
        for (BufferedWriter w : writers) {
            w.close();
        }
        return bytes;
    }
}
