package io.sleipnir.cli;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ClientConfig;
import io.sleipnir.config.ScrapeConfig;
import io.sleipnir.config.KubernetesSdConfig;
import io.sleipnir.config.RelabelConfig;
import io.sleipnir.relabel.RelabelRule;
import io.sleipnir.logql.LogSelector;
import io.sleipnir.discovery.KubernetesDiscovery;
import io.sleipnir.discovery.NodeName;
import io.sleipnir.discovery.StaticTargetGroups;
import io.sleipnir.discovery.TargetGroupProvider;
import io.sleipnir.guard.LabelGuard;
import io.sleipnir.live.LiveTail;
import io.sleipnir.live.LiveTailRoutes;
import io.sleipnir.loki.FanOut;
import io.sleipnir.loki.LokiClient;
import io.sleipnir.loki.NettyPushSender;
import io.sleipnir.loki.PushTrouble;
import io.sleipnir.golang.GoDuration;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.EntrySink;
import io.sleipnir.pipeline.Pipeline;
import io.sleipnir.pipeline.PipelineTicker;
import io.sleipnir.positions.PositionsCorruptException;
import io.sleipnir.positions.PositionsFile;
import io.sleipnir.positions.SavedPosition;
import io.sleipnir.server.HttpServer;
import io.sleipnir.server.Route;
import io.sleipnir.server.StandardRoutes;
import io.sleipnir.status.ClientWatch;
import io.sleipnir.status.Liveness;
import io.sleipnir.status.StatusRoutes;
import io.sleipnir.status.StatusSources;
import io.sleipnir.targets.ScrapeJob;
import io.sleipnir.targets.TargetManager;
import io.sleipnir.source.FiniteSource;
import io.sleipnir.source.Source;
import io.sleipnir.source.SourceContext;
import io.sleipnir.source.Sources;
import io.sleipnir.tail.TailManager;
import io.sleipnir.tail.TailSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The running agent: wires the parts together once from the compiled configuration, and stops them in the
 * order that loses nothing. Tests start it in-process; {@link Main} starts it from the command line.
 *
 * <pre>
 * discovery (static, Kubernetes pods) -> targets (relabel, __host__, __path__) -> tail
 * tail (one reader thread) -> pipeline per scrape config -> fan-out -> client per Loki -> acks -> positions
 * </pre>
 */
public final class Agent {
    private static final Logger LOG = Logger.getLogger(Agent.class.getName());
    private static final Duration CAUGHT_UP_POLL = Duration.ofMillis(50);

    private final AgentConfig config;
    private final AgentMetrics metrics;
    private final PositionsFile positions;
    private final List<LokiClient> clients;
    private final List<Pipeline> pipelines;
    private final List<Source> sources;
    private final TailManager tail;
    private final KubernetesDiscovery discovery;
    private final TargetManager targets;
    private final HttpServer server;
    private final PipelineTicker ticker;
    private final LiveTail liveTail;
    /** -exit-on-eof's pending question to the reader; only the awaiting thread touches it. */
    private CompletableFuture<Boolean> readQuestion;
    private final Clock clock;
    private boolean stopped;

    /**
     * How to run: {@code dryRun} prints entries to {@code dryRunOut} instead of pushing and writes no positions;
     * {@code env} is the process environment, read for the node name ({@code NODE_NAME}, else {@code HOSTNAME});
     * {@code inspect} (which implies a dry run) also prints what each stage changed.
     */
    public record Options(boolean dryRun, PrintStream dryRunOut, Clock clock, Map<String, String> env, boolean inspect,
            LogSelector dryRunQuery) {
        public Options {
            env = Map.copyOf(env);
        }

        /** Without -dry-run.query. */
        public Options(boolean dryRun, PrintStream dryRunOut, Clock clock, Map<String, String> env, boolean inspect) {
            this(dryRun, dryRunOut, clock, env, inspect, null);
        }

        /** Without environment: the node name is the machine's host name. */
        public Options(boolean dryRun, PrintStream dryRunOut, Clock clock) {
            this(dryRun, dryRunOut, clock, Map.of(), false);
        }

        public Options(boolean dryRun, PrintStream dryRunOut, Clock clock, Map<String, String> env) {
            this(dryRun, dryRunOut, clock, env, false);
        }

        boolean printsInsteadOfPushing() {
            return dryRun || inspect;
        }
    }

