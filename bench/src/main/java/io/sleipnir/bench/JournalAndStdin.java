package io.sleipnir.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The journal and {@code -stdin} harness: runs the agent jar as a separate process pushing to a null Loki, and
 * reports entries per second and the agent's CPU time per entry from /proc, sampled when the first entry reached
 * Loki and when the last did (so JVM start-up is left out).
 * <ul>
 * <li>journal: N entries written into a journal file by Debian's {@code systemd-journal-remote}, read by a journal
 * job (the real {@code journalctl -o json} as a child process, whose CPU is counted too), four labels by
 * relabeling;</li>
 * <li>stdin: N lines (about 100 bytes) written to the agent's standard input with {@code -stdin}; stdin is closed
 * only after Loki has them all, so the process is still there to sample.</li>
 * </ul>
 *
 * <pre>java -cp bench/target/sleipnir-bench.jar io.sleipnir.bench.JournalAndStdin [entries] [agent jar] [jvm flags...]</pre>
 */
public final class JournalAndStdin {
    private static final Path JOURNAL_REMOTE = Path.of("/lib/systemd/systemd-journal-remote");

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        AgentProcess.Launch launch = AgentProcess.launch(args, 1);
        Path dir = AgentProcess.scratchDirectory("sleipnir-journal-stdin");
        report("journal (journalctl -o json, 4 labels)", entries, journal(launch, dir, entries));
        report("stdin (-stdin, one job, no stages)", entries, stdin(launch, dir, entries));
        System.out.printf(Locale.ROOT, "JVM flags: %s%n", String.join(" ", launch.jvmFlags()));
    }

    private static double[] journal(AgentProcess.Launch launch, Path dir, int count) throws Exception {
        Path journalDir = Files.createDirectories(dir.resolve("journal"));
        writeJournal(journalDir.resolve("node.journal"), count);
        try (NullLoki loki = new NullLoki()) {
            Path config = dir.resolve("journal.yaml");
            Files.writeString(config, AgentProcess.configHead(loki.url(), dir.resolve("journal-positions.yaml")) + """
                    scrape_configs:
                      - job_name: journal
                        journal:
                          path: %s
                          labels: {job: systemd-journal}
                        relabel_configs:
                          - {source_labels: [__journal__systemd_unit], target_label: unit}
                          - {source_labels: [__journal_priority_keyword], target_label: level}
                          - {source_labels: [__journal__hostname], target_label: host}
                    """.formatted(journalDir));
            Process agent = launch.start(config);
            try {
                return measure(agent, loki, count, true);
            } finally {
                AgentProcess.stop(agent);
            }
        }
    }

    private static double[] stdin(AgentProcess.Launch launch, Path dir, int count) throws Exception {
        try (NullLoki loki = new NullLoki()) {
            Path config = dir.resolve("stdin.yaml");
            Files.writeString(config, AgentProcess.configHead(loki.url(), dir.resolve("stdin-positions.yaml")) + """
                    scrape_configs:
                      - job_name: app
                        static_configs:
                          - labels: {job: app, env: bench}
                    """);
            Process agent = new ProcessBuilder(launch.command(config, "-stdin"))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                OutputStream in = new BufferedOutputStream(agent.getOutputStream(), 1 << 16);
                Thread writer = new Thread(() -> {
                    try {
                        for (int i = 0; i < count; i++) {
                            in.write(("2026-12-02T08:00:00.000Z level=info msg=\"GET /api/orders/" + i
                                    + " 200\" duration=12ms user=u" + (i % 100) + " trace=" + Long.toHexString(i * 7919L)
                                    + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                        in.flush();
                    } catch (java.io.IOException e) {
                        System.err.println("stdin writer: " + e);
                    }
                }, "stdin-writer");
                writer.start();
                double[] result = measure(agent, loki, count, false);
                writer.join();
                in.close(); // now the agent may end
                agent.waitFor(60, TimeUnit.SECONDS);
                return result;
            } finally {
                AgentProcess.stop(agent);
            }
        }
    }

    /**
     * [entries per second, agent CPU µs per entry, with {@code children} also its child processes' (journalctl)]
     * between the first and the last entry at Loki.
     */
    private static double[] measure(Process agent, NullLoki loki, int count, boolean children) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (loki.entries() == 0) {
            AgentProcess.giveUpAfter(deadline, agent.pid(), loki, count);
            Thread.sleep(1);
        }
        long firstEntries = loki.entries();
        long t0 = System.nanoTime();
        long cpu0 = cpuTicks(agent, false);
        long all0 = cpuTicks(agent, children);
        while (loki.entries() < count) {
            AgentProcess.giveUpAfter(deadline, agent.pid(), loki, count);
            Thread.sleep(2);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = AgentProcess.seconds(cpuTicks(agent, false) - cpu0);
        double all = AgentProcess.seconds(cpuTicks(agent, children) - all0);
        long n = count - firstEntries;
        return new double[] {n / wall, cpu * 1e6 / n, all * 1e6 / n};
    }

    private static long cpuTicks(Process agent, boolean children) throws Exception {
        long ticks = AgentProcess.sample(agent.pid())[0];
        if (children) {
            for (ProcessHandle child : agent.toHandle().children().toList()) {
                ticks += AgentProcess.sample(child.pid())[0];
            }
        }
        return ticks;
    }

    private static void report(String what, int count, double[] rateAndCpu) {
        System.out.printf(Locale.ROOT, "%-40s %,d entries: %,.0f entries/s, agent %.2f µs CPU per entry"
                + " (with child processes %.2f µs)%n", what, count, rateAndCpu[0], rateAndCpu[1], rateAndCpu[2]);
    }

    /** N entries of four services, an hour old (within max_age), through systemd-journal-remote. */
    private static void writeJournal(Path journal, int count) throws Exception {
        if (!Files.isExecutable(JOURNAL_REMOTE)) {
            System.err.println(JOURNAL_REMOTE + " not found: apt-get install systemd-journal-remote");
            System.exit(2);
        }
        Process p = new ProcessBuilder(JOURNAL_REMOTE.toString(), "-o", journal.toString(), "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long base = Instant.now().minus(1, ChronoUnit.HOURS).toEpochMilli() * 1000;
        try (OutputStream out = new BufferedOutputStream(p.getOutputStream(), 1 << 16)) {
            for (int i = 0; i < count; i++) {
                long micros = base + i;
                out.write(("__REALTIME_TIMESTAMP=" + micros + "\n__MONOTONIC_TIMESTAMP=" + micros
                        + "\n_BOOT_ID=0123456789abcdef0123456789abcdef\n_SYSTEMD_UNIT=svc-" + (i % 4)
                        + ".service\n_HOSTNAME=node-1\nPRIORITY=6\nMESSAGE=GET /api/orders/" + i + " 200 12ms\n\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("systemd-journal-remote failed");
        }
    }
}
