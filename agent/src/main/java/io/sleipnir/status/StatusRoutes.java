package io.sleipnir.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.model.Labels;
import io.sleipnir.server.Request;
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
 * JSON when the request sends {@code Accept: application/json} or {@code ?format=json}; {@code /config} prints the
 * effective configuration as YAML with secrets shown as {@code <secret>}.
 */
public final class StatusRoutes {
    public static final String HTML = "text/html; charset=utf-8";
    public static final String JSON = "application/json";
    /** Pages show data from discovery (pod labels): forbid scripts and sniffing even if escaping ever failed. */
    private static final Map<String, String> HTML_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'",
            "X-Content-Type-Options", "nosniff");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusRoutes() {
    }

    /** Every status route: {@code /}, {@code /targets}, {@code /service-discovery} and {@code /config}. */
    public static List<Route> all(StatusSources sources, AgentConfig config) {
        return List.of(root(), targets(sources), serviceDiscovery(sources), config(config));
    }

    /** {@code GET /}: 302 to {@code /targets}, with the body Go's {@code http.Redirect} writes. */
    public static Route root() {
        return Route.get("/", request -> new Response(302, HTML,
                "<a href=\"/targets\">Found</a>.\n\n".getBytes(StandardCharsets.UTF_8), Map.of("Location", "/targets")));
    }

    /** {@code GET /targets}: active targets with their files (read position, size) and dropped targets. */
    public static Route targets(StatusSources sources) {
        return Route.get("/targets", request -> {
            TargetsSnapshot snapshot = TargetsSnapshot.capture(sources);
            return wantsJson(request) ? json(targetsJson(snapshot)) : html(targetsHtml(snapshot));
        });
    }

    /** {@code GET /service-discovery}: per job, every discovered target's labels and what became of it. */
    public static Route serviceDiscovery(StatusSources sources) {
        return Route.get("/service-discovery", request -> {
            Map<String, List<Discovered>> byJob = discoveredByJob(sources.activeTargets().get(),
                    sources.droppedTargets().get());
            return wantsJson(request) ? json(serviceDiscoveryJson(byJob)) : html(serviceDiscoveryHtml(byJob));
        });
    }

    /** {@code GET /config}: the effective configuration, printed once since it does not change while running. */
    public static Route config(AgentConfig config) {
        byte[] yaml = ConfigPrinter.toYaml(config).getBytes(StandardCharsets.UTF_8);
        return Route.get("/config", request -> new Response(200, Response.TEXT_PLAIN, yaml, Map.of()));
    }

    static boolean wantsJson(Request request) {
        if ("json".equals(request.queryParam("format"))) {
            return true;
        }
        String accept = request.headers().get("accept");
        return accept != null && accept.contains(JSON);
    }

    private static Response html(String page) {
        return new Response(200, HTML, page.getBytes(StandardCharsets.UTF_8), HTML_HEADERS);
    }

    private static Response json(Object tree) {
        try {
            return new Response(200, JSON, MAPPER.writeValueAsBytes(tree), Map.of());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // plain maps, lists and scalars always serialise
        }
    }

    // --- /targets

    private static Map<String, Object> targetsJson(TargetsSnapshot snapshot) {
        List<Object> active = new ArrayList<>();
        for (ActiveTargetStatus a : snapshot.active()) {
            ActiveTarget t = a.target();
            List<Object> files = new ArrayList<>();
            for (TailedFile f : a.files()) {
                files.add(ordered("path", f.path(), "read_bytes", f.readBytes(), "file_bytes", f.fileBytes()));
            }
            active.add(ordered("job", t.job(), "labels", t.labels().toMap(),
                    "discovered_labels", t.discoveredLabels().toMap(), "path", t.path(),
                    "path_exclude", t.pathExclude(), "files", files));
        }
        List<Object> dropped = new ArrayList<>();
        for (DroppedTarget d : snapshot.dropped()) {
            dropped.add(ordered("job", d.job(), "discovered_labels", d.discoveredLabels().toMap(),
                    "reason", d.reason().label()));
        }
        return ordered("active", active, "dropped", dropped);
    }

    private static String targetsHtml(TargetsSnapshot snapshot) {
        Html h = new Html("Targets");
        h.raw("<h2>Active targets (").text(Integer.toString(snapshot.active().size())).raw(")</h2>\n");
        h.raw("<table>\n<tr><th>Job</th><th>Labels</th><th>Path</th><th>Files</th></tr>\n");
        for (ActiveTargetStatus a : snapshot.active()) {
            ActiveTarget t = a.target();
            h.raw("<tr><td>").text(t.job()).raw("</td><td>").labels(t.labels()).raw("</td><td><code>").text(t.path());
            if (!t.pathExclude().isEmpty()) {
                h.raw("\nexcluding ").text(t.pathExclude());
            }
            h.raw("</code></td><td>");
            if (a.files().isEmpty()) {
                h.raw("no file matches yet");
            } else {
                h.raw("<table>\n<tr><th>File</th><th>Read</th><th>Size</th></tr>\n");
                for (TailedFile f : a.files()) {
                    h.raw("<tr><td><code>").text(f.path()).raw("</code></td><td>").text(Long.toString(f.readBytes()))
                            .raw("</td><td>").text(Long.toString(f.fileBytes())).raw("</td></tr>\n");
                }
                h.raw("</table>");
            }
            h.raw("</td></tr>\n");
        }
        h.raw("</table>\n<h2>Dropped targets (").text(Integer.toString(snapshot.dropped().size())).raw(")</h2>\n");
        h.raw("<table>\n<tr><th>Job</th><th>Discovered labels</th><th>Reason</th></tr>\n");
        for (DroppedTarget d : snapshot.dropped()) {
            h.raw("<tr><td>").text(d.job()).raw("</td><td>").labels(d.discoveredLabels()).raw("</td><td>")
                    .text(d.reason().label()).raw("</td></tr>\n");
        }
        return h.raw("</table>\n").finish();
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
        Html h = new Html("Service Discovery");
        if (byJob.isEmpty()) {
            h.raw("<p>No targets discovered.</p>\n");
        }
        byJob.forEach((job, targets) -> {
            long activeCount = targets.stream().filter(d -> d.labels() != null).count();
            h.raw("<h2>").text(job).raw(" (").text(activeCount + " / " + targets.size()).raw(" active)</h2>\n");
            h.raw("<table>\n<tr><th>Discovered labels</th><th>Target labels</th></tr>\n");
            for (Discovered d : targets) {
                h.raw("<tr><td>").labels(d.discoveredLabels()).raw("</td><td>");
                if (d.labels() != null) {
                    h.labels(d.labels());
                } else {
                    h.raw("dropped: ").text(d.dropReason());
                }
                h.raw("</td></tr>\n");
            }
            h.raw("</table>\n");
        });
        return h.finish();
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
