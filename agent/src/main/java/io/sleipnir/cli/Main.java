package io.sleipnir.cli;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.loki.PushPreload;
import io.sleipnir.pipeline.Stages;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.logql.LogSelector;
import io.sleipnir.model.Version;
import io.sleipnir.pipelinetests.PipelineTests;
import java.io.PrintStream;
import java.nio.file.Path;
import io.sleipnir.golang.GoDuration;
import io.sleipnir.loki.PushTrouble;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code sleipnir} command. Exit codes: 0 done, 1 bad configuration or a start-up failure, 2 a bad command
 * line (as Go's flag package).
 */
public final class Main {
    /** With -exit-on-eof, how long pushes may fail without one working before the agent gives up (exit 1). */
    static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(10);
    /** Netty's switch for its JFR events (read once, when {@code PlatformDependent} is initialised). */
    static final String NETTY_JFR = "io.netty.jfr.enabled";

    private Main() {
    }

    public static void main(String[] args) {
        // Before anything touches java.util.logging, so that shutdown logging survives (see AgentLogManager).
        System.setProperty("java.util.logging.manager", AgentLogManager.class.getName());
        // Before Netty's first class: with JFR present, Netty's buffer allocators register five JFR event classes
        // at the first push (the recorder's metadata, generated handlers), about 0.2 CPU-s of a start that ships
        // nothing sooner for it. -Dio.netty.jfr.enabled=true on the command line brings them back.
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
        int code = run(args, System.out, System.err, System.getenv());
        if (code != 0 || Thread.currentThread().isInterrupted()) {
            System.exit(code);
        }
        System.exit(0);
    }

    /** One warning naming the Promtail flags this agent accepted without acting on them. */
    private static void warnIgnored(Flags flags) {
        System.Logger log = System.getLogger(Main.class.getName());
        List<String> others = flags.ignored().stream().map(n -> "-" + n).toList();
        if (!others.isEmpty()) {
            log.log(System.Logger.Level.WARNING, "ignoring Promtail flags for features Sleipnir does not have: "
                    + String.join(" ", others));
        }
    }

    /** False when the JVM is already shutting down, i.e. the hook is the one stopping the agent. */
    private static boolean removeHook(Thread hook) {
        try {
            return Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    /** Ends {@link #run} early with an exit code, after the step that throws it printed why. */
    private static final class Exit extends Exception {
        private final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        try {
            Flags flags = parseFlags(args, err);
            OptionalInt answered = answerWithoutConfig(flags, out, err);
            if (answered.isPresent()) {
                return answered.getAsInt();
            }
            LogSelector dryRunQuery = parseDryRunQuery(flags, err);
            if (flags.sendsToLoki() && !flags.checkSyntax()) {
                PushPreload.start(); // while the config is read
            }
            AgentConfig config = loadConfig(flags, env, err);
            answered = answerFromConfig(config, flags, out);
            if (answered.isPresent()) {
                return answered.getAsInt();
            }
            prepareToRun(config, flags, err);
            Agent agent = startAgent(config, flags, dryRunQuery, out, env, err);
            return runUntilStopped(agent, flags, err);
        } catch (Exit e) {
            return e.code;
        }
    }

    private static Flags parseFlags(String[] args, PrintStream err) throws Exit {
        try {
            return Flags.parse(Arrays.asList(args));
        } catch (Flags.UsageException e) {
            err.println(e.getMessage());
            err.print(Flags.USAGE);
            throw new Exit(2);
        }
    }

    /** -help, -version and -sleipnir.tail, which need no config. */
    private static OptionalInt answerWithoutConfig(Flags flags, PrintStream out, PrintStream err) {
        if (flags.help()) {
            out.print(Flags.USAGE);
            return OptionalInt.of(0);
        }
        if (flags.version()) {
            out.print(Version.describe());
            return OptionalInt.of(0);
        }
        if (flags.sleipnir().tail() != null) {
            try {
                return OptionalInt.of(TailClient.run(flags.sleipnir().tail(), flags.sleipnir().tailAddr(),
                        flags.sleipnir().tailLimit(), out, err));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OptionalInt.of(0);
            }
        }
        return OptionalInt.empty();
    }

    /** -dry-run.query's selector, or null without the flag. */
    private static LogSelector parseDryRunQuery(Flags flags, PrintStream err) throws Exit {
        if (flags.sleipnir().dryRunQuery() == null) {
            return null;
        }
        try {
            return LogSelector.parse(flags.sleipnir().dryRunQuery());
        } catch (IllegalArgumentException e) {
            err.println("invalid value \"" + flags.sleipnir().dryRunQuery() + "\" for flag -dry-run.query: "
                    + e.getMessage());
            throw new Exit(2);
        }
    }

    /** The config file, with the flags' overrides and -stdin's reshaping applied. */
    private static AgentConfig loadConfig(Flags flags, Map<String, String> env, PrintStream err) throws Exit {
        if (flags.configFile() == null) {
            err.println("-config.file is required");
            err.print(Flags.USAGE);
            throw new Exit(2);
        }
        AgentConfig config;
        try {
            config = readConfig(flags, env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            throw new Exit(1);
        }
        if (flags.stdin()) {
            config = StdinMode.apply(config);
        }
        return config;
    }

    /** The config file read as at start (-config.expand-env), with the flags over it: also what a reload reads. */
    private static AgentConfig readConfig(Flags flags, Map<String, String> env) throws ConfigException {
        AgentConfig config = ConfigLoader.load(Path.of(flags.configFile()), flags.expandEnv(), env,
                flags.sendsToLoki() && !flags.overrides().containsKey("client.url"), new Stages());
        return FlagOverrides.apply(config, flags.overrides());
    }

    /** -sleipnir.test and -check-syntax, which read the config and stop there. */
    private static OptionalInt answerFromConfig(AgentConfig config, Flags flags, PrintStream out) {
        if (!flags.sleipnir().tests().isEmpty()) {
            return OptionalInt.of(PipelineTests.run(config, flags.sleipnir().tests(), flags.sleipnir().testUpdate(),
                    out));
        }
        if (flags.checkSyntax()) {
            out.println("Valid config file! No syntax issues found");
            return OptionalInt.of(0);
        }
        return OptionalInt.empty();
    }

    /** -print-config-stderr, the agent's own log level and format, and the warning about ignored flags. */
    private static void prepareToRun(AgentConfig config, Flags flags, PrintStream err) {
        if (flags.printConfigStderr()) {
            err.print(ConfigPrinter.toYaml(config));
        }
        // Flags override the file, as in Promtail: -log.format over server.log_format.
        LogSetup.configure(flags.logLevel() != null ? flags.logLevel() : config.server().logLevel(),
                flags.logFormat() != null ? flags.logFormat() : config.server().logFormat());
        warnIgnored(flags);
    }

    private static Agent startAgent(AgentConfig config, Flags flags, LogSelector dryRunQuery, PrintStream out,
            Map<String, String> env, PrintStream err) throws Exit {
        // -stdin and -exit-on-eof run once to an end: a reload would start reading again from the positions.
        Agent.ConfigReader reloadFrom = flags.stdin() || flags.exitOnEof() ? null : () -> readConfig(flags, env);
        try {
            Agent agent = Agent.start(config, new Agent.Options(flags.dryRun(), out, Clock.systemUTC(), env,
                    flags.inspect(), dryRunQuery), reloadFrom);
            ClassSharing.describe(env)
                    .ifPresent(s -> System.getLogger(Main.class.getName()).log(System.Logger.Level.INFO, s));
            return agent;
        } catch (Agent.StartException e) {
            err.println(e.getMessage());
            throw new Exit(1);
        }
    }

    /**
     * Runs until -stdin's input is delivered, -exit-on-eof's files are, or a stop signal; returns the exit code.
     * SIGTERM/SIGINT stop the agent from this thread and exit 0; the hook covers every other way the JVM ends.
     * SIGHUP reloads the config (without a handler the JVM would stop, exit 129).
     */
    private static int runUntilStopped(Agent agent, Flags flags, PrintStream err) {
        CountDownLatch stopRequested = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            agent.stop();
            stopRequested.countDown();
        }, "sleipnir-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread main = Thread.currentThread();
        StopSignals.install(() -> {
            stopRequested.countDown();
            if (flags.exitOnEof() || flags.stdin()) {
                main.interrupt(); // out of awaitCaughtUp's or awaitFiniteSources' wait
            }
        });
        StopSignals.installReload(() -> agent.requestReload("SIGHUP"));
        try {
            if (flags.stdin()) {
                return untilStdinDelivered(agent, hook, err);
            }
            if (flags.exitOnEof()) {
                return untilCaughtUp(agent, hook, err);
            }
            stopRequested.await();
            if (removeHook(hook)) {
                agent.stop();
            }
            return 0;
        } catch (InterruptedException e) {
            if (stopRequested.getCount() == 0) { // a stop signal during -exit-on-eof: still a clean stop
                if (removeHook(hook)) {
                    agent.stop();
                }
                return 0;
            }
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** As Promtail: stop once standard input has ended, after handing on what it held. */
    private static int untilStdinDelivered(Agent agent, Thread hook, PrintStream err) throws InterruptedException {
        PushTrouble trouble = agent.awaitFiniteSources(UNREACHABLE_AFTER);
        removeHook(hook);
        if (trouble != null) {
            err.println("cannot reach Loki at " + trouble.url() + ": " + trouble.cause() + " (no push has worked"
                    + " for " + GoDuration.format(UNREACHABLE_AFTER) + "); stopping.");
            agent.stop(Duration.ZERO);
        } else {
            agent.stop();
        }
        long undelivered = agent.unacknowledgedFromFiniteSources();
        if (undelivered > 0) {
            err.println(undelivered + " lines from standard input were not delivered before stopping");
            return 1;
        }
        return 0;
    }

    /** -exit-on-eof: stop once every file is read to its end and delivered, or Loki stayed unreachable. */
    private static int untilCaughtUp(Agent agent, Thread hook, PrintStream err) throws InterruptedException {
        PushTrouble trouble = agent.awaitCaughtUp(UNREACHABLE_AFTER);
        removeHook(hook);
        if (trouble != null) {
            err.println("cannot reach Loki at " + trouble.url() + ": " + trouble.cause() + " (no push has worked"
                    + " for " + GoDuration.format(UNREACHABLE_AFTER) + "); stopping. Undelivered lines are"
                    + " read again at the next start.");
            agent.stop(Duration.ZERO);
            return 1;
        }
        agent.stop();
        return 0;
    }
}
