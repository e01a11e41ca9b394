package io.sleipnir.source.push;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sleipnir.config.LokiPushApiConfig;
import io.sleipnir.config.RelabelConfig;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.relabel.RelabelRule;
import io.sleipnir.relabel.Relabeler;
import io.sleipnir.source.Source;
import io.sleipnir.source.SourceContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A job's {@code loki_push_api}: Loki's push endpoint on the job's own port. A request is taken in only when its
 * body fits the byte budget ({@code max_held_bytes}; else 429 with {@code Retry-After}), decoded on the source's
 * own thread (the pipeline may block it), and its entries run through the job's relabeling and pipeline. The
 * pusher's 204 is written only when every client has answered for every entry of the request (ack-through):
 * a relay that answered 2xx has handed the entries on, so a pusher that saw 2xx may forget them.
 *
 * <p>Threads: one Netty loop accepts, one serves HTTP (never blocks); {@code push-<job>} decodes and feeds the
 * pipeline, one request at a time, in arrival order. What waits for it is counted in the budget.
 */
public final class PushApiSource implements Source {
    private static final System.Logger LOG = System.getLogger(PushApiSource.class.getName());
    /** Per entry, what the Java objects cost beyond the line's and metadata's bytes (an estimate). */
    static final int ENTRY_OVERHEAD_BYTES = 64;
    /** How long {@link #close()} waits for requests in hand to be answered. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final LokiPushApiConfig config;
    private final SourceContext context;
    private final List<RelabelRule> relabel;
    private final Labels staticLabels;
    private final PushBodyDecoder decoder;
    private final HeldBytes held;
    private final Object pendingLock = new Object();
    private int pending;
    private volatile boolean closing;
    private EventLoopGroup boss;
    private EventLoopGroup loop;
    private Channel channel;
    private ExecutorService worker;
    /** The last arrival time given (worker thread only): later entries never get an earlier one. */
    private long lastArrival;

    public PushApiSource(LokiPushApiConfig config, SourceContext context) {
        this.config = config;
        this.context = context;
        this.relabel = compile(config.relabelConfigs());
        this.staticLabels = Labels.of(config.labels());
        this.decoder = new PushBodyDecoder(config.maxBodyBytes(), config.maxEntriesPerRequest());
        this.held = new HeldBytes(config.maxHeldBytes(), context.metrics().pushHeldBytes.labels(context.jobName()),
                context.metrics().pushHeldBytesPeak.labels(context.jobName()));
        context.metrics().pushBudgetBytes.labels(context.jobName()).set(config.maxHeldBytes());
    }

    private static List<RelabelRule> compile(List<RelabelConfig> configs) {
        return configs.stream().map(RelabelConfig::rule).toList(); // compiled once, when the config was bound
    }

    @Override
    public String describe() {
        return "loki_push_api " + config.server().httpListenAddress() + ":" + config.server().httpListenPort()
                + " (job " + context.jobName() + ")";
    }

