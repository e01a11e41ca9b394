package io.sleipnir.cli;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ClientConfig;
import io.sleipnir.config.KubernetesSdConfig;
import io.sleipnir.config.RelabelConfig;
import io.sleipnir.config.ScrapeConfig;
import io.sleipnir.discovery.KubernetesDiscovery;
import io.sleipnir.discovery.NodeName;
import io.sleipnir.discovery.StaticTargetGroups;
import io.sleipnir.discovery.TargetGroupProvider;
import io.sleipnir.golang.GoDuration;
import io.sleipnir.guard.LabelGuard;
import io.sleipnir.guard.ReadlineLimit;
import io.sleipnir.live.LiveTail;
import io.sleipnir.loki.FanOut;
import io.sleipnir.loki.LokiClient;
import io.sleipnir.loki.NettyPushSender;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.EntrySink;
import io.sleipnir.pipeline.Pipeline;
import io.sleipnir.pipeline.PipelineTicker;
import io.sleipnir.positions.PositionsFile;
import io.sleipnir.positions.SavedPosition;
import io.sleipnir.relabel.RelabelRule;
import io.sleipnir.server.Route;
import io.sleipnir.server.StandardRoutes;
import io.sleipnir.source.Source;
import io.sleipnir.source.SourceContext;
import io.sleipnir.source.Sources;
import io.sleipnir.status.ClientWatch;
import io.sleipnir.status.Liveness;
import io.sleipnir.status.StatusRoutes;
import io.sleipnir.status.StatusSources;
import io.sleipnir.tail.TailManager;
import io.sleipnir.tail.TailSettings;
import io.sleipnir.targets.ScrapeJob;
import io.sleipnir.targets.TargetManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Everything {@link Agent} builds from one configuration, and the order in which those parts start and stop: the
 * clients and the sink chain in front of them, the jobs (pipelines, sources, scrape jobs), the tailer, the targets
 * and the HTTP routes. The metrics, the live tail, the HTTP server and the positions file are not part of it: they
 * outlive a configuration. A config reload drains this runtime and builds the next one, see {@link Agent#reload}
 * and docs/architecture.md "Runtime and reload".
 */
final class AgentRuntime {
    /** Agent's logger: the log lines keep the {@code component=cli.Agent} they always had. */
    private static final System.Logger LOG = System.getLogger(Agent.class.getName());

    private final String nodeName;
    private final List<LokiClient> clients;
    private final LiveTail liveTail;
    /** Where every pipeline hands its entries: the readline limit when on, else the live tail's tap. */
    private final EntrySink pipelinesOut;
    private final List<Pipeline> pipelines;
    private final List<Source> sources;
    private final KubernetesDiscovery discovery;
    private final TailManager tail;
    private final TargetManager targets;
    private final ClientWatch watch;
    private final Supplier<Map<String, Long>> delivered;
    private final List<Route> routes;
    /** Started by {@link #start()}: it flushes time-driven stages from its own thread. */
    private PipelineTicker ticker;

    private AgentRuntime(Jobs jobs, Outputs outputs, Reading reading) {
        this.nodeName = jobs.nodeName();
        this.clients = outputs.clients();
        this.liveTail = outputs.liveTail();
        this.pipelinesOut = outputs.tapped();
        this.watch = outputs.watch();
        this.pipelines = jobs.pipelines();
        this.sources = jobs.sources();
        this.discovery = jobs.discovery();
        this.tail = reading.tail();
        this.targets = reading.targets();
        this.delivered = reading.delivered();
        this.routes = reading.routes();
    }

    /** The clients (none in a dry run) and where the pipelines hand entries: the live tail's tap in front of them. */
    private record Outputs(List<LokiClient> clients, ClientWatch watch, LiveTail liveTail, EntrySink tapped) {
    }

    /** Per scrape config, its pipeline, its sources and its scrape job; and the pod discovery they share. */
    private record Jobs(String nodeName, KubernetesDiscovery discovery, List<Pipeline> pipelines, List<Source> sources,
            List<ScrapeJob> scrapeJobs) {
    }

    /** The tailer, the targets that feed it, the delivered offsets and the HTTP routes that read them. */
    private record Reading(TailManager tail, TargetManager targets, Supplier<Map<String, Long>> delivered,
            List<Route> routes) {
    }

    /**
     * Builds the parts without starting to read: the clients' sending threads already run. When building fails,
     * the clients are closed again. {@code liveTail} outlives the runtime: its tap goes in front of the clients.
     */
    static AgentRuntime build(AgentConfig config, Agent.Options options, AgentMetrics metrics, PositionsFile positions,
            LiveTail liveTail) throws Agent.StartException {
        DryRunQuery query = options.dryRunQuery() == null ? null : new DryRunQuery(options.dryRunQuery());
        Outputs outputs = outputs(config, options, metrics, query, liveTail);
        Jobs jobs = jobs(config, options, metrics, positions, outputs.tapped(), query);
        Reading reading;
        try {
            reading = reading(config, options.clock(), metrics, positions, outputs, jobs);
        } catch (IOException | UncheckedIOException e) {
            outputs.clients().forEach(LokiClient::closeNow);
            jobs.pipelines().forEach(Pipeline::unregisterMetrics);
            throw new Agent.StartException("cannot start: " + e.getMessage(), e);
        }
        return new AgentRuntime(jobs, outputs, reading);
    }

    /** A client per Loki behind a fan-out, or the dry-run printer; then the live tail's tap in front. */
    private static Outputs outputs(AgentConfig config, Agent.Options options, AgentMetrics metrics, DryRunQuery query,
            LiveTail liveTail) {
        Clock clock = options.clock();
        List<LokiClient> clients = new ArrayList<>();
        ClientWatch watch = new ClientWatch(clock, config.limits().maxTenants());
        EntrySink sink;
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
        EntrySink tapped = liveTail.tap(sink); // what leaves the stages (and guards), before batching
        // Promtail's readline limit: one bucket for every job, after the stages, before the live tail and clients
        tapped = ReadlineLimit.wrap(config.limits().readline(), tapped, metrics, clock);
        return new Outputs(List.copyOf(clients), watch, liveTail, tapped);
    }

    /** Per scrape config: label guard, pipeline, its sources, and the scrape job its discovery feeds. */
    private static Jobs jobs(AgentConfig config, Agent.Options options, AgentMetrics metrics, PositionsFile positions,
            EntrySink tapped, DryRunQuery query) throws Agent.StartException {
        Clock clock = options.clock();
        String nodeName = NodeName.resolve(options.env());
        KubernetesDiscovery discovery = new KubernetesDiscovery(nodeName);
        List<Pipeline> pipelines = new ArrayList<>();
        List<ScrapeJob> scrapeJobs = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        for (ScrapeConfig job : config.scrapeConfigs()) {
            EntrySink jobSink = LabelGuard.wrap(job.jobName(), config.limits().labelGuards(), tapped, metrics, clock);
            Pipeline pipeline;
            try {
                pipeline = Pipeline.build(job.jobName(), job.pipelineStages(), jobSink, metrics, clock,
                        options.inspect() ? new InspectPrinter(options.dryRunOut(), job.jobName(), query) : null);
            } catch (IllegalArgumentException e) { // a metrics stage's name taken by another job's
                pipelines.forEach(Pipeline::unregisterMetrics);
                throw new Agent.StartException("cannot start: " + e.getMessage(), e);
            }
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
            scrapeJobs.add(new ScrapeJob(job.jobName(), providers, rules, pipeline, job.decompression()));
        }
        return new Jobs(nodeName, discovery, List.copyOf(pipelines), List.copyOf(sources), scrapeJobs);
    }

    /** The tailer, the targets (created before the routes so the status pages can read them), and the routes. */
    private static Reading reading(AgentConfig config, Clock clock, AgentMetrics metrics, PositionsFile positions,
            Outputs outputs, Jobs jobs) throws IOException {
        TailSettings settings = TailSettings.from(config.targetConfig(), config.limits(),
                config.global().minPollFrequency(), config.global().maxPollFrequency());
        TailManager tail = new TailManager(settings, positions, metrics, clock);
        Supplier<Map<String, Long>> delivered = () -> deliveredOffsets(tail, positions);
        // It does nothing until the first sync.
        TargetManager targets = new TargetManager(jobs.scrapeJobs(), jobs.nodeName(), tail::setTargets, metrics,
                Path.of(""));
        return new Reading(tail, targets, delivered,
                List.copyOf(routes(config, clock, metrics, outputs, jobs, tail, targets, delivered)));
    }

    /** /ready, /metrics, /healthz and the status pages. */
    private static List<Route> routes(AgentConfig config, Clock clock, AgentMetrics metrics, Outputs outputs, Jobs jobs,
            TailManager tail, TargetManager targets, Supplier<Map<String, Long>> delivered) {
        Readiness ready = new Readiness(tail, config.server().healthCheckTarget(), !jobs.sources().isEmpty());
        List<LokiClient> clients = outputs.clients();
        List<Route> routes = new ArrayList<>(List.of(StandardRoutes.ready(ready::get),
                StandardRoutes.metrics(metrics), new Liveness(tail::lastRoundCompletedOrCreated, tail::readerInRound,
                        () -> clients.stream().map(LokiClient::status).toList(), clock).route()));
        routes.addAll(StatusRoutes.all(new StatusSources(targets::activeTargets, targets::droppedTargets,
                tail::activeFiles, metrics, delivered, outputs.watch()::views, clock), config));
        return routes;
    }

    /**
     * Starts in the order that loses nothing: the pipelines' ticker, the first target sync, the tailer, the other
     * sources, then Kubernetes discovery. When a source or discovery fails, everything built is closed again.
     */
    void start() throws Agent.StartException {
        // Time-driven stages (multiline's max_wait_time) flush from this thread when no line arrives.
        ticker = PipelineTicker.start(pipelines, PipelineTicker.DEFAULT_PERIOD);
        targets.sync();
        // What can fail (a port taken, the API server) starts before the tailer reads a line: a config refused here
        // (at start, or a reload that falls back to the previous config) must not have shipped lines with its labels.
        try {
            discovery.start(targets::sync);
            startAll(sources);
        } catch (IOException | RuntimeException e) {
            closeAfterFailedStart();
            throw new Agent.StartException("cannot start " + (e instanceof SourceStartException ? ""
                    : "Kubernetes discovery: ") + e.getMessage(), e);
        }
        tail.start();
    }

    private void closeAfterFailedStart() {
        discovery.close();
        try {
            closeAll(sources);
            tail.close();
            ticker.close();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        clients.forEach(LokiClient::closeNow);
        pipelines.forEach(Pipeline::unregisterMetrics);
    }

    /** Closes a runtime built and never started (the HTTP server could not listen): its clients send nothing. */
    void closeUnstarted() {
        clients.forEach(LokiClient::closeNow);
        pipelines.forEach(Pipeline::unregisterMetrics);
        try {
            tail.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops reading and delivers what was read: discovery, the sources and the tailer stop, the stages hand on
     * what they buffer, and each client gets {@code drain} to send what it holds (what it cannot is sent again at
     * the next start, since its positions never moved).
     */
    void drain(Duration drain) {
        discovery.close();
        try {
            closeAll(sources);
            tail.close();
            ticker.close();
            if (pipelinesOut instanceof ReadlineLimit limit) {
                limit.close(); // what the stages flush now is delivered without waiting for tokens
            }
            for (Pipeline p : pipelines) {
                p.close();
            }
            for (LokiClient c : clients) {
                if (!c.close(drain)) {
                    LOG.log(Level.WARNING, () -> "client " + c.host() + " could not deliver everything within "
                            + GoDuration.format(drain) + "; those lines are sent again at the next start");
                    c.closeNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clients.forEach(LokiClient::closeNow);
        }
    }

    /** After {@link #drain}, when a reload replaces this runtime: the stages' own metrics leave the registry. */
    void retire() {
        pipelines.forEach(Pipeline::unregisterMetrics);
    }

    String nodeName() {
        return nodeName;
    }

    List<LokiClient> clients() {
        return clients;
    }

    LiveTail liveTail() {
        return liveTail;
    }

    List<Pipeline> pipelines() {
        return pipelines;
    }

    List<Source> sources() {
        return sources;
    }

    KubernetesDiscovery discovery() {
        return discovery;
    }

    TailManager tail() {
        return tail;
    }

    TargetManager targets() {
        return targets;
    }

    /** The HTTP routes that read this runtime: /ready, /metrics, /healthz and the status pages. */
    List<Route> routes() {
        return routes;
    }

    /** The clients as the status page and the client gauges see them. */
    ClientWatch watch() {
        return watch;
    }

    /** Per tailed path, the offset Loki acknowledged every line up to. */
    Map<String, Long> deliveredOffsets() {
        return delivered.get();
    }

    private static void startAll(List<Source> sources) {
        for (Source source : sources) {
            try {
                source.start();
            } catch (IOException e) {
                throw new SourceStartException(source.describe() + ": " + e.getMessage(), e);
            }
            LOG.log(Level.INFO, () -> "started " + source.describe());
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
    private record Readiness(TailManager tail, boolean healthCheckTarget, boolean hasSources) {
        boolean get() {
            return !healthCheckTarget || hasSources || !tail.activeFiles().isEmpty();
        }
    }
}
