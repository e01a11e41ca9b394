package io.sleipnir.cli;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.logql.LogSelector;
import io.sleipnir.live.LiveTail;
import io.sleipnir.loki.PushTrouble;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.positions.PositionsCorruptException;
import io.sleipnir.positions.PositionsFile;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.ServerConfig;
import io.sleipnir.live.LiveTailRoutes;
import io.sleipnir.server.HttpServer;
import io.sleipnir.status.ClientWatch;
import java.io.UncheckedIOException;
import io.sleipnir.targets.TargetManager;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The running agent: the metrics, the live tail and the HTTP server, which outlive a configuration, the positions
 * file, and the {@link AgentRuntime} built from the compiled configuration (the wiring, and the order its parts
 * start and stop in); it stops them in the order that loses nothing, and {@link #reload reloads} by draining one
 * runtime and starting the next. Tests start it in-process; {@link Main} starts it from the command line.
 *
 * <pre>
 * discovery (static, Kubernetes pods) -> targets (relabel, __host__, __path__) -> tail
 * tail (one reader thread) -> pipeline per scrape config -> fan-out -> client per Loki -> acks -> positions
 * </pre>
 */
public final class Agent {
    private static final System.Logger LOG = System.getLogger(Agent.class.getName());

    private final AgentMetrics metrics;
    private final Options options;
    private final LiveTail liveTail;
    private final ReloadRequests reloads;
    private final CatchUp catchUp;
    /** Null when the server is disabled; set once, right after construction. */
    private HttpServer server;
    /** The running config, positions and runtime; changed only by {@link #reload(AgentConfig)}, under this. */
    private volatile AgentConfig config;
    private volatile PositionsFile positions;
    /** What was built from {@code config}. */
    private volatile AgentRuntime runtime;
    /** True once {@code runtime} is drained (stopped, or a reload whose configs both failed to start). */
    private boolean drained;
    private boolean stopped;

    /** Reads the configuration again for a reload, as at start: the file, -config.expand-env, the flags. */
    @FunctionalInterface
    public interface ConfigReader {
        AgentConfig read() throws ConfigException;
    }

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

    private Agent(AgentConfig config, Options options, AgentMetrics metrics, LiveTail liveTail,
            PositionsFile positions, AgentRuntime runtime, ConfigReader reloadFrom) {
        this.config = config;
        this.options = options;
        this.metrics = metrics;
        this.liveTail = liveTail;
        this.positions = positions;
        this.runtime = runtime;
        // Registered once: they read whichever runtime runs at each scrape.
        metrics.registerDeliveredOffsets(() -> this.runtime.deliveredOffsets());
        ClientWatch.registerMetrics(metrics, () -> this.runtime.watch());
        this.reloads = new ReloadRequests(this, reloadFrom, metrics, options.clock());
        this.catchUp = new CatchUp(() -> this.runtime, () -> this.positions, options.clock());
    }

    /** {@link #start(AgentConfig, Options, ConfigReader)} for an agent that cannot reload (tests, -stdin). */
    public static Agent start(AgentConfig config, Options options) throws StartException {
        return start(config, options, null);
    }

    /**
     * Opens the positions file, builds the runtime (clients, jobs, tailer, targets), starts the HTTP server with its
     * routes and the runtime, then lets the positions file sync. {@code reloadFrom} reads the config again for
     * {@link #reload()} (SIGHUP, {@code /reload}); null when the agent cannot reload.
     */
    public static Agent start(AgentConfig config, Options options, ConfigReader reloadFrom) throws StartException {
        AgentMetrics metrics = new AgentMetrics();
        LiveTail liveTail = new LiveTail(metrics.liveTailSkipped::inc);
        PositionsFile positions = openPositions(config, options, metrics);
        AgentRuntime runtime = AgentRuntime.build(config, options, metrics, positions, liveTail);
        Agent agent = new Agent(config, options, metrics, liveTail, positions, runtime, reloadFrom);
        agent.startServer();
        try {
            runtime.start();
        } catch (StartException e) {
            agent.closeServer();
            throw e;
        }
        positions.startSyncing();
        LOG.log(Level.INFO, () -> "started: " + agent.describe(runtime) + ", positions " + positions.path());
        return agent;
    }

    /** The running runtime in one line, for the log. */
    String describeRunning() {
        return describe(runtime);
    }

    private String describe(AgentRuntime r) {
        return r.targets().activeTargets().size() + " static file targets, " + r.discovery().watchCount()
                + " pod watches on node " + r.nodeName() + ", "
                + (options.printsInsteadOfPushing() ? "dry run" : r.clients().size() + " clients");
    }

    /** Binds the HTTP server unless disabled; when it cannot, the runtime built is closed again. */
    private void startServer() throws StartException {
        if (config.server().disable()) {
            return;
        }
        try {
            server = HttpServer.start(config.server().httpListenAddress(), config.server().httpListenPort(),
                    reloads.routes(runtime.routes()), LiveTailRoutes.all(liveTail));
        } catch (UncheckedIOException e) {
            runtime.closeUnstarted();
            reloads.shutdown();
            throw new StartException("cannot start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runtime.closeUnstarted();
            reloads.shutdown();
            throw new StartException("interrupted while starting", e);
        }
    }

    private void closeServer() {
        if (server != null) {
            server.close();
        }
        reloads.shutdown();
    }

    /**
     * Asks for a reload ({@code trigger} names who asked, for the log) and returns at once; reloads run one at a
     * time on their own thread, in the order asked.
     */
    public CompletableFuture<ReloadOutcome> requestReload(String trigger) {
        return reloads.request(trigger);
    }

    /** Re-reads the config and applies it, counting the outcome; blocks until done. */
    public ReloadOutcome reload() {
        return requestReload("a call").join();
    }

    /**
     * Applies {@code next} in place of the running config without losing or repeating a line: reading stops, the
     * stages hand on what they hold and the clients deliver it (drain-and-swap, as {@link #stop()} up to the
     * positions write), the positions file is written and read again, and the runtime built from {@code next}
     * resumes every file at its committed offset. The HTTP server, the metrics and the live tails stay. When
     * {@code next} cannot start (a port in use), the previous config is started again the same way.
     */
    synchronized ReloadOutcome reload(AgentConfig next) {
        if (stopped) {
            return ReloadOutcome.refused("the agent is stopping");
        }
        if (next.equals(config) && !drained) {
            return ReloadOutcome.UNCHANGED;
        }
        if (!sameListener(next.server(), config.server())) {
            LOG.log(Level.WARNING, "the new config changes the server's listen address, port or disable; the HTTP server"
                    + " keeps listening as it started until a restart");
        }
        AgentConfig previous = config;
        drainAndClosePositions(previous.server().gracefulShutdownTimeout().dividedBy(2));
        try {
            apply(next);
            return ReloadOutcome.APPLIED;
        } catch (StartException e) {
            LOG.log(Level.ERROR, "the new config cannot start: " + e.getMessage() + "; starting the previous config again");
            try {
                apply(previous);
                return ReloadOutcome.refused(e.getMessage());
            } catch (StartException again) {
                LOG.log(Level.ERROR, "the previous config cannot start again either: " + again.getMessage() + "; nothing is"
                        + " read until a reload or restart with a config that starts");
                return ReloadOutcome.refused(e.getMessage() + "; the previous config cannot"
                        + " start again either (" + again.getMessage() + "): nothing is read until a reload or"
                        + " restart with a config that starts");
            }
        }
    }

    private static boolean sameListener(ServerConfig a, ServerConfig b) {
        return a.disable() == b.disable() && a.httpListenAddress().equals(b.httpListenAddress())
                && a.httpListenPort() == b.httpListenPort();
    }

    /** Stops reading and delivers what was read, then writes the positions file with what Loki acknowledged. */
    private void drainAndClosePositions(Duration drain) {
        if (!drained) {
            runtime.drain(drain);
            runtime.retire();
            drained = true;
        }
        try {
            positions.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not write the positions file " + positions.path(), e);
        }
    }

    /** Opens the positions, builds and starts {@code next}'s runtime, and serves its routes. */
    private void apply(AgentConfig next) throws StartException {
        PositionsFile p = openPositions(next, options, metrics);
        AgentRuntime r;
        try {
            r = AgentRuntime.build(next, options, metrics, p, liveTail);
            r.start();
        } catch (StartException e) {
            closeQuietly(p);
            throw e;
        }
        p.startSyncing();
        positions = p;
        runtime = r;
        config = next;
        drained = false;
        if (server != null) {
            server.reroute(reloads.routes(r.routes()), LiveTailRoutes.all(liveTail));
        }
    }

    private static void closeQuietly(PositionsFile p) {
        try {
            p.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing positions after a failed start", e);
        }
    }

    private static PositionsFile openPositions(AgentConfig config, Options options, AgentMetrics metrics)
            throws StartException {
        try {
            return PositionsFile.open(config.positions(), options.printsInsteadOfPushing(), metrics);
        } catch (IOException | PositionsCorruptException e) {
            throw new StartException(e.getMessage(), e);
        }
    }

    /** The live tails (GET /api/v1/tail). */
    public LiveTail liveTail() {
        return liveTail;
    }

    /** The running config: the one started with, or the last one a reload applied. */
    public AgentConfig config() {
        return config;
    }

    /**
     * For -stdin: blocks until every finite source's input ended, the stages handed on what they hold, and every
     * entry is acknowledged; or returns the push trouble once pushes have failed for {@code failingFor}.
     */
    public PushTrouble awaitFiniteSources(Duration failingFor) throws InterruptedException {
        return catchUp.awaitFiniteSources(failingFor);
    }

    /** For -stdin, after stop: entries of finite sources that no client acknowledged. */
    public long unacknowledgedFromFiniteSources() {
        return catchUp.unacknowledgedFromFiniteSources();
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
        return runtime.targets();
    }

    /** True when at least one file is tailed and every tailed file's committed position is at its end. */
    public boolean caughtUp() {
        return catchUp.caughtUp();
    }

    /** Blocks until every file is read to its end and every line read is delivered (for -exit-on-eof). */
    public void awaitCaughtUp() throws InterruptedException {
        catchUp.awaitCaughtUp();
    }

    /**
     * Blocks until every file is read to its end and every line read is delivered, and returns null; or returns
     * the push failure that has lasted {@code failingFor} without a push of that client working since (a dead Loki
     * url), so that -exit-on-eof stops instead of waiting forever.
     */
    public PushTrouble awaitCaughtUp(Duration failingFor) throws InterruptedException {
        return catchUp.awaitCaughtUp(failingFor);
    }

    /** The longest ongoing push failure of any client, or null. */
    public PushTrouble pushTrouble() {
        return catchUp.pushTrouble();
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
        reloads.shutdown(); // a reload asked for now is refused
        drainAndClosePositions(drain);
        liveTail.close();
        closeServer();
        LOG.log(Level.INFO, "stopped");
    }
}
