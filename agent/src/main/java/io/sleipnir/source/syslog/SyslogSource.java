package io.sleipnir.source.syslog;

import io.sleipnir.config.RelabelConfig;
import io.sleipnir.config.SyslogConfig;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.source.UdpSockets;
import io.sleipnir.source.EntryLabels;
import io.sleipnir.source.NetworkSourceMetrics;
import io.sleipnir.source.RateLimitedLog;
import io.sleipnir.source.Rejection;
import io.sleipnir.source.ServerTlsContexts;
import io.sleipnir.source.Source;
import io.sleipnir.source.SourceContext;
import io.sleipnir.source.TcpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Promtail's syslog target: RFC 5424 and RFC 3164 messages over TCP (octet counting or one per line, optionally TLS
 * with client certificates) or UDP, each turned into one entry with Promtail's {@code __syslog_*} labels, relabeled
 * by the job's {@code relabel_configs}.
 *
 * <p>Back-pressure: a TCP connection's thread hands each message to the pipeline itself, so a blocked pipeline stops
 * that connection being read and the sender waits. A UDP sender cannot be asked to wait or to send again: while the
 * pipeline is blocked, datagrams beyond the socket's receive buffer are dropped by the kernel.
 */
public final class SyslogSource implements Source {
    private static final System.Logger LOG = System.getLogger(SyslogSource.class.getName());
    /** How long a stop waits for connections blocked by back-pressure to hand on their message. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_DATAGRAM = 65_535;

    private final SyslogConfig config;
    private final SourceContext context;
    private final EntryLabels labels;
    private final NetworkSourceMetrics metrics;
    private final RateLimitedLog warnings;
    private final boolean lookUpHostnames;
    private TcpServer tcp;
    private DatagramSocket udp;
    private Thread udpReader;
    private volatile boolean stopping;

    public SyslogSource(SyslogConfig config, List<RelabelConfig> relabelConfigs, SourceContext context) {
        this.config = config;
        this.context = context;
        this.labels = new EntryLabels(config.labels(), relabelConfigs);
        this.metrics = NetworkSourceMetrics.of(context.metrics());
        this.warnings = new RateLimitedLog(LOG, context.clock(), 10_000);
        this.lookUpHostnames = labels.used("__syslog_connection_hostname");
    }

    @Override
    public String describe() {
        return "syslog " + config.protocol() + (config.tls() != null ? "+tls " : " ") + config.listenAddress()
                + " (job " + context.jobName() + ")";
    }

    @Override
    public void start() throws IOException {
        if (config.udp()) {
            if (config.tls() != null) {
                LOG.log(Level.WARNING, describe() + ": tls_config applies to TCP only; UDP is received without TLS");
            }
            startUdp();
        } else {
            tcp = new TcpServer("syslog-" + context.jobName(), config.listenAddress(),
                    config.tls() == null ? null : ServerTlsContexts.create(config.tls()),
                    config.tls() != null && config.tls().caFile() != null, config.idleTimeout(), this::readStream,
                    warnings);
            tcp.start();
        }
    }

    /** The port listened on (the configured one, or the one the system chose for port 0). */
    public int port() {
        return udp != null ? udp.getLocalPort() : tcp.port();
    }

    private void startUdp() throws IOException {
        udp = UdpSockets.bind(config.listenAddress());
        udpReader = new Thread(this::readDatagrams, "syslog-" + context.jobName() + "-udp");
        udpReader.setDaemon(true);
        udpReader.start();
    }

