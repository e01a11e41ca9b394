package io.sleipnir.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The syslog and GELF harness: runs the agent jar as a separate process with a syslog job (TCP, octet-counted RFC
 * 5424, six labels from relabel_configs) and a GELF job (TCP, null-byte framed JSON, three labels), pushing to a null
 * Loki. For each source it sends N messages over one connection as fast as the agent takes them, waits until Loki has
 * all N, and reports entries per second and the agent's CPU time per entry from /proc: socket to compressed push,
 * the whole path.
 *
 * <pre>java -cp bench/target/sleipnir-bench.jar io.sleipnir.bench.NetworkSources [messages] [agent jar] [jvm flags...]</pre>
 */
public final class NetworkSources {
    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        AgentProcess.Launch launch = AgentProcess.launch(args, 1);
        Path dir = AgentProcess.scratchDirectory("sleipnir-network");
        int syslogPort = freePort();
        int gelfPort = freePort();
        try (NullLoki loki = new NullLoki()) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, AgentProcess.configHead(loki.url(), dir.resolve("positions.yaml")) + """
                    scrape_configs:
                      - job_name: syslog
                        syslog:
                          listen_address: 127.0.0.1:%d
                          labels: {job: syslog}
                        relabel_configs:
                          - {source_labels: [__syslog_message_hostname], target_label: host}
                          - {source_labels: [__syslog_message_app_name], target_label: app}
                          - {source_labels: [__syslog_message_severity], target_label: level}
                          - {source_labels: [__syslog_message_facility], target_label: facility}
                          - {source_labels: [__syslog_connection_ip_address], target_label: ip}
                      - job_name: gelf
                        gelf:
                          listen_address: 127.0.0.1:%d
                          listen_protocol: tcp
                          labels: {job: gelf}
                        relabel_configs:
                          - {source_labels: [__gelf_message_host], target_label: host}
                          - {source_labels: [__gelf_message_level], target_label: level}
                    """.formatted(syslogPort, gelfPort));
            Process agent = launch.start(config);
            try {
                waitForPort(syslogPort);
                waitForPort(gelfPort);
                byte[] syslog = syslogMessages(messages);
                byte[] gelf = gelfMessages(messages);
                // A first, unmeasured round warms the JIT on both paths.
                run(agent.pid(), loki, syslogPort, syslogMessages(50_000), 50_000);
                run(agent.pid(), loki, gelfPort, gelfMessages(50_000), 50_000);
                report("syslog (TCP, octet counting, RFC 5424)", messages,
                        run(agent.pid(), loki, syslogPort, syslog, messages));
                report("gelf (TCP, null-byte framed JSON)", messages, run(agent.pid(), loki, gelfPort, gelf, messages));
                System.out.printf(Locale.ROOT, "JVM flags: %s%n", String.join(" ", launch.jvmFlags()));
            } finally {
                AgentProcess.stop(agent);
            }
        }
    }

    /** [wall seconds, agent CPU seconds] to deliver {@code count} messages. */
    private static double[] run(long pid, NullLoki loki, int port, byte[] payload, int count) throws Exception {
        long target = loki.entries() + count;
        return AgentProcess.untilDelivered(pid, loki, target, () -> {
            try (Socket s = new Socket("127.0.0.1", port);
                    OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16)) {
                out.write(payload);
            }
        });
    }

    private static void report(String what, int count, double[] wallAndCpu) {
        System.out.printf(Locale.ROOT, "%-40s %,d entries in %.2f s: %,.0f entries/s, %.2f µs CPU per entry%n",
                what, count, wallAndCpu[0], count / wallAndCpu[0], wallAndCpu[1] * 1e6 / count);
    }

    private static byte[] syslogMessages(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String m = "<165>1 2026-12-02T08:00:00." + String.format(Locale.ROOT, "%06d", i % 1_000_000)
                    + "Z web-" + (i % 8) + " nginx 4242 - - GET /api/orders/" + i + " 200 12ms";
            b.append(m.getBytes(StandardCharsets.UTF_8).length).append(' ').append(m);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gelfMessages(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append("{\"version\":\"1.1\",\"host\":\"web-").append(i % 8)
                    .append("\",\"short_message\":\"GET /api/orders/").append(i)
                    .append(" 200\",\"timestamp\":1764662400.").append(i % 1000)
                    .append(",\"level\":6,\"_status\":200,\"_path\":\"/api/orders\"}").append('\0');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the agent did not listen on " + port);
    }
}
