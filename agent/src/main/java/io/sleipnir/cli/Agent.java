package io.sleipnir.cli;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.logql.LogSelector;
import io.sleipnir.live.LiveTail;
import io.sleipnir.loki.LokiClient;
import io.sleipnir.loki.PushTrouble;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.pipeline.Pipeline;
import io.sleipnir.positions.PositionsCorruptException;
import io.sleipnir.positions.PositionsFile;
import io.sleipnir.positions.SavedPosition;
import io.sleipnir.server.HttpServer;
import io.sleipnir.targets.TargetManager;
import io.sleipnir.source.FiniteSource;
import io.sleipnir.source.Source;
import io.sleipnir.tail.TailManager;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The running agent: the metrics and the positions file, which outlive a configuration, and the
 * {@link AgentRuntime} built from the compiled configuration (the wiring, and the order its parts start and stop
 * in); it stops them in the order that loses nothing. Tests start it in-process; {@link Main} starts it from the
 * command line.
 *
 * <pre>
 * discovery (static, Kubernetes pods) -> targets (relabel, __host__, __path__) -> tail
 * tail (one reader thread) -> pipeline per scrape config -> fan-out -> client per Loki -> acks -> positions
 * </pre>
 */
public final class Agent {
    private static final System.Logger LOG = System.getLogger(Agent.class.getName());
    private static final Duration CAUGHT_UP_POLL = Duration.ofMillis(50);

    private final AgentConfig config;
    private final AgentMetrics metrics;
    private final PositionsFile positions;
    /** What was built from {@code config}; a reload would swap it for one built from the new config. */
    private final AgentRuntime runtime;
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

    private Agent(AgentConfig config, AgentMetrics metrics, PositionsFile positions, AgentRuntime runtime,
            Clock clock) {
        this.config = config;
        this.metrics = metrics;
        this.positions = positions;
        this.runtime = runtime;
        this.clock = clock;
    }

    /**
     * Opens the positions file, builds the runtime (clients, jobs, tailer, targets, server) and starts it, then
     * lets the positions file sync.
     */
    public static Agent start(AgentConfig config, Options options) throws StartException {
        AgentMetrics metrics = new AgentMetrics();
        PositionsFile positions = openPositions(config, options, metrics);
        AgentRuntime runtime = AgentRuntime.build(config, options, metrics, positions);
        runtime.start();
        positions.startSyncing();
        LOG.log(Level.INFO, () -> "started: " + runtime.targets().activeTargets().size() + " static file targets, "
                + runtime.discovery().watchCount() + " pod watches on node " + runtime.nodeName() + ", "
                + (options.printsInsteadOfPushing() ? "dry run" : runtime.clients().size() + " clients")
                + ", positions " + positions.path());
        return new Agent(config, metrics, positions, runtime, options.clock());
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
        return runtime.liveTail();
    }

    /**
     * For -stdin: blocks until every finite source's input ended, the stages handed on what they hold, and every
     * entry is acknowledged; or returns the push trouble once pushes have failed for {@code failingFor}.
     */
    public PushTrouble awaitFiniteSources(Duration failingFor) throws InterruptedException {
        for (Source source : runtime.sources()) {
            if (source instanceof FiniteSource finite) {
                finite.awaitEnd();
            }
        }
        for (Pipeline p : runtime.pipelines()) {
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
        for (Source source : runtime.sources()) {
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
        HttpServer server = runtime.server();
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
        return !runtime.tail().activeFiles().isEmpty() && allDelivered();
    }

    /** Every tailed file's committed position is at its end (true when nothing is tailed). */
    private boolean allDelivered() {
        Map<String, SavedPosition> saved = positions.snapshot();
        for (String f : runtime.tail().activeFiles()) {
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
            readQuestion = runtime.tail().readToEndEmittingUnterminated();
        }
        if (!readQuestion.isDone()) {
            return false; // the reader is busy (a blocked sink): ask again when it has answered
        }
        boolean readToEnd = readQuestion.handle((answer, failure) -> failure == null && answer).join();
        readQuestion = null;
        if (!readToEnd) {
            return false;
        }
        for (Pipeline p : runtime.pipelines()) {
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
        for (LokiClient c : runtime.clients()) {
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
        runtime.drain(drain);
        try {
            positions.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not write the positions file " + positions.path(), e);
        }
        runtime.closeEndpoints();
        LOG.log(Level.INFO, "stopped");
    }
}