    private void readDatagrams() {
        byte[] buf = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        Map<InetAddress, Map<String, String>> senders = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Map<String, String>> eldest) {
                return size() > 256;
            }
        };
        while (!stopping) {
            try {
                packet.setLength(buf.length);
                udp.receive(packet);
                Map<String, String> sender = senders.computeIfAbsent(packet.getAddress(), this::connectionLabels);
                InputStream in = new ByteArrayInputStream(buf, packet.getOffset(), packet.getLength());
                new SyslogFrameReader(in, config.maxMessageLength()).readAll(frames(sender, packet.getAddress()));
            } catch (SyslogFrameReader.BadFramingException e) {
                reject(Rejection.BAD_FRAMING, "a datagram from " + packet.getAddress().getHostAddress() + ": "
                        + e.getMessage());
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (!stopping) {
                    warnings.warn(describe() + ": cannot receive: " + e.getMessage());
                }
            }
        }
    }

    /** One TCP connection, on its own thread, until it ends. */
    private void readStream(Socket socket, InputStream in) throws IOException, InterruptedException {
        Map<String, String> connection = connectionLabels(socket.getInetAddress());
        try {
            new SyslogFrameReader(in, config.maxMessageLength()).readAll(frames(connection, socket.getInetAddress()));
        } catch (SyslogFrameReader.BadFramingException e) {
            reject(Rejection.BAD_FRAMING, "closing the connection from " + socket.getInetAddress().getHostAddress()
                    + ": " + e.getMessage());
        }
    }

    private SyslogFrameReader.FrameSink frames(Map<String, String> connection, InetAddress from) {
        return new SyslogFrameReader.FrameSink() {
            @Override
            public void frame(byte[] buf, int offset, int length) throws InterruptedException {
                handle(new String(buf, offset, length, StandardCharsets.UTF_8), connection, from);
            }

            @Override
            public void tooLong(long length) {
                reject(Rejection.TOO_LONG, "a message of " + length + " bytes from " + from.getHostAddress()
                        + " is longer than max_message_length (" + config.maxMessageLength() + ")");
            }
        };
    }

    private Map<String, String> connectionLabels(InetAddress address) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("__syslog_connection_ip_address", address.getHostAddress());
        if (lookUpHostnames) {
            out.put("__syslog_connection_hostname", EntryLabels.reverseLookup(address));
        }
        return Map.copyOf(out);
    }

    void handle(String text, Map<String, String> connection, InetAddress from) throws InterruptedException {
        Instant now = context.clock().instant();
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        SyslogMessage m;
        try {
            m = SyslogParser.parse(text, nowNanos);
        } catch (MalformedSyslogException e) {
            metrics.syslogParsingErrors.inc();
            reject(Rejection.MALFORMED, "error parsing syslog stream from " + from.getHostAddress() + ": "
                    + e.getMessage());
            return;
        }
        if (m.message() == null) {
            metrics.syslogEmptyMessages.inc();
            metrics.rejected("syslog", Rejection.EMPTY);
            return;
        }
        Map<String, String> l = labels.start();
        l.putAll(connection);
        l.put("__syslog_message_severity", m.severityLevel());
        l.put("__syslog_message_facility", m.facilityLevel());
        putIfSet(l, "__syslog_message_hostname", m.hostname());
        putIfSet(l, "__syslog_message_app_name", m.appName());
        putIfSet(l, "__syslog_message_proc_id", m.procId());
        putIfSet(l, "__syslog_message_msg_id", m.msgId());
        if (config.labelStructuredData()) {
            for (SyslogMessage.StructuredData sd : m.structuredData()) {
                String id = sd.id().replace('@', '_');
                for (String[] param : sd.params()) {
                    l.put("__syslog_message_sd_" + id + "_" + param[0], param[1]);
                }
            }
        }
        Labels entryLabels = labels.finish(l);
        if (entryLabels == null) {
            metrics.rejected("syslog", Rejection.RELABEL_DROPPED);
            return;
        }
        long ts = config.useIncomingTimestamp() && m.timestampNanos() != SyslogMessage.NO_TIMESTAMP
                ? m.timestampNanos() : nowNanos;
        String line = config.useRfc5424Message() && m.rfc5424() ? text : m.message();
        try {
            context.pipeline().accept(LogEntry.of(ts, line, entryLabels, Delivery.NONE));
        } catch (InterruptedException e) {
            metrics.rejected("syslog", Rejection.STOPPED);
            LOG.log(Level.WARNING, describe() + ": stopped while the pipeline was blocked; one message from "
                    + from.getHostAddress() + " was not handed on");
            throw e;
        }
        metrics.syslogEntries.inc();
    }

    private static void putIfSet(Map<String, String> labels, String name, String value) {
        if (value != null) {
            labels.put(name, value);
        }
    }

    private void reject(Rejection reason, String message) {
        metrics.rejected("syslog", reason);
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
