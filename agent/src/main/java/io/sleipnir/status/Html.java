package io.sleipnir.status;

import io.sleipnir.model.Labels;

/** Builds the status pages' HTML: every piece of agent data goes through {@link #text} so none of it is markup. */
final class Html {
    private final StringBuilder out = new StringBuilder(4096);

    Html(String title) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append(" - Sleipnir</title>\n<style>")
                .append("body{font-family:sans-serif;margin:1em 2em}table{border-collapse:collapse;margin-bottom:1em}")
                .append("th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}")
                .append("code{white-space:pre-wrap}nav a{margin-right:1em}")
                .append("</style>\n</head>\n<body>\n<nav><a href=\"/targets\">Targets</a>")
                .append("<a href=\"/service-discovery\">Service Discovery</a><a href=\"/config\">Configuration</a>")
                .append("<a href=\"/metrics\">Metrics</a></nav>\n<h1>").append(escape(title)).append("</h1>\n");
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

    String finish() {
        return out.append("</body>\n</html>\n").toString();
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
}
