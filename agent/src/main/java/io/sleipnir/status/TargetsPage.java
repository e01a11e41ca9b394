package io.sleipnir.status;

import io.sleipnir.golang.GoDuration;
import io.sleipnir.loki.ClientStatus;
import io.sleipnir.status.PushTracker.TenantPushStatus;
import io.sleipnir.targets.ActiveTarget;
import io.sleipnir.targets.DroppedTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code /targets} page: a summary line, the clients with the bytes they hold, one collapsible section per job
 * with its ready count and each file's read, delivered and size figures, a CSS-only "unready only" filter, and the
 * dropped targets with their reasons. A target is ready when its glob matches a file being read, as in Promtail.
 */
final class TargetsPage {
    /** With more jobs than this, only the sections that need attention start open. */
    private static final int OPEN_ALL_UP_TO = 10;

    private TargetsPage() {
    }

    static String render(TargetsSnapshot snapshot, List<ClientView> clients, Clock clock) {
        Map<String, List<ActiveTargetStatus>> byJob = new LinkedHashMap<>();
        for (ActiveTargetStatus a : snapshot.active()) {
            byJob.computeIfAbsent(a.target().job(), j -> new ArrayList<>()).add(a);
        }
        int ready = 0;
        int files = 0;
        int lagging = 0;
        for (ActiveTargetStatus a : snapshot.active()) {
            ready += a.files().isEmpty() ? 0 : 1;
            files += a.files().size();
            lagging += (int) a.files().stream().filter(TailedFile::lagging).count();
        }

        Html h = new Html("Targets", "/targets");
        h.raw("<p class=\"summary\">").number(byJob.size()).raw(" jobs, ").number(ready).raw(" of ")
                .number(snapshot.active().size()).raw(" targets ready, ").number(files).raw(" files, ")
                .number(lagging).raw(" with lines not yet delivered, <a href=\"#dropped\">").number(snapshot.dropped().size())
                .raw(" dropped</a></p>\n");
        clients(h, clients, clock);
        h.raw("<h2>Active targets</h2>\n");
        h.raw("<input type=\"checkbox\" id=\"unready-only\" class=\"filter\"> ")
                .raw("<label for=\"unready-only\">Unready only</label>\n<div class=\"sections\">\n");
        if (byJob.isEmpty()) {
            h.raw("<p class=\"empty\">No active targets.</p>\n");
        }
        boolean openAll = byJob.size() <= OPEN_ALL_UP_TO;
        byJob.forEach((job, targets) -> job(h, job, targets, openAll));
        h.raw("</div>\n");
        dropped(h, snapshot.dropped());
        return h.finish();
    }

