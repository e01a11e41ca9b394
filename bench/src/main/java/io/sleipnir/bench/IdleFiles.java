package io.sleipnir.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The idle-cost harness: creates N log files in the kubelet's layout ({@code pods/<ns>_<pod>_<uid>/<container>/0.log},
 * one line each), starts a null Loki, runs the agent jar on {@code pods/*}{@code /*}{@code /*.log} as a separate
 * process, waits until the N lines are delivered and a further 90 s (quiet files back off their polling), then
 * writes nothing and samples the
 * process's CPU time from /proc over the measuring window. Reports CPU seconds per minute and per hour, and RSS.
 *
 * Given a Promtail binary ({@code --promtail=/path/to/promtail} among the arguments, or
 * {@code -Dpromtail=/path/to/promtail}), the same measurement is then made with it on the same files and config
 * (skipped otherwise).
 *
 * <pre>java -cp bench/target/sleipnir-bench.jar io.sleipnir.bench.IdleFiles [--promtail=BIN] [files] [seconds] [agent jar] [jvm flags...]</pre>
 */
public final class IdleFiles {
    /** After start-up, quiet files back off their polling (to a minute, by doubling from 250 ms) before measuring. */
    private static final long SETTLE_SECONDS = 90;

    /** The argument that names a Promtail binary to measure too; no JVM flag starts so. */
    static final String PROMTAIL_ARGUMENT = "--promtail=";

    public static void main(String[] arguments) throws Exception {
        String promtail = promtail(arguments, System.getProperty("promtail"));
        String[] args = withoutPromtail(arguments);
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        AgentProcess.Launch launch = AgentProcess.launch(args, 2);
        Path dir = AgentProcess.scratchDirectory("sleipnir-idle");
        Path pods = dir.resolve("pods");
        for (int i = 0; i < files; i++) {
            Path container = Files.createDirectories(pods.resolve("shop_order-" + i + "_uid" + i).resolve("order"));
            Files.writeString(container.resolve("0.log"),
                    "2026-12-01T10:00:00.000000000Z stdout F started " + i + "\n", StandardCharsets.UTF_8);
        }
        try (NullLoki loki = new NullLoki()) {
            Path config = dir.resolve("config.yaml");
            // One file for both agents: Sleipnir reads Promtail's format, and accepts (without effect) the gRPC port.
            Files.writeString(config, """
                    server:
                      http_listen_port: 0
                      grpc_listen_port: 0
                    clients:
                      - url: %s
                    positions:
                      filename: %s
                    scrape_configs:
                      - job_name: idle
                        static_configs:
                          - targets: [localhost]
                            labels:
                              job: idle
                              __path__: %s/*/*/*.log
                        pipeline_stages:
                          - cri: {}
                    """.formatted(loki.url(), dir.resolve("positions.yaml"), pods));
            measure("sleipnir", launch.command(config), loki, files, seconds);
            if (promtail == null) {
                System.out.println("promtail             not measured (give its binary with --promtail=/path/to/promtail)");
            } else {
                // The same files, config and null Loki: Promtail re-sends every line from its start (its own
                // positions file), so the null Loki's count is reset before it runs.
                Files.deleteIfExists(dir.resolve("positions.yaml"));
                loki.reset();
                measure("promtail", List.of(promtail, "-config.file=" + config, "-log.level=warn"), loki, files, seconds);
            }
        }
    }

    /** The Promtail binary: {@code --promtail=BIN} anywhere among the arguments, else the property's, else null. */
    static String promtail(String[] args, String property) {
        for (String a : args) {
            if (a.startsWith(PROMTAIL_ARGUMENT)) {
                return a.substring(PROMTAIL_ARGUMENT.length());
            }
        }
        return property;
    }

    /** The arguments without {@code --promtail=BIN}, so that the others keep their places. */
    static String[] withoutPromtail(String[] args) {
        return Arrays.stream(args).filter(a -> !a.startsWith(PROMTAIL_ARGUMENT)).toArray(String[]::new);
    }

    private static void measure(String name, List<String> cmd, NullLoki loki, int files, int seconds) throws Exception {
        Process agent = new ProcessBuilder(cmd).inheritIO().start();
        long pid = agent.pid();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (loki.entries() < files && agent.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (loki.entries() < files) {
                System.err.printf(Locale.ROOT, "%s: only %d of %d lines arrived; giving up%n", name, loki.entries(), files);
                System.exit(1);
            }
            long startupTicks = AgentProcess.sample(pid)[0];
            Thread.sleep(TimeUnit.SECONDS.toMillis(SETTLE_SECONDS));
            String loadBefore = AgentProcess.loadAverage();
            Map<String, Long> threadsBefore = threadTicks(pid);
            long[] before = AgentProcess.sample(pid);
            long t0 = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long[] after = AgentProcess.sample(pid);
            double wall = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> threadsAfter = threadTicks(pid);
            double cpu = AgentProcess.seconds(after[0] - before[0]);
            double perMinute = cpu * 60 / wall;
            System.out.printf(Locale.ROOT, "%s%n", name);
            System.out.printf(Locale.ROOT, "idle files           %,d (kubelet layout, one line each, all %,d delivered)%n",
                    files, loki.entries());
            System.out.printf(Locale.ROOT, "start-up CPU         %.2f s until every line was delivered%n",
                    AgentProcess.seconds(startupTicks));
            System.out.printf(Locale.ROOT, "idle CPU             %.2f s over %.0f s: %.3f CPU-s per minute, %.1f CPU-s per hour%n",
                    cpu, wall, perMinute, perMinute * 60);
            System.out.printf(Locale.ROOT, "RSS                  %.1f MiB now, %.1f MiB peak (command: %s)%n",
                    after[1] / 1024.0, after[2] / 1024.0, String.join(" ", cmd));
            System.out.printf(Locale.ROOT, "load average         %s before the window, %s after%n",
                    loadBefore, AgentProcess.loadAverage());
            System.out.println("idle CPU by thread   (clock ticks of 10 ms over the window; threads that used none left out)");
            threadsAfter.forEach((thread, ticks) -> {
                long used = ticks - threadsBefore.getOrDefault(thread, 0L);
                if (used > 0) {
                    System.out.printf(Locale.ROOT, "  %-20s %d%n", thread, used);
                }
            });
        } finally {
            AgentProcess.stop(agent);
        }
    }

    /** utime + stime per thread name ({@code /proc/<pid>/task/<tid>/stat}), summed over threads of one name. */
    private static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> ticks = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(comm, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return ticks;
    }
}
