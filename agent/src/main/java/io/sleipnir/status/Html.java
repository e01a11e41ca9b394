package io.sleipnir.status;

import io.sleipnir.model.Labels;
import io.sleipnir.model.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Builds the status pages' HTML: a top navigation bar, a small embedded stylesheet, and the page's content. Every
 * piece of agent data goes through {@link #text} (or {@link #escape}) so none of it is markup.
 */
final class Html {
    /** The pages of the navigation bar: path and title. */
    private static final List<String[]> PAGES = List.of(
            new String[] {"/targets", "Targets"},
            new String[] {"/service-discovery", "Service Discovery"},
            new String[] {"/config", "Configuration"},
            new String[] {"/live", "Live"},
            new String[] {"/metrics", "Metrics"});

    private static final String STYLE = String.join("",
            ":root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e}",
            "*{box-sizing:border-box}",
            "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--fg);margin:0}",
            ".topbar{display:flex;align-items:center;gap:1.25em;background:#24292f;color:#fff;padding:.6em 2em}",
            ".topbar .brand{font-weight:700;letter-spacing:.02em}",
            ".topbar nav{display:flex;gap:1.1em;flex-wrap:wrap}",
            ".topbar a{color:#d0d7de;text-decoration:none;padding:.2em 0;border-bottom:2px solid transparent}",
            ".topbar a:hover{color:#fff}",
            ".topbar a[aria-current=page]{color:#fff;border-bottom-color:#fd8c73}",
            ".topbar .version{margin-left:auto;color:#9198a1;font-size:.9em}",
            "main{padding:1em 2em 3em}",
            "h1{font-size:1.5em;margin:.3em 0 .4em}h2{font-size:1.2em;margin:1.4em 0 .5em}",
            ".summary{color:var(--muted);margin:.2em 0 1em}",
            ".toolbar{display:flex;gap:1em;align-items:center;margin:.5em 0 1em}",
            "details.section{border:1px solid var(--line);border-radius:6px;margin:0 0 .8em}",
            "details.section>summary{cursor:pointer;padding:.5em .8em;background:var(--bg);border-radius:6px;",
            "font-weight:600;display:flex;gap:.8em;align-items:center}",
            "details.section[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}",
            "details.section>.body{padding:.5em .8em;overflow-x:auto}",
            "table{border-collapse:collapse;width:100%}",
            "th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}",
            "th{font-weight:600;color:var(--muted);font-size:.9em}",
            "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}",
            "table.files{margin:0}table.files td,table.files th{border-bottom:1px dotted var(--line)}",
            "code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;",
            "word-break:break-all}",
            ".badge{display:inline-block;padding:0 .55em;border-radius:1em;font-size:.85em;font-weight:600;",
            "border:1px solid currentColor;white-space:nowrap}",
            ".badge.ok{color:var(--ok)}.badge.warn{color:var(--warn)}.badge.bad{color:var(--bad)}",
            ".badge.muted{color:var(--muted)}",
            "tr.lagging td.lag{background:#fff8c5}",
            "#unready-only:checked~.sections .target.ready{display:none}",
            "#unready-only:checked~.sections .section.all-ready{display:none}",
            ".bar{display:inline-block;width:8em;height:.7em;background:var(--bg);border:1px solid var(--line);",
            "border-radius:3px;vertical-align:middle;overflow:hidden}.bar>span{display:block;height:100%;",
            "background:#54aeff}",
            "pre.config{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:1em;overflow:auto}",
            "button{font:inherit;padding:.25em .9em;border:1px solid var(--line);border-radius:6px;background:#fff;",
            "cursor:pointer}button:hover{background:var(--bg)}",
            ".empty{color:var(--muted);font-style:italic}");

    /**
     * The config page's copy button: the clipboard API where the page is a secure context (localhost, https),
     * else the text is selected for Ctrl+C. Allowed by the page's Content-Security-Policy through its hash.
     */
    static final String COPY_SCRIPT = "document.getElementById('copy').addEventListener('click',function(){"
            + "var b=this,t=document.getElementById('config');"
            + "function sel(){window.getSelection().selectAllChildren(t);b.textContent='Selected: press Ctrl+C';}"
            + "if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(t.textContent)"
            + ".then(function(){b.textContent='Copied';},sel);}else{sel();}});";
    static final String COPY_SCRIPT_HASH = "'sha256-" + sha256(COPY_SCRIPT) + "'";

    private final StringBuilder out = new StringBuilder(8192);

    /** Starts a page; {@code path} marks its entry in the navigation bar. */
    Html(String title, String path) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(escape(title)).append(" - Sleipnir</title>\n<style>").append(STYLE).append("</style>\n")
                .append("</head>\n<body>\n<header class=\"topbar\"><span class=\"brand\">Sleipnir</span><nav>");
        for (String[] page : PAGES) {
            out.append("<a href=\"").append(page[0]).append('"');
            if (page[0].equals(path)) {
                out.append(" aria-current=\"page\"");
            }
            out.append('>').append(page[1]).append("</a> ");
        }
        out.append("</nav><span class=\"version\">").append(escape(Version.get())).append("</span></header>\n")
                .append("<main>\n<h1>").append(escape(title)).append("</h1>\n");
    }

    /** Appends trusted markup (tags written in this package, never agent data). */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends agent data as text. */
    Html text(String text) {
        out.append(escape(text));
        return this;
    }

    /** Appends a number with thousands separators. */
    Html number(long n) {
        out.append(String.format(Locale.ROOT, "%,d", n));
        return this;
    }

    /** Appends labels as {@code name="value"} lines. */
    Html labels(Labels labels) {
        out.append("<code>");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(escape(labels.name(i))).append("=&quot;").append(escape(labels.value(i))).append("&quot;");
        }
        return raw("</code>");
    }

    /** Appends a badge: {@code kind} is ok, warn, bad or muted. */
    Html badge(String kind, String text) {
        return raw("<span class=\"badge ").raw(kind).raw("\">").text(text).raw("</span>");
    }

    String finish() {
        return out.append("</main>\n</body>\n</html>\n").toString();
    }

    /** Ends the page with {@code script} (trusted, written in this package; allowed by its hash). */
    String finishWithScript(String script) {
        return out.append("</main>\n<script>").append(script).append("</script>\n</body>\n</html>\n").toString();
    }

    /** Ends the page with the copy button's script. */
    String finishWithCopyScript() {
        return out.append("</main>\n<script>").append(COPY_SCRIPT).append("</script>\n</body>\n</html>\n").toString();
    }

    /** Bytes in binary units, for badges ({@code 12.3 KiB}). */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Escapes for element content and quoted attribute values alike. */
    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            String replacement = switch (s.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (replacement != null) {
                    b.append(replacement);
                } else {
                    b.append(s.charAt(i));
                }
            }
        }
        return b == null ? s : b.toString();
    }

    static String sha256(String script) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