    private static void clients(Html h, List<ClientView> clients, Clock clock) {
        if (clients.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        h.raw("<h2>Clients</h2>\n<table class=\"clients\">\n<thead><tr><th>Client</th><th>Tenant</th><th>State</th>")
                .raw("<th class=\"num\">Pushes in flight</th><th>Held against budget</th><th class=\"num\">Held</th>")
                .raw("<th class=\"num\">Budget</th></tr></thead>\n<tbody>\n");
        for (ClientView view : clients) {
            ClientStatus c = view.client();
            List<TenantPushStatus> tenants = view.tenants();
            int rows = Math.max(1, tenants.size());
            for (int i = 0; i < rows; i++) {
                TenantPushStatus t = tenants.isEmpty() ? null : tenants.get(i);
                h.raw("<tr class=\"client").raw(t != null && t.retrying() ? " retrying" : "").raw("\">");
                if (i == 0) {
                    h.raw("<td rowspan=\"").raw(Integer.toString(rows)).raw("\">").text(c.name());
                    if (!c.name().equals(c.host())) {
                        h.raw("<br><span class=\"empty\">").text(c.host()).raw("</span>");
                    }
                    h.raw("</td>");
                }
                h.raw("<td>").text(t == null ? "-" : t.tenant().isEmpty() ? "(none)" : t.tenant())
                        .raw("</td><td class=\"state\">");
                if (t == null) {
                    h.badge("muted", "no push yet");
                } else if (t.retrying()) {
                    h.badge("bad", "retrying for " + GoDuration.format(
                            Duration.between(t.failingSince(), now).truncatedTo(ChronoUnit.SECONDS))
                            + ", " + t.failedTries() + (t.failedTries() == 1 ? " try" : " tries"));
                    h.raw("<br><code class=\"error\">").text(t.lastError()).raw("</code>");
                } else {
                    h.badge("ok", "sending");
                    if (!t.lastError().isEmpty()) {
                        h.raw("<br><span class=\"empty\">last refusal: </span><code class=\"error\">")
                                .text(t.lastError()).raw("</code>");
                    }
                }
                h.raw("</td><td class=\"num\">").text(t == null ? "0" : Integer.toString(t.inFlight())).raw("</td>");
                if (i == 0) {
                    long percent = c.budgetBytes() == 0 ? 0 : Math.min(100, 100 * c.heldBytes() / c.budgetBytes());
                    String span = "<td rowspan=\"" + rows + "\"";
                    h.raw(span).raw("><span class=\"bar\" title=\"").text(percent + "%")
                            .raw("\"><span style=\"width:").raw(Long.toString(percent)).raw("%\"></span></span> ")
                            .badge(percent >= 100 ? "bad" : percent >= 50 ? "warn" : "ok",
                                    percent >= 100 ? "full: reading paused" : percent + "%")
                            .raw("</td>").raw(span).raw(" class=\"num\">").text(Html.bytes(c.heldBytes())).raw("</td>")
                            .raw(span).raw(" class=\"num\">").text(Html.bytes(c.budgetBytes())).raw("</td>");
                }
                h.raw("</tr>\n");
            }
        }
        h.raw("</tbody></table>\n");
    }

    private static void job(Html h, String job, List<ActiveTargetStatus> targets, boolean openAll) {
        long ready = targets.stream().filter(a -> !a.files().isEmpty()).count();
        long lagging = targets.stream().flatMap(a -> a.files().stream()).filter(TailedFile::lagging).count();
        boolean allReady = ready == targets.size();
        h.raw("<details class=\"section job").raw(allReady ? " all-ready" : "").raw("\"")
                .raw(openAll || !allReady || lagging > 0 ? " open" : "").raw(">\n<summary><span class=\"job-name\">")
                .text(job).raw("</span> ")
                .badge(allReady ? "ok" : "warn", ready + " / " + targets.size() + " ready");
        if (lagging > 0) {
            h.raw(" ").badge("warn", lagging + (lagging == 1 ? " file" : " files") + " not yet delivered");
        }
        h.raw("</summary>\n<div class=\"body\"><table class=\"targets\">\n<thead><tr><th>State</th><th>Labels</th>")
                .raw("<th>Path</th><th>Files</th></tr></thead>\n<tbody>\n");
        for (ActiveTargetStatus a : targets) {
            ActiveTarget t = a.target();
            boolean isReady = !a.files().isEmpty();
            h.raw("<tr class=\"target ").raw(isReady ? "ready" : "unready").raw("\"><td>")
                    .badge(isReady ? "ok" : "warn", isReady ? "ready" : "no file yet").raw("</td><td>")
                    .labels(t.labels()).raw("</td><td><code>").text(t.path());
            if (!t.pathExclude().isEmpty()) {
                h.raw("\nexcluding ").text(t.pathExclude());
            }
            h.raw("</code></td><td>");
            if (a.files().isEmpty()) {
                h.raw("<span class=\"empty\">no file matches yet</span>");
            } else {
                files(h, a.files());
            }
            h.raw("</td></tr>\n");
        }
        h.raw("</tbody></table></div>\n</details>\n");
    }

    private static void files(Html h, List<TailedFile> files) {
        h.raw("<table class=\"files\">\n<thead><tr><th>File</th><th class=\"num\">Read</th>")
                .raw("<th class=\"num\">Delivered</th><th class=\"num\">Size</th><th>Lag</th></tr></thead>\n<tbody>\n");
        for (TailedFile f : files) {
            h.raw("<tr class=\"file").raw(f.lagging() ? " lagging" : "").raw("\" data-lag-bytes=\"")
                    .raw(Long.toString(f.lagBytes())).raw("\"><td><code>").text(f.path())
                    .raw("</code></td><td class=\"num read\">").number(f.readBytes())
                    .raw("</td><td class=\"num delivered\">");
            if (f.deliveredBytes() < 0) {
                h.raw("-");
            } else {
                h.number(f.deliveredBytes());
            }
            h.raw("</td><td class=\"num size\">").number(f.fileBytes()).raw("</td><td class=\"lag\">");
            if (f.deliveredBytes() < 0) {
                h.badge("muted", "not known yet");
            } else if (f.lagging()) {
                h.badge("warn", Html.bytes(f.lagBytes()) + " read, not delivered");
            } else {
                h.badge("ok", "delivered");
            }
            if (f.unreadBytes() > 0) {
                h.raw(" ").badge("muted", Html.bytes(f.unreadBytes()) + " unread");
            }
            h.raw("</td></tr>\n");
        }
        h.raw("</tbody></table>");
    }

    private static void dropped(Html h, List<DroppedTarget> dropped) {
        h.raw("<h2 id=\"dropped\">Dropped targets (").number(dropped.size()).raw(")</h2>\n");
        if (dropped.isEmpty()) {
            h.raw("<p class=\"empty\">No target was dropped.</p>\n");
            return;
        }
        Map<String, Integer> byReason = new TreeMap<>();
        dropped.forEach(d -> byReason.merge(d.reason().label(), 1, Integer::sum));
        h.raw("<p class=\"reasons\">");
        byReason.forEach((reason, n) -> h.badge("muted", reason + ": " + n).raw(" "));
        h.raw("</p>\n<details class=\"section dropped\"").raw(dropped.size() <= 20 ? " open" : "")
                .raw("><summary>Discovered labels and reasons</summary>\n<div class=\"body\"><table>\n")
                .raw("<thead><tr><th>Job</th><th>Discovered labels</th><th>Reason</th></tr></thead>\n<tbody>\n");
        for (DroppedTarget d : dropped) {
            h.raw("<tr class=\"dropped-target\"><td>").text(d.job()).raw("</td><td>").labels(d.discoveredLabels())
                    .raw("</td><td class=\"reason\">").text(d.reason().label()).raw("</td></tr>\n");
        }
        h.raw("</tbody></table></div></details>\n");
    }
}