    @Override
    public void start() throws IOException {
        String job = context.jobName();
        worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "push-" + job);
                    t.setDaemon(true);
                    return t;
                });
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("push-" + job + "-accept"),
                NioIoHandler.newFactory());
        loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("push-" + job + "-http"),
                NioIoHandler.newFactory());
        PushHttpHandler handler = new PushHttpHandler(this);
        int maxBody = (int) config.maxBodyBytes();
        try {
            channel = new ServerBootstrap().group(boss, loop).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(maxBody))
                                    .addLast(handler);
                        }
                    })
                    .bind(config.server().httpListenAddress(), config.server().httpListenPort()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdownLoops();
            throw new IOException("interrupted while binding");
        } catch (Exception e) {
            shutdownLoops();
            worker.shutdownNow();
            throw new IOException("cannot listen on " + config.server().httpListenAddress() + ":"
                    + config.server().httpListenPort() + ": " + plain(e), e);
        }
    }

    /** The bound port (the real one when configured with port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Bytes held now: bodies waiting and entries not yet acknowledged. */
    public long heldBytes() {
        return held.used();
    }

    /**
     * Takes a request in, on the HTTP loop: answers false (the caller answers 429) when its body does not fit the
     * budget, else queues it for the worker, which answers through {@code answer}.
     */
    boolean admit(IncomingPush push, PushHttpHandler.Answer answer) {
        if (closing) {
            answer.send(503, "shutting down");
            return true;
        }
        if (!held.tryAcquire(push.body().length)) {
            return false;
        }
        synchronized (pendingLock) {
            pending++;
        }
        try {
            worker.execute(() -> handle(push, answer));
        } catch (RejectedExecutionException e) {
            held.release(push.body().length);
            finished(answer, 503, "shutting down");
        }
        return true;
    }

    private void handle(IncomingPush push, PushHttpHandler.Answer answer) {
        long bodyBytes = push.body().length;
        List<LogEntry> entries = new ArrayList<>();
        String problem;
        try {
            problem = push.raw() ? rawEntries(push, entries) : pushedEntries(push, entries);
        } catch (PushRejected e) {
            held.release(bodyBytes);
            LOG.log(System.Logger.Level.DEBUG, () -> "refused a push for job " + context.jobName() + ": "
                    + e.getMessage());
            finished(answer, e.status(), e.getMessage());
            return;
        }
        long bytes = 0;
        for (LogEntry e : entries) {
            bytes += e.sizeBytes() + ENTRY_OVERHEAD_BYTES;
        }
        // The body's bytes are held until the entries' are: the decoded request replaces the body in the budget.
        boolean fits = held.tryAcquire(bytes);
        held.release(bodyBytes);
        if (!fits) {
            if (bytes > held.capacity()) {
                finished(answer, 413, "request holds " + bytes + " bytes of entries, more than max_held_bytes ("
                        + held.capacity() + "); split it");
            } else {
                finished(answer, 429, "too many entries held, not acknowledged yet; retry later");
            }
            return;
        }
        long heldEntries = bytes;
        int status = problem == null ? 204 : 400;
        String message = problem == null ? "" : problem;
        int[] outcome = {status};
        String[] text = {message};
        RequestAck ack = new RequestAck(() -> {
            held.release(heldEntries);
            finished(answer, outcome[0], text[0]);
        });
        try {
            for (LogEntry entry : entries) {
                ack.retain(1);
                context.pipeline().accept(entry.withDelivery(ack));
            }
        } catch (InterruptedException e) {
            // Closing while the pipeline blocked: what was handed on is still answered for, then the pusher is
            // told to try again (it may resend entries that were delivered: at least once).
            outcome[0] = 503;
            text[0] = "shutting down";
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            outcome[0] = 500;
            text[0] = "internal error";
            LOG.log(System.Logger.Level.WARNING, "push for job " + context.jobName() + " failed in the pipeline", e);
        }
        ack.seal();
    }

    /** Loki's push body to entries; returns the first bad stream's problem (Promtail answers 400 for it). */
    private String pushedEntries(IncomingPush push, List<LogEntry> out) throws PushRejected {
        List<PushedStream> streams = decoder.decode(push.body(), push.contentType(), push.contentEncoding());
        String problem = null;
        for (PushedStream stream : streams) {
            Labels labels;
            try {
                labels = LabelsText.parse(stream.labelsText());
            } catch (PushRejected e) {
                problem = e.getMessage();
                continue;
            }
            Labels relabeled = Relabeler.process(labels.merge(staticLabels), relabel);
            if (relabeled == null || relabeled.isEmpty()) {
                continue; // dropped by relabeling: answered for, as in Promtail
            }
            Labels kept = relabeled.withoutInternal();
            for (PushedStream.Entry e : stream.entries()) {
                long ts = config.useIncomingTimestamp() ? e.timestampNanos() : arrival();
                out.add(new LogEntry(ts, e.line(), kept, e.structuredMetadata(), io.sleipnir.model.Delivery.NONE));
            }
        }
        return problem;
    }

    /** Promtail's raw endpoint: each non-empty line (trailing \r\n cut) is an entry with the configured labels. */
    private String rawEntries(IncomingPush push, List<LogEntry> out) throws PushRejected {
        String text = new String(push.body(), StandardCharsets.UTF_8);
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            int cut = end;
            while (cut > start && (text.charAt(cut - 1) == '\r' || text.charAt(cut - 1) == '\n')) {
                cut--;
            }
            if (cut > start) {
                if (out.size() >= config.maxEntriesPerRequest()) {
                    throw PushRejected.badRequest("more than " + config.maxEntriesPerRequest()
                            + " lines in one request (max_entries_per_request); split it");
                }
                out.add(new LogEntry(arrival(), text.substring(start, cut), staticLabels.withoutInternal(),
                        Labels.empty(), io.sleipnir.model.Delivery.NONE));
            }
            start = end + 1;
        }
        return null;
    }

    /** The arrival time as the entry's timestamp, 1ns after the previous one when the clock has not moved. */
    private long arrival() {
        lastArrival = Math.max(context.clock().millis() * 1_000_000L, lastArrival + 1);
        return lastArrival;
    }

    private void finished(PushHttpHandler.Answer answer, int status, String message) {
        context.metrics().pushRequests.labels(context.jobName(), Integer.toString(status)).inc();
        answer.send(status, message);
        synchronized (pendingLock) {
            pending--;
            pendingLock.notifyAll();
        }
    }

    /** Counts a request answered on the HTTP loop without reaching the worker (429, 413, 404...). */
    void answeredEarly(int status) {
        context.metrics().pushRequests.labels(context.jobName(), Integer.toString(status)).inc();
    }

    /**
     * Stops listening, lets the worker finish the requests it holds (up to a few seconds, then interrupts it),
     * and waits up to a few seconds more for their entries to be acknowledged, so that their pushers get an
     * answer; then closes the connections. A pusher left without an answer retries: nothing is lost.
     */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        if (worker != null) {
            worker.shutdown();
            if (!worker.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
                worker.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        synchronized (pendingLock) {
            while (pending > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                pendingLock.wait(left);
            }
        }
        shutdownLoops();
    }

    private void shutdownLoops() {
        if (boss != null) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (loop != null) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    private static String plain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                int colon = m.lastIndexOf(": ");
                String s = colon >= 0 && colon + 2 < m.length() ? m.substring(colon + 2) : m.strip();
                return Character.toLowerCase(s.charAt(0)) + s.substring(1);
            }
        }
        return "unknown error";
    }
}
