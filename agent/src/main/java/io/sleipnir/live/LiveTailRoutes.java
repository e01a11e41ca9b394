package io.sleipnir.live;

import io.sleipnir.logql.LogSelector;
import io.sleipnir.server.Request;
import io.sleipnir.server.Response;
import io.sleipnir.server.WebSocketRoute;
import io.sleipnir.server.WebSocketRoute.Upgrade;
import io.sleipnir.server.WebSocketSession;
import java.util.List;

/**
 * {@code GET /api/v1/tail?query=<LogQL>&limit=<n>} as a WebSocket, also at Loki's own path
 * {@code /loki/api/v1/tail} so that Loki's clients can point at the agent. {@code query} is a stream selector with
 * optional line filters ({@code {app="order"} |= "error"}); {@code limit} (optional, 0 for none) closes the tail
 * after that many entries. Tailing starts at the current read position (Loki's {@code start} and
 * {@code delay_for} are accepted and have no effect: the agent keeps no history).
 */
public final class LiveTailRoutes {
    public static final String PATH = "/api/v1/tail";
    public static final String LOKI_PATH = "/loki/api/v1/tail";

    private LiveTailRoutes() {
    }

    public static List<WebSocketRoute> all(LiveTail live) {
        WebSocketRoute.Opener opener = request -> open(live, request);
        return List.of(new WebSocketRoute(PATH, opener), new WebSocketRoute(LOKI_PATH, opener));
    }

    private static Upgrade open(LiveTail live, Request request) {
        String text = request.queryParam("query");
        if (text == null || text.isBlank()) {
            return Upgrade.refuse(Response.text(400, "query is required, for example query={app=\"order\"} |= \"error\"\n"));
        }
        LogSelector query;
        try {
            query = LogSelector.parse(text);
        } catch (IllegalArgumentException e) {
            return Upgrade.refuse(Response.text(400, "query " + text + ": " + e.getMessage() + "\n"));
        }
        long limit = 0;
        String limitText = request.queryParam("limit");
        if (limitText != null && !limitText.isEmpty()) {
            try {
                limit = Long.parseLong(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 0) {
                return Upgrade.refuse(Response.text(400, "limit: expected a count of 0 or more, got \"" + limitText + "\"\n"));
            }
        }
        if (live.open().size() >= LiveTail.MAX_TAILS) {
            return Upgrade.refuse(Response.text(429, "too many live tails open (at most " + LiveTail.MAX_TAILS + ")\n"));
        }
        long max = limit;
        return Upgrade.accept(session -> {
            try {
                live.open(query, max, outlet(session));
            } catch (LiveTail.TooManyTails e) {
                session.close(1013, e.getMessage());
            }
        });
    }

    private static Tail.Outlet outlet(WebSocketSession session) {
        return new Tail.Outlet() {
            @Override
            public boolean isOpen() {
                return session.isOpen();
            }

            @Override
            public boolean isWritable() {
                return session.isWritable();
            }

            @Override
            public void send(String message) {
                session.send(message);
            }

            @Override
            public void close(String reason) {
                session.close(1000, reason);
            }
        };
    }
}
