package io.sleipnir.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.loki.ClientStatus;
import io.sleipnir.model.Labels;
import io.sleipnir.server.Request;
import io.sleipnir.status.PushTracker.TenantPushStatus;
import io.sleipnir.server.Response;
import io.sleipnir.server.Route;
import io.sleipnir.targets.ActiveTarget;
import io.sleipnir.targets.DroppedTarget;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Promtail's status endpoints: {@code /} redirects to {@code /targets}; {@code /targets} and
 * {@code /service-discovery} show the targets as server-rendered HTML (no JavaScript; every value escaped), or as
 * JSON when the request sends {@code Accept: application/json} or {@code ?format=json}; {@code /config} shows the
 * effective configuration with secrets shown as {@code <secret>}: a page for browsers, YAML for everything else.
 */
public final class StatusRoutes {
    public static final String HTML = "text/html; charset=utf-8";
    public static final String JSON = "application/json";
    /** Pages show data from discovery (pod labels): forbid scripts and sniffing even if escaping ever failed. */
    private static final Map<String, String> HTML_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'",
            "X-Content-Type-Options", "nosniff");
    /** The config page runs its copy button's script, and no other: the script is allowed by its hash. */
    private static final Map<String, String> CONFIG_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src "
                    + Html.COPY_SCRIPT_HASH,
            "X-Content-Type-Options", "nosniff");

    private StatusRoutes() {
    }

    /** Every status route: {@code /}, {@code /targets}, {@code /service-discovery} and {@code /config}. */
    public static List<Route> all(StatusSources sources, AgentConfig config) {
        return List.of(root(), targets(sources), serviceDiscovery(sources), config(config), LivePage.route());
    }

    /** {@code GET /}: 302 to {@code /targets}, with the body Go's {@code http.Redirect} writes. */
    public static Route root() {
        return Route.get("/", request -> new Response(302, HTML,
                "<a href=\"/targets\">Found</a>.\n\n".getBytes(StandardCharsets.UTF_8), Map.of("Location", "/targets")));
    }

    /** {@code GET /targets}: active targets with their files (read, delivered, size), clients, dropped targets. */
    public static Route targets(StatusSources sources) {
        return Route.get("/targets", request -> {
            TargetsSnapshot snapshot = TargetsSnapshot.capture(sources);
            List<ClientView> clients = sources.clients().get();
            return wantsJson(request) ? json(targetsJson(snapshot, clients))
                    : html(TargetsPage.render(snapshot, clients, sources.clock()), HTML_HEADERS);
        });
    }

    /** {@code GET /service-discovery}: per job, every discovered target's labels and what became of it. */
    public static Route serviceDiscovery(StatusSources sources) {
        return Route.get("/service-discovery", request -> {
            Map<String, List<Discovered>> byJob = discoveredByJob(sources.activeTargets().get(),
                    sources.droppedTargets().get());
            return wantsJson(request) ? json(serviceDiscoveryJson(byJob))
                    : html(serviceDiscoveryHtml(byJob), HTML_HEADERS);
        });
    }

    /**
     * {@code GET /config}: the effective configuration with secrets hidden, printed once since it does not change
     * while running. A browser (which asks for {@code text/html}) gets a page with a copy button; anything else
     * gets the YAML as Promtail serves it, so {@code curl /config} is unchanged. {@code ?format=yaml},
     * {@code ?format=html} and {@code ?format=json} choose explicitly.
     */
    public static Route config(AgentConfig config) {
        ConfigPages pages = new ConfigPages(config);
        return Route.get("/config", request -> {
            String format = request.queryParam("format");
            if ("json".equals(format)) {
                return json(pages.printed().tree());
            }
            if ("html".equals(format) || (format == null && acceptsHtml(request))) {
                return html(pages.printed().page(), CONFIG_HEADERS);
            }
            return new Response(200, Response.TEXT_PLAIN, pages.printed().yaml(), Map.of());
        });
    }

    /**
     * The three forms of {@code /config}, printed at its first request and kept: printing needs Jackson's YAML
     * writer and reader (some 400 classes), which have no place on the way from start to the first push.
     */
    private static final class ConfigPages {
        private final AgentConfig config;
        private Printed printed;

        ConfigPages(AgentConfig config) {
            this.config = config;
        }

        synchronized Printed printed() {
            if (printed == null) {
                String text = ConfigPrinter.toYaml(config);
                printed = new Printed(text.getBytes(StandardCharsets.UTF_8), configHtml(text), configTree(text));
            }
            return printed;
        }

        private record Printed(byte[] yaml, String page, Object tree) {
        }
    }

    static boolean wantsJson(Request request) {
        if ("json".equals(request.queryParam("format"))) {
            return true;
        }
        String accept = request.headers().get("accept");
        return accept != null && accept.contains(JSON);
    }

    private static boolean acceptsHtml(Request request) {
        String accept = request.headers().get("accept");
        return accept != null && accept.contains("text/html");
    }

    private static Response html(String page, Map<String, String> headers) {
        return new Response(200, HTML, page.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Made at the first JSON answer (a holder, so that building the routes at start does not load databind). */
    private static final class JsonWriter {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static Response json(Object tree) {
        try {
            return new Response(200, JSON, JsonWriter.MAPPER.writeValueAsBytes(tree), Map.of());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // plain maps, lists and scalars always serialise
        }
    }

    // --- /targets

    private static Map<String, Object> targetsJson(TargetsSnapshot snapshot, List<ClientView> clients) {
        List<Object> active = new ArrayList<>();
        for (ActiveTargetStatus a : snapshot.active()) {
            ActiveTarget t = a.target();
            List<Object> files = new ArrayList<>();
            for (TailedFile f : a.files()) {
                files.add(ordered("path", f.path(), "read_bytes", f.readBytes(), "delivered_bytes", f.deliveredBytes(),
                        "file_bytes", f.fileBytes(), "lag_bytes", f.lagBytes(), "lagging", f.lagging()));
            }
            active.add(ordered("job", t.job(), "ready", !a.files().isEmpty(), "labels", t.labels().toMap(),
                    "discovered_labels", t.discoveredLabels().toMap(), "path", t.path(),
                    "path_exclude", t.pathExclude(), "files", files));
        }
        List<Object> dropped = new ArrayList<>();
        for (DroppedTarget d : snapshot.dropped()) {
            dropped.add(ordered("job", d.job(), "discovered_labels", d.discoveredLabels().toMap(),
                    "reason", d.reason().label()));
        }
        List<Object> clientList = new ArrayList<>();
        for (ClientView view : clients) {
            ClientStatus c = view.client();
            List<Object> tenants = new ArrayList<>();
            for (TenantPushStatus t : view.tenants()) {
                tenants.add(ordered("tenant", t.tenant(), "state", t.retrying() ? "retrying" : "sending",
                        "in_flight", t.inFlight(), "failing_since", instant(t.failingSince()),
                        "failed_tries", t.failedTries(), "last_error", t.lastError(),
                        "last_delivered", instant(t.lastDelivered())));
            }
            clientList.add(ordered("name", c.name(), "host", c.host(), "state", view.retrying() ? "retrying" : "sending",
                    "held_bytes", c.heldBytes(), "budget_bytes", c.budgetBytes(), "tenants", tenants));
        }
        return ordered("active", active, "dropped", dropped, "clients", clientList);
    }

    private static String instant(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }

    // --- /config

    private static String configHtml(String yaml) {
        Html h = new Html("Configuration", "/config");
        h.raw("<p class=\"summary\">The effective configuration, defaults included; secrets are shown as ")
                .raw("<code>&lt;secret&gt;</code>.</p>\n");
        h.raw("<div class=\"toolbar\"><button type=\"button\" id=\"copy\">Copy</button>")
                .raw("<a href=\"/config?format=yaml\">Raw YAML</a><a href=\"/config?format=json\">JSON</a></div>\n");
        h.raw("<pre class=\"config\" id=\"config\">").text(yaml).raw("</pre>\n");
        return h.finishWithCopyScript();
    }

    private static Object configTree(String yaml) {
        try {
            return new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the printed configuration is not YAML", e);
        }
    }

    // --- /service-discovery

    /** One discovered target: {@code labels} null and {@code dropReason} set when it was dropped. */
    private record Discovered(Labels discoveredLabels, Labels labels, String dropReason) {
    }

    private static Map<String, List<Discovered>> discoveredByJob(List<ActiveTarget> active, List<DroppedTarget> dropped) {
        Map<String, List<Discovered>> byJob = new TreeMap<>();
        for (ActiveTarget t : active) {
            byJob.computeIfAbsent(t.job(), j -> new ArrayList<>())
                    .add(new Discovered(t.discoveredLabels(), t.labels(), null));
        }
        for (DroppedTarget d : dropped) {
            byJob.computeIfAbsent(d.job(), j -> new ArrayList<>())
                    .add(new Discovered(d.discoveredLabels(), null, d.reason().label()));
        }
        return byJob;
    }

    private static Map<String, Object> serviceDiscoveryJson(Map<String, List<Discovered>> byJob) {
        List<Object> jobs = new ArrayList<>();
        byJob.forEach((job, targets) -> {
            List<Object> list = new ArrayList<>();
            for (Discovered d : targets) {
                list.add(d.labels() != null
                        ? ordered("discovered_labels", d.discoveredLabels().toMap(), "state", "active",
                                "labels", d.labels().toMap())
                        : ordered("discovered_labels", d.discoveredLabels().toMap(), "state", "dropped",
                                "reason", d.dropReason()));
            }
            long activeCount = targets.stream().filter(d -> d.labels() != null).count();
            jobs.add(ordered("job", job, "active", activeCount, "total", targets.size(), "targets", list));
        });
        return ordered("jobs", jobs);
    }

    private static String serviceDiscoveryHtml(Map<String, List<Discovered>> byJob) {
        Html h = new Html("Service Discovery", "/service-discovery");
        int total = byJob.values().stream().mapToInt(List::size).sum();
        long active = byJob.values().stream().flatMap(List::stream).filter(d -> d.labels() != null).count();
        h.raw("<p class=\"summary\">").number(byJob.size()).raw(" jobs, ").number(total)
                .raw(" discovered targets, ").number(active).raw(" active, ").number(total - active)
                .raw(" dropped</p>\n<div class=\"sections\">\n");
        if (byJob.isEmpty()) {
            h.raw("<p class=\"empty\">No targets discovered.</p>\n");
        }
        byJob.forEach((job, targets) -> {
            long activeCount = targets.stream().filter(d -> d.labels() != null).count();
            h.raw("<details class=\"section job\" open><summary><span class=\"job-name\">").text(job)
                    .raw("</span> ").badge(activeCount == targets.size() ? "ok" : "muted",
                            activeCount + " / " + targets.size() + " active")
                    .raw("</summary>\n<div class=\"body\"><table>\n<thead><tr><th>Discovered labels</th>")
                    .raw("<th>Target labels</th></tr></thead>\n<tbody>\n");
            for (Discovered d : targets) {
                h.raw("<tr class=\"target ").raw(d.labels() != null ? "active" : "dropped").raw("\"><td>")
                        .labels(d.discoveredLabels()).raw("</td><td>");
                if (d.labels() != null) {
                    h.labels(d.labels());
                } else {
                    h.badge("muted", "dropped: " + d.dropReason());
                }
                h.raw("</td></tr>\n");
            }
            h.raw("</tbody></table></div></details>\n");
        });
        return h.raw("</div>\n").finish();
    }

    /** A JSON object whose keys keep the order given (name, value, name, value...). */
    private static Map<String, Object> ordered(Object... nameValuePairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            m.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return m;
    }
}
