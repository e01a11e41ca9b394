package io.sleipnir.source.gelf;

import io.sleipnir.config.GelfConfig;
import io.sleipnir.config.RelabelConfig;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.source.UdpSockets;
import io.sleipnir.source.EntryLabels;
import io.sleipnir.source.NetworkSourceMetrics;
import io.sleipnir.source.RateLimitedLog;
import io.sleipnir.source.Rejection;
import io.sleipnir.source.Source;
import io.sleipnir.source.SourceContext;
import io.sleipnir.source.TcpServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Promtail's GELF target: GELF over UDP (plain, gzip or zlib, chunked or not), each message one entry whose line is
 * the message as JSON and whose {@code __gelf_message_*} labels go through the job's {@code relabel_configs}. Beyond
 * Promtail, {@code listen_protocol: tcp} takes GELF over TCP: plain JSON messages each ended by a null byte, as
 * Graylog's GELF TCP input takes them, read with back-pressure (a blocked pipeline stops the connection's reads).
 */
public final class GelfSource implements Source {
    private static final System.Logger LOG = System.getLogger(GelfSource.class.getName());
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final GelfConfig config;
    private final SourceContext context;
    private final EntryLabels labels;
    private final NetworkSourceMetrics metrics;
    private final RateLimitedLog warnings;
    private TcpServer tcp;
    private DatagramSocket udp;
    private Thread udpReader;
    private volatile boolean stopping;

    public GelfSource(GelfConfig config, List<RelabelConfig> relabelConfigs, SourceContext context) {
        this.config = config;
        this.context = context;
        this.labels = new EntryLabels(config.labels(), relabelConfigs);
        this.metrics = NetworkSourceMetrics.of(context.metrics());
        this.warnings = new RateLimitedLog(LOG, context.clock(), 10_000);
    }

    @Override
    public String describe() {
        return "gelf " + config.protocol() + " " + config.listenAddress() + " (job " + context.jobName() + ")";
    }

    @Override
    public void start() throws IOException {
        if (config.tcp()) {
            tcp = new TcpServer("gelf-" + context.jobName(), config.listenAddress(), null, false, Duration.ZERO,
                    this::readStream, warnings);
            tcp.start();
            return;
        }
        udp = UdpSockets.bind(config.listenAddress());
        udpReader = new Thread(this::readDatagrams, "gelf-" + context.jobName() + "-udp");
        udpReader.setDaemon(true);
        udpReader.start();
    }

    /** The port listened on (the configured one, or the one the system chose for port 0). */
    public int port() {
        return udp != null ? udp.getLocalPort() : tcp.port();
    }

    private void readDatagrams() {
        byte[] buf = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        GelfChunks chunks = new GelfChunks(context.clock(), why -> reject(Rejection.INCOMPLETE_CHUNKS, why));
        while (!stopping) {
            try {
                packet.setLength(buf.length);
                udp.receive(packet);
                if (GelfChunks.isChunk(buf, packet.getOffset(), packet.getLength())) {
                    byte[] whole = chunks.add(buf, packet.getOffset(), packet.getLength());
                    if (whole != null) {
                        handle(whole, 0, whole.length);
                    }
                } else {
                    handle(buf, packet.getOffset(), packet.getLength());
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (!stopping) {
                    warnings.warn(describe() + ": cannot receive: " + e.getMessage());
                }
            }
        }
    }

    /** One TCP connection: messages ended by a null byte, each at most {@link GelfDecoder#MAX_MESSAGE_BYTES}. */
    private void readStream(Socket socket, InputStream in) throws IOException, InterruptedException {
        byte[] buf = new byte[65_536];
        byte[] message = new byte[8192];
        int length = 0;
        boolean skipping = false;
        int n;
        while ((n = in.read(buf)) > 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] != 0) {
                    continue;
                }
                if (!skipping) {
                    message = append(message, length, buf, from, i - from);
                    length += i - from;
                    if (length > 0) {
                        handle(message, 0, length);
                    }
                }
                skipping = false;
                length = 0;
                from = i + 1;
            }
            if (!skipping) {
                if (length + (n - from) > GelfDecoder.MAX_MESSAGE_BYTES) {
                    reject(Rejection.TOO_LONG, "a message from " + socket.getInetAddress().getHostAddress()
                            + " is longer than " + GelfDecoder.MAX_MESSAGE_BYTES + " bytes");
                    skipping = true;
                    length = 0;
                } else {
                    message = append(message, length, buf, from, n - from);
                    length += n - from;
                }
            }
        }
        if (!skipping && length > 0) {
            handle(message, 0, length);
        }
    }

    private static byte[] append(byte[] message, int length, byte[] src, int from, int count) {
        if (length + count > message.length) {
            message = Arrays.copyOf(message, Math.max(length + count, message.length * 2));
        }
        System.arraycopy(src, from, message, length, count);
        return message;
    }

    private void handle(byte[] data, int offset, int length) throws InterruptedException {
        GelfMessage m;
        try {
            m = GelfDecoder.decode(data, offset, length);
        } catch (GelfFormatException e) {
            metrics.gelfErrors.inc();
            reject(Rejection.MALFORMED, "error while reading gelf message: " + e.getMessage());
            return;
        }
        metrics.gelfEntries.inc();
        Map<String, String> l = labels.start();
        l.put("__gelf_message_level", m.levelName());
        l.put("__gelf_message_host", m.host());
        l.put("__gelf_message_version", m.version());
        l.put("__gelf_message_facility", m.facility());
        Labels entryLabels = labels.finish(l);
        if (entryLabels == null) {
            metrics.rejected("gelf", Rejection.RELABEL_DROPPED);
            return;
        }
        Instant now = context.clock().instant();
        long ts = config.useIncomingTimestamp() && m.seconds() != 0 ? (long) (m.seconds() * 1e9)
                : now.getEpochSecond() * 1_000_000_000L + now.getNano();
        try {
            context.pipeline().accept(LogEntry.of(ts, m.toLine(), entryLabels, Delivery.NONE));
        } catch (InterruptedException e) {
            metrics.rejected("gelf", Rejection.STOPPED);
            LOG.log(Level.WARNING, describe() + ": stopped while the pipeline was blocked; one message was not handed on");
            throw e;
        }
    }

    private void reject(Rejection reason, String message) {
        metrics.rejected("gelf", reason);
        warnings.warn(describe() + ": " + message);
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        if (tcp != null) {
            tcp.close(DRAIN_TIMEOUT);
        }
        if (udp != null) {
            UdpSockets.closeAndJoin(udp, udpReader, DRAIN_TIMEOUT);
        }
    }
}
