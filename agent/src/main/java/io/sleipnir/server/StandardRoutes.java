package io.sleipnir.server;

import io.sleipnir.metrics.AgentMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The endpoints every agent serves, with Promtail's paths, texts and content types. */
public final class StandardRoutes {
    /** Promtail's body when no target manager is ready. */
    public static final String NOT_READY =
            "Not ready: Unable to find any logs to tail. Please verify permissions, volumes, scrape_config, etc.";
    /** The Prometheus text exposition format 0.0.4. */
    public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private StandardRoutes() {
    }

    /** {@code GET /ready}: 200 {@code Ready} while {@code ready} says so, else 500 with Promtail's text. */
    public static Route ready(BooleanSupplier ready) {
        return Route.get("/ready", request -> ready.getAsBoolean()
                ? Response.text(200, "Ready")
                : Response.text(500, NOT_READY));
    }

    /** {@code GET /metrics}: the agent's metrics as Prometheus text. */
    public static Route metrics(AgentMetrics metrics) {
        return Route.get("/metrics", request -> new Response(200, METRICS_CONTENT_TYPE,
                metrics.scrape().getBytes(StandardCharsets.UTF_8), Map.of()));
    }
}
