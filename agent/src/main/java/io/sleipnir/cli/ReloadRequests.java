package io.sleipnir.cli;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigException;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.server.Response;
import io.sleipnir.server.Route;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Reload requests (SIGHUP, {@code /reload}, a call): they run one at a time, in the order asked, on the
 * {@code sleipnir-reload} thread; each reads the config again, has the {@link Agent} apply it (under the agent's
 * own lock, {@link Agent#reload(AgentConfig)}), then logs and counts the outcome. Also answers {@code /reload}.
 */
final class ReloadRequests {
    private static final System.Logger LOG = System.getLogger(Agent.class.getName());

    private final Agent agent;
    /** Where a reload reads the config again; null when the agent cannot reload (no config file, -stdin). */
    private final Agent.ConfigReader reloadFrom;
    private final ReloadMetrics reloadMetrics;
    /** Reloads run here, one at a time, whoever asked (SIGHUP, /reload). */
    private final ExecutorService reloads;

    ReloadRequests(Agent agent, Agent.ConfigReader reloadFrom, AgentMetrics metrics, Clock clock) {
        this.agent = agent;
        this.reloadFrom = reloadFrom;
        this.reloadMetrics = new ReloadMetrics(metrics, clock);
        this.reloads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sleipnir-reload");
            t.setDaemon(true);
            return t;
        });
    }

    /** See {@link Agent#requestReload(String)}. */
    CompletableFuture<ReloadOutcome> request(String trigger) {
        try {
            return CompletableFuture.supplyAsync(() -> reloadNow(trigger), reloads);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(ReloadOutcome.refused("the agent is stopping"));
        }
    }

    /** A reload asked for from now on is refused. */
    void shutdown() {
        reloads.shutdown();
    }

    private ReloadOutcome reloadNow(String trigger) {
        ReloadOutcome outcome;
        if (reloadFrom == null) {
            outcome = ReloadOutcome.refused("this agent cannot reload its config (it has no config file to read"
                    + " again, or runs with -stdin or -exit-on-eof)");
        } else {
            LOG.log(Level.INFO, () -> "reloading the config (asked by " + trigger + ")");
            AgentConfig next;
            try {
                next = reloadFrom.read();
                outcome = agent.reload(next);
            } catch (ConfigException e) {
                outcome = ReloadOutcome.refused(e.getMessage());
            } catch (RuntimeException e) { // a bug: say so, and keep the reload thread and the agent going
                LOG.log(Level.ERROR, "reload failed", e);
                outcome = ReloadOutcome.refused("reload failed: " + e);
            }
        }
        switch (outcome.result()) {
            case APPLIED -> LOG.log(Level.INFO, () -> "config reloaded: " + agent.describeRunning());
            case UNCHANGED -> LOG.log(Level.INFO, "config reloaded: it has not changed; nothing was rebuilt");
            case REFUSED -> LOG.log(Level.ERROR, "reload refused, the running config goes on: " + outcome.error());
        }
        reloadMetrics.count(outcome);
        return outcome;
    }

    /** {@code runtimeRoutes} and /reload (GET and POST, as Promtail answers any method there). */
    List<Route> routes(List<Route> runtimeRoutes) {
        List<Route> routes = new ArrayList<>(runtimeRoutes);
        routes.add(Route.deferred("GET", "/reload", request -> reloadOverHttp()));
        routes.add(Route.deferred("POST", "/reload", request -> reloadOverHttp()));
        return routes;
    }

    /**
     * {@code /reload}: 200 when the config was applied or had not changed; 500 with the reason when it was refused
     * (as Promtail: "failed to reload config: ..."); 404, as Promtail (which has no such route then), when reload
     * over HTTP is not enabled, naming the flag and key that enable it.
     */
    private CompletionStage<Response> reloadOverHttp() {
        if (!agent.config().server().enableRuntimeReload()) {
            return CompletableFuture.completedFuture(Response.text(404, "404 page not found: reload over HTTP is"
                    + " off; start with -server.enable-runtime-reload or set server.enable_runtime_reload: true"
                    + " (SIGHUP reloads either way)\n"));
        }
        return request("/reload").thenApply(outcome -> switch (outcome.result()) {
            case APPLIED -> Response.text(200, "config reloaded\n");
            case UNCHANGED -> Response.text(200, "config has not changed\n");
            case REFUSED -> Response.text(500, "failed to reload config: " + outcome.error() + "\n");
        });
    }
}
