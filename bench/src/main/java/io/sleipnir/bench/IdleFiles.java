package io.sleipnir.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The idle-cost harness: creates N log files in the kubelet's layout ({@code pods/<ns>_<pod>_<uid>/<container>/0.log},
 * one line each), starts a null Loki, runs the agent jar on {@code pods/*}{@code /*}{@code /*.log} as a separate
 * process, waits until the N lines are delivered and a further 90 s (quiet files back off their polling), then
 * writes nothing and samples the
 * process's CPU time from /proc over the measuring window. Reports CPU seconds per minute and per hour, and RSS.
 *
 * <pre>java -cp bench/target/sleipnir-bench.jar io.sleipnir.bench.IdleFiles [files] [seconds] [agent jar] [jvm flags...]</pre>
 */
public final class IdleFiles {
    /** After start-up, quiet files back off their polling (to a minute, by doubling from 250 ms) before measuring. */
    private static final long SETTLE_SECONDS = 90;

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        AgentProcess.Launch launch = AgentProcess.launch(args, 2);
        Path jar = launch.jar();
        List<String> jvmFlags = launch.jvmFlags();
        Path dir = Files.createTempDirectory("sleipnir-idle");
        Path pods = dir.resolve("pods");
        for (int i = 0; i < files; i++) {
            Path container = Files.createDirectories(pods.resolve("shop_order-" + i + "_uid" + i).resolve("order"));
            Files.writeString(container.resolve("0.log"),
                    "2026-12-01T10:00:00.000000000Z stdout F started " + i + "\n", StandardCharsets.UTF_8);
        }
        try (NullLoki loki = new NullLoki()) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, """
                    server:
                      http_listen_port: 0
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
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmFlags);
            cmd.addAll(List.of("-jar", jar.toString(), "-config.file=" + config, "-log.level=warn"));
            Process agent = new ProcessBuilder(cmd).inheritIO().start();
            long pid = agent.pid();
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                while (loki.entries() < files && agent.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                if (loki.entries() < files) {
                    System.err.printf(Locale.ROOT, "only %d of %d lines arrived; giving up%n", loki.entries(), files);
                    System.exit(1);
                }
                long startupTicks = AgentProcess.sample(pid)[0];
                Thread.sleep(TimeUnit.SECONDS.toMillis(SETTLE_SECONDS));
                long[] before = AgentProcess.sample(pid);
                long t0 = System.nanoTime();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                long[] after = AgentProcess.sample(pid);
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (after[0] - before[0]) / (double) AgentProcess.CLOCK_TICKS_PER_SECOND;
                double perMinute = cpu * 60 / wall;
                System.out.printf(Locale.ROOT, "idle files           %,d (kubelet layout, one line each, all %,d delivered)%n",
                        files, loki.entries());
                System.out.printf(Locale.ROOT, "start-up CPU         %.2f s until every line was delivered%n",
                        startupTicks / (double) AgentProcess.CLOCK_TICKS_PER_SECOND);
                System.out.printf(Locale.ROOT, "idle CPU             %.2f s over %.0f s: %.3f CPU-s per minute, %.1f CPU-s per hour%n",
                        cpu, wall, perMinute, perMinute * 60);
                System.out.printf(Locale.ROOT, "RSS                  %.1f MiB now, %.1f MiB peak (JVM flags: %s)%n",
                        after[1] / 1024.0, after[2] / 1024.0, String.join(" ", jvmFlags));
            } finally {
                agent.destroy();
                agent.waitFor(20, TimeUnit.SECONDS);
                agent.destroyForcibly();
            }
        }
    }
}