    /** A start-up failure that is not a configuration error: a corrupt positions file, a port in use. */
    public static final class StartException extends Exception {
        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Agent(AgentConfig config, AgentMetrics metrics, PositionsFile positions, List<LokiClient> clients,
            List<Pipeline> pipelines, List<Source> sources, TailManager tail, KubernetesDiscovery discovery,
            TargetManager targets, HttpServer server, PipelineTicker ticker, Clock clock, LiveTail liveTail) {
        this.liveTail = liveTail;
        this.clock = clock;
        this.config = config;
        this.metrics = metrics;
        this.positions = positions;
        this.clients = clients;
        this.pipelines = pipelines;
        this.sources = sources;
        this.tail = tail;
        this.discovery = discovery;
        this.targets = targets;
        this.server = server;
        this.ticker = ticker;
    }

    public static Agent start(AgentConfig config, Options options) throws StartException {
        AgentMetrics metrics = new AgentMetrics();
        Clock clock = options.clock();
        PositionsFile positions;
        try {
            positions = PositionsFile.open(config.positions(), options.printsInsteadOfPushing(), metrics);
        } catch (IOException | PositionsCorruptException e) {
            throw new StartException(e.getMessage(), e);
        }
        List<LokiClient> clients = new ArrayList<>();
        ClientWatch watch = new ClientWatch(clock);
        EntrySink sink;
        DryRunQuery query = options.dryRunQuery() == null ? null : new DryRunQuery(options.dryRunQuery());
        if (options.printsInsteadOfPushing()) {
            sink = new DryRunPrinter(options.dryRunOut(), query);
        } else {
            for (ClientConfig c : config.clients()) {
                LokiClient client = new LokiClient(c, config.limits(),
                        watch.track(NettyPushSender.create(c), c.dropRateLimitedBatches()), metrics, clock,
                        LokiClient.defaultMaxBufferedBytes(c));
                watch.add(client);
                clients.add(client);
            }
            sink = clients.size() == 1 ? clients.get(0) : new FanOut(clients);
        }
        watch.registerMetrics(metrics);

        String nodeName = NodeName.resolve(options.env());
        KubernetesDiscovery discovery = new KubernetesDiscovery(nodeName);
        List<Pipeline> pipelines = new ArrayList<>();
        LiveTail liveTail = new LiveTail(metrics.liveTailSkipped::inc);
        EntrySink tapped = liveTail.tap(sink); // what leaves the stages (and guards), before batching
        List<ScrapeJob> jobs = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        for (ScrapeConfig job : config.scrapeConfigs()) {
            EntrySink jobSink = LabelGuard.wrap(job.jobName(), config.limits().labelGuards(), tapped, metrics, clock);
            Pipeline pipeline = Pipeline.build(job.jobName(), job.pipelineStages(), jobSink, metrics, clock,
                    options.inspect() ? new InspectPrinter(options.dryRunOut(), job.jobName(), query) : null);
            pipelines.add(pipeline);
            sources.addAll(Sources.of(job, new SourceContext(job.jobName(), pipeline, metrics, clock, positions)));
            List<TargetGroupProvider> providers = new ArrayList<>();
            if (!job.staticConfigs().isEmpty()) {
                providers.add(new StaticTargetGroups(job.staticConfigs()));
            }
            for (KubernetesSdConfig sd : job.kubernetesSdConfigs()) {
                providers.add(discovery.register(sd));
            }
            List<RelabelRule> rules = job.relabelConfigs().stream().map(RelabelConfig::rule).toList();
            jobs.add(new ScrapeJob(job.jobName(), providers, rules, pipeline));
        }

        TailManager tail;
        TargetManager targets;
        HttpServer server = null;
        try {
            TailSettings settings = TailSettings.from(config.targetConfig(), config.limits(),
                    config.global().minPollFrequency(), config.global().maxPollFrequency());
            tail = new TailManager(settings, positions, metrics, clock);
            TailManager tailed = tail;
            Supplier<Map<String, Long>> delivered = () -> deliveredOffsets(tailed, positions);
            metrics.registerDeliveredOffsets(delivered);
            // Created before the server so the status pages can read it; it does nothing until the first sync.
            targets = new TargetManager(jobs, nodeName, tail::setTargets, metrics, Path.of(""));
            if (!config.server().disable()) {
                BooleanHolder ready = new BooleanHolder(tail, config.server().healthCheckTarget(), !sources.isEmpty());
                List<Route> routes = new ArrayList<>(List.of(StandardRoutes.ready(ready::get),
                        StandardRoutes.metrics(metrics), new Liveness(tailed::lastRoundCompletedOrCreated, tailed::readerInRound,
                                () -> clients.stream().map(LokiClient::status).toList(), clock).route()));
                routes.addAll(StatusRoutes.all(new StatusSources(targets::activeTargets, targets::droppedTargets,
                        tail::activeFiles, metrics, delivered, watch::views, clock), config));
                server = HttpServer.start(config.server().httpListenAddress(), config.server().httpListenPort(),
                        routes, LiveTailRoutes.all(liveTail));
            }
        } catch (IOException | UncheckedIOException e) {
            clients.forEach(LokiClient::closeNow);
            throw new StartException("cannot start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clients.forEach(LokiClient::closeNow);
            throw new StartException("interrupted while starting", e);
        }
        // Time-driven stages (multiline's max_wait_time) flush from this thread when no line arrives.
        PipelineTicker ticker = PipelineTicker.start(pipelines, PipelineTicker.DEFAULT_PERIOD);
        targets.sync();
        tail.start();
        try {
            startAll(sources);
            discovery.start(targets::sync);
        } catch (IOException | RuntimeException e) {
            try {
                closeAll(sources);
                tail.close();
                ticker.close();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            clients.forEach(LokiClient::closeNow);
            if (server != null) {
                server.close();
            }
            throw new StartException("cannot start " + (e instanceof SourceStartException ? "" : "Kubernetes discovery: ")
                    + e.getMessage(), e);
        }
        positions.startSyncing();
        LOG.info(() -> "started: " + targets.activeTargets().size() + " static file targets, "
                + discovery.watchCount() + " pod watches on node " + nodeName + ", "
                + (options.printsInsteadOfPushing() ? "dry run" : clients.size() + " clients") + ", positions "
                + positions.path());
        return new Agent(config, metrics, positions, clients, pipelines, sources, tail, discovery, targets, server,
                ticker, clock, liveTail);
    }

    /** The live tails (GET /api/v1/tail). */
    public LiveTail liveTail() {
        return liveTail;
    }

    /**
     * For -stdin: blocks until every finite source's input ended, the stages handed on what they hold, and every
     * entry is acknowledged; or returns the push trouble once pushes have failed for {@code failingFor}.
     */
    public PushTrouble awaitFiniteSources(Duration failingFor) throws InterruptedException {
        for (Source source : sources) {
            if (source instanceof FiniteSource finite) {
                finite.awaitEnd();
            }
        }
        for (Pipeline p : pipelines) {
            p.flush();
        }
        while (unacknowledgedFromFiniteSources() > 0) {
            PushTrouble trouble = pushTrouble();
            if (trouble != null && !clock.instant().isBefore(trouble.since().plus(failingFor))) {
                return trouble;
            }
            Thread.sleep(CAUGHT_UP_POLL.toMillis());
        }
        return null;
    }

    /** For -stdin, after stop: entries of finite sources that no client acknowledged. */
    public long unacknowledgedFromFiniteSources() {
        long n = 0;
        for (Source source : sources) {
            if (source instanceof FiniteSource finite) {
                n += finite.unacknowledged();
            }
        }
        return n;
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    /** The HTTP port, or -1 when the server is disabled. */
    public int httpPort() {
        return server == null ? -1 : server.port();
    }

    public PositionsFile positions() {
        return positions;
    }

    /** Active and dropped targets, for the status page. */
    public TargetManager targets() {
        return targets;
    }

    /** True when at least one file is tailed and every tailed file's committed position is at its end. */
    public boolean caughtUp() {
        return !tail.activeFiles().isEmpty() && allDelivered();
    }

    /** Every tailed file's committed position is at its end (true when nothing is tailed). */
    private boolean allDelivered() {
        Map<String, SavedPosition> saved = positions.snapshot();
        for (String f : tail.activeFiles()) {
            SavedPosition p = saved.get(f);
            try {
                if (p == null || p.offset() != Files.size(Path.of(f))) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * What -exit-on-eof waits for: the first scan of the targets is done (a glob that matches nothing is done
     * then), every file is read to its end (its last line without a newline is emitted then, see
     * {@link TailManager#readToEndEmittingUnterminated()}), the stages have handed on what they hold (cri P
     * fragments, a docker record without its newline, a multiline block), and every line read is delivered.
     */
    private boolean finished() throws InterruptedException {
        if (readQuestion == null) {
            readQuestion = tail.readToEndEmittingUnterminated();
        }
        if (!readQuestion.isDone()) {
            return false; // the reader is busy (a blocked sink): ask again when it has answered
        }
        boolean readToEnd = readQuestion.handle((answer, failure) -> failure == null && answer).join();
        readQuestion = null;
        if (!readToEnd) {
            return false;
        }
        for (Pipeline p : pipelines) {
            p.flush();
        }
        return allDelivered();
    }

    /** Blocks until every file is read to its end and every line read is delivered (for -exit-on-eof). */
    public void awaitCaughtUp() throws InterruptedException {
        while (!finished()) {
            Thread.sleep(CAUGHT_UP_POLL.toMillis());
        }
    }

    /**
     * Blocks until every file is read to its end and every line read is delivered, and returns null; or returns
     * the push failure that has lasted {@code failingFor} without a push of that client working since (a dead Loki
     * url), so that -exit-on-eof stops instead of waiting forever.
     */
    public PushTrouble awaitCaughtUp(Duration failingFor) throws InterruptedException {
        while (!finished()) {
            PushTrouble trouble = pushTrouble();
            if (trouble != null && !clock.instant().isBefore(trouble.since().plus(failingFor))) {
                return trouble;
            }
            Thread.sleep(CAUGHT_UP_POLL.toMillis());
        }
        return null;
    }

    /** The longest ongoing push failure of any client, or null. */
    public PushTrouble pushTrouble() {
        PushTrouble oldest = null;
        for (LokiClient c : clients) {
            PushTrouble t = c.trouble();
            if (t != null && (oldest == null || t.since().isBefore(oldest.since()))) {
                oldest = t;
            }
        }
        return oldest;
    }

    /**
     * Stops without losing anything: reading stops, stages hand on what they buffer, clients send what they
     * hold for up to half of {@code server.graceful_shutdown_timeout} (so the final positions write happens well
     * inside Kubernetes' grace period), then the positions file is written with what Loki acknowledged.
     */
    public void stop() {
        stop(config.server().gracefulShutdownTimeout().dividedBy(2));
    }

    /** {@link #stop()} giving the clients {@code drain} to deliver what they hold. */
    public synchronized void stop(Duration drain) {
        if (stopped) {
            return;
        }
        stopped = true;
        discovery.close();
        try {
            closeAll(sources);
            tail.close();
            ticker.close();
            for (Pipeline p : pipelines) {
                p.close();
            }
            for (LokiClient c : clients) {
                if (!c.close(drain)) {
                    LOG.warning(() -> "client " + c.host() + " could not deliver everything within "
                            + GoDuration.format(drain) + "; those lines are sent again at the next start");
                    c.closeNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clients.forEach(LokiClient::closeNow);
        }
        try {
            positions.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not write the positions file " + positions.path(), e);
        }
        liveTail.close();
        if (server != null) {
            server.close();
        }
        LOG.info("stopped");
    }

    private static void startAll(List<Source> sources) {
        for (Source source : sources) {
            try {
                source.start();
            } catch (IOException e) {
                throw new SourceStartException(source.describe() + ": " + e.getMessage(), e);
            }
            LOG.info(() -> "started " + source.describe());
        }
    }

    /** A source could not bind or start; its message names the source. */
    private static final class SourceStartException extends RuntimeException {
        SourceStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Closes every source, in order, even when one fails. */
    private static void closeAll(List<Source> sources) throws InterruptedException {
        for (Source source : sources) {
            try {
                source.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not close source " + source.describe(), e);
            }
        }
    }

    /** Per tailed path, the offset Loki acknowledged every line up to (what the positions file will hold). */
    private static Map<String, Long> deliveredOffsets(TailManager tail, PositionsFile positions) {
        Map<String, Long> out = new TreeMap<>();
        for (String path : tail.activeFiles()) {
            SavedPosition p = positions.get(path);
            if (p != null) {
                out.put(path, p.offset());
            }
        }
        return out;
    }

    /**
     * Ready when something is tailed, or a source runs (Promtail's push target is always ready), or always when
     * {@code health_check_target} is off.
     */
    private record BooleanHolder(TailManager tail, boolean healthCheckTarget, boolean hasSources) {
        boolean get() {
            return !healthCheckTarget || hasSources || !tail.activeFiles().isEmpty();
        }
    }
}
