package io.sleipnir.cli;

import io.sleipnir.live.TailMessage;
import io.sleipnir.live.TailedEntry;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * {@code -tail=<query>}: connects to a running agent's {@code /api/v1/tail} WebSocket and prints each entry as
 * {@code -dry-run} does (time, labels, line, structured metadata). When the agent skipped entries because this
 * reader was too slow, stderr says how many. Exit codes: 0 when the agent closed the tail (its limit reached, or
 * the agent stopped), 1 when it cannot connect or refuses the query (its answer is printed).
 */
final class TailClient {
    private TailClient() {
    }

    static int run(String query, String addr, long limit, PrintStream out, PrintStream err) throws InterruptedException {
        String base = addr.contains("://") ? addr.replaceFirst("^http", "ws") : "ws://" + addr;
        URI uri = URI.create(base.replaceAll("/+$", "") + "/api/v1/tail?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8) + (limit > 0 ? "&limit=" + limit : ""));
        CompletableFuture<Integer> done = new CompletableFuture<>();
        Printer printer = new Printer(out, err, done);
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, printer).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketHandshakeException refused) {
                Object body = refused.getResponse().body();
                err.println("the agent at " + addr + " refused the tail: HTTP " + refused.getResponse().statusCode()
                        + (body instanceof String text && !text.isBlank() ? ": " + text.strip() : ""));
            } else {
                err.println("cannot tail the agent at " + addr + ": " + (cause.getMessage() != null
                        ? cause.getMessage() : cause.getClass().getSimpleName()));
            }
            return 1;
        }
        try {
            return done.get();
        } catch (ExecutionException e) {
            err.println("tail of " + addr + " ended: " + e.getCause().getMessage());
            return 1;
        }
    }

    private static final class Printer implements WebSocket.Listener {
        private final PrintStream out;
        private final PrintStream err;
        private final CompletableFuture<Integer> done;
        private final StringBuilder partial = new StringBuilder();
        private long skipped;

        Printer(PrintStream out, PrintStream err, CompletableFuture<Integer> done) {
            this.out = out;
            this.err = err;
            this.done = done;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                TailMessage.Decoded message = TailMessage.decode(partial.toString());
                partial.setLength(0);
                StringBuilder text = new StringBuilder();
                for (TailedEntry e : message.entries()) {
                    text.append(DryRunPrinter.format(e.timestampNanos(), e.labels(), e.line(), e.structuredMetadata()));
                }
                DryRunPrinter.printUtf8(out, text.toString());
                if (message.skipped() > skipped) {
                    err.println("skipped " + (message.skipped() - skipped) + " entries: this tail read too slowly ("
                            + message.skipped() + " in all)");
                    skipped = message.skipped();
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (statusCode != WebSocket.NORMAL_CLOSURE) {
                err.println("the agent closed the tail: " + statusCode + (reason.isEmpty() ? "" : " " + reason));
            }
            done.complete(statusCode == WebSocket.NORMAL_CLOSURE ? 0 : 1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            done.completeExceptionally(error);
        }
    }
}
