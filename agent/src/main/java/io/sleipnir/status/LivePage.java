package io.sleipnir.status;

import io.sleipnir.server.Response;
import io.sleipnir.server.Route;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /live}: a query box and the entries that match it as they leave the pipelines, newest first (at most
 * 500 shown), through the live tail's WebSocket ({@code /api/v1/tail}). Entries are put into the page as text,
 * never markup; the page's only script is allowed by its hash.
 */
final class LivePage {
    static final String SCRIPT = String.join("",
            "const q=document.getElementById('q'),o=document.getElementById('out'),s=document.getElementById('state');",
            "let ws;document.getElementById('tail').addEventListener('submit',e=>{e.preventDefault();",
            "if(ws)ws.close();o.textContent='';",
            "ws=new WebSocket((location.protocol==='https:'?'wss://':'ws://')+location.host+'/api/v1/tail?query='",
            "+encodeURIComponent(q.value));s.textContent='connecting';ws.onopen=()=>{s.textContent='tailing'};",
            "ws.onmessage=m=>{const d=JSON.parse(m.data);for(const st of d.streams){",
            "const l='{'+Object.entries(st.stream).map(([k,v])=>k+'='+JSON.stringify(v)).join(', ')+'}';",
            "for(const v of st.values){const r=document.createElement('div');r.className='entry';",
            "r.textContent=new Date(Number(BigInt(v[0])/1000000n)).toISOString()+'  '+l+'  '+v[1];o.prepend(r);",
            "while(o.childNodes.length>500)o.removeChild(o.lastChild);}}",
            "if(d.skipped_entries)s.textContent='tailing; '+d.skipped_entries+' entries skipped (this page read too slowly)';};",
            "ws.onclose=e=>{s.textContent='closed'+(e.reason?': '+e.reason:'')};});");
    private static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; connect-src 'self'; script-src "
                    + "'sha256-" + Html.sha256(SCRIPT) + "'",
            "X-Content-Type-Options", "nosniff");

    private LivePage() {
    }

    static Route route() {
        return Route.get("/live", request -> new Response(200, StatusRoutes.HTML, render().getBytes(StandardCharsets.UTF_8),
                HEADERS));
    }

    static String render() {
        return new Html("Live", "/live")
                .raw("<p>Entries as they leave the pipelines (after relabeling and stages, before batching) that match a"
                        + " LogQL stream selector with optional line filters, such as <code>{app=\"order\"} |= \"error\"</code>."
                        + " From a shell: <code>sleipnir -tail='{app=\"order\"}' -tail.addr=host:port</code>.</p>\n")
                .raw("<form id=\"tail\"><input id=\"q\" size=\"60\" value=\"{job=~&quot;.+&quot;}\" aria-label=\"LogQL query\">"
                        + " <button type=\"submit\">Tail</button> <span id=\"state\"></span></form>\n")
                .raw("<pre id=\"out\"></pre>\n")
                .finishWithScript(SCRIPT);
    }
}
