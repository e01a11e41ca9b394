package io.sleipnir.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Docker source's harness: runs the agent jar as a separate process with a {@code docker_sd_configs} job (two
 * labels from relabel_configs) against a stand-in Engine API on a unix socket, in this process, that lists K
 * containers and streams each one's log as Docker does (8-byte multiplexed frames, stdout and stderr, RFC 3339
 * nanosecond timestamps), pushing to a null Loki. A first round of containers warms the JIT; then K new containers
 * appear and the harness reports entries per second and the agent's CPU time per entry from /proc until Loki has
 * them all: socket, demultiplexing, timestamps, labels, acknowledgement, batching, protobuf, snappy, push. The
 * daemon's own cost is not in it (podman's or Docker's API would be the bottleneck, and it is another process).
 *
 * <pre>java -cp bench/target/sleipnir-bench.jar io.sleipnir.bench.DockerLogs [lines per container] [containers]
 *     [agent jar] [jvm flags...]</pre>
 */
public final class DockerLogs {
    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int containers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        AgentProcess.Launch launch = AgentProcess.launch(args, 2);
        Path dir = AgentProcess.scratchDirectory("sleipnir-docker");
        Path socket = dir.resolve("docker.sock");
        try (NullLoki loki = new NullLoki(); Engine engine = new Engine(socket)) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, AgentProcess.configHead(loki.url(), dir.resolve("positions.yaml")) + """
                    scrape_configs:
                      - job_name: docker
                        docker_sd_configs:
                          - host: unix://%s
                            refresh_interval: 200ms
                        relabel_configs:
                          - {source_labels: [__meta_docker_container_name], regex: '/(.*)', target_label: container}
                          - {source_labels: [__meta_docker_container_log_stream], target_label: stream}
                    """.formatted(socket));
            Process agent = launch.start(config);
            try {
                run(agent.pid(), loki, engine, "warm", containers, 50_000 / containers);
                double[] measured = run(agent.pid(), loki, engine, "measured", containers, lines);
                long total = (long) lines * containers;
                System.out.printf(Locale.ROOT, "docker_sd (%d containers, multiplexed frames) %,d entries in %.2f s: "
                        + "%,.0f entries/s, %.2f µs CPU per entry%n", containers, total, measured[0],
                        total / measured[0], measured[1] * 1e6 / total);
                System.out.printf(Locale.ROOT, "JVM flags: %s%n", String.join(" ", launch.jvmFlags()));
            } finally {
                AgentProcess.stop(agent);
            }
        }
    }

    /** [wall seconds, agent CPU seconds] for K containers of {@code lines} lines each to reach Loki. */
    private static double[] run(long pid, NullLoki loki, Engine engine, String prefix, int containers, int lines)
            throws Exception {
        List<String> ids = new ArrayList<>();
        long start = Instant.parse("2026-12-02T08:00:00Z").getEpochSecond() * 1_000_000_000L;
        List<byte[]> logs = new ArrayList<>();
        for (int c = 0; c < containers; c++) {
            ids.add(String.format(Locale.ROOT, "%s%063d", prefix.substring(0, 1), c));
            logs.add(log(lines, start, c));
        }
        long target = loki.entries() + (long) lines * containers;
        return AgentProcess.untilDelivered(pid, loki, target, () -> engine.serve(ids, logs));
    }

    private static byte[] log(int lines, long startNanos, int container) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(lines * 80);
        for (int i = 0; i < lines; i++) {
            long t = startNanos + i * 1_000L;
            String text = Instant.ofEpochSecond(0, t).toString() + " GET /api/orders/" + i + " 200 12ms container="
                    + container + "\n";
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            out.write(i % 4 == 3 ? 2 : 1); // a quarter on stderr
            out.write(0);
            out.write(0);
            out.write(0);
            out.write(body.length >>> 24);
            out.write(body.length >>> 16);
            out.write(body.length >>> 8);
            out.write(body.length);
            out.write(body, 0, body.length);
        }
        return out.toByteArray();
    }

    /** A stand-in Engine API: the container list, networks, inspection, and each container's log, then its end. */
    private static final class Engine implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Thread acceptor;
        private volatile List<String> ids = List.of();
        private volatile List<byte[]> logs = List.of();

        Engine(Path socket) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            acceptor = new Thread(this::accept, "engine-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        void serve(List<String> containerIds, List<byte[]> containerLogs) {
            logs = containerLogs;
            ids = containerIds;
        }

        private void accept() {
            while (server.isOpen()) {
                try {
                    SocketChannel c = server.accept();
                    Thread t = new Thread(() -> answer(c), "engine-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void answer(SocketChannel c) {
            try (c) {
                InputStream in = Channels.newInputStream(c);
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.write(b);
                }
                String path = head.toString(StandardCharsets.ISO_8859_1).split(" ")[1];
                List<String> currentIds = ids;
                for (int i = 0; i < currentIds.size(); i++) {
                    if (path.startsWith("/containers/" + currentIds.get(i) + "/logs")) {
                        byte[] body = logs.get(i);
                        write(c, "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                                + "Content-Length: " + body.length + "\r\n\r\n");
                        ByteBuffer b = ByteBuffer.wrap(body);
                        while (b.hasRemaining()) {
                            c.write(b);
                        }
                        return;
                    }
                }
                String json;
                if (path.startsWith("/containers/json")) {
                    StringBuilder list = new StringBuilder("[");
                    for (int i = 0; i < currentIds.size(); i++) {
                        list.append(i == 0 ? "" : ",").append("{\"Id\":\"").append(currentIds.get(i))
                                .append("\",\"Names\":[\"/app-").append(i).append("\"]}");
                    }
                    json = list.append(']').toString();
                } else if (path.equals("/networks")) {
                    json = "[]";
                } else {
                    json = "{\"Config\":{\"Tty\":false}}";
                }
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                write(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n");
                c.write(ByteBuffer.wrap(body));
            } catch (IOException e) {
                // the agent closed the connection
            }
        }

        private static void write(SocketChannel c, String text) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
            while (b.hasRemaining()) {
                c.write(b);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
