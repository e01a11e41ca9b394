package io.sleipnir.status;

import io.sleipnir.golang.GoDuration;
import io.sleipnir.loki.ClientStatus;
import io.sleipnir.server.Response;
import io.sleipnir.server.Route;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /healthz}, the liveness check: 500 only when the agent is stuck in a way a restart can cure, that is
 * when the tail reader has been in one round (reading, not waiting for its next poll) for longer than the stall
 * timeout while every client has room in its memory budget. A client whose budget is at least half held means Loki
 * is slow or unreachable and reading is paused by back-pressure on purpose: a restart would only re-read. Whether
 * the API server or Loki answer never enters, so an agent that cannot reach them keeps shipping what it knows
 * instead of being restarted in a loop ({@code /ready}, Promtail's readiness, says 500 until a file is tailed).
 *
 * <p>The timeout is the probe's own: {@code /healthz?stall_timeout=2m} (Go duration), else
 * {@value #DEFAULT_STALL_TIMEOUT_TEXT}.
 */
public final class Liveness {
    static final String DEFAULT_STALL_TIMEOUT_TEXT = "5m";
    public static final Duration DEFAULT_STALL_TIMEOUT = GoDuration.parse(DEFAULT_STALL_TIMEOUT_TEXT);

    private final Supplier<Instant> lastRoundCompleted;
    private final BooleanSupplier readerInRound;
    private final Supplier<List<ClientStatus>> clients;
    private final Clock clock;

    /** The verdict and the one line the probe's body says why. */
    public record Verdict(boolean live, String reason) {
    }

    /**
     * @param lastRoundCompleted when the tail reader last finished a loop
     * @param readerInRound      whether it is in a round now (false while it waits for the next poll)
     * @param clients            the clients' budgets (empty in a dry run, whose printer never blocks for long)
     */
    public Liveness(Supplier<Instant> lastRoundCompleted, BooleanSupplier readerInRound,
            Supplier<List<ClientStatus>> clients, Clock clock) {
        this.lastRoundCompleted = lastRoundCompleted;
        this.readerInRound = readerInRound;
        this.clients = clients;
        this.clock = clock;
    }

    public Verdict check(Duration stallTimeout) {
        // Read "in round" first: a round that ends between the two reads then looks recent, never stale.
        boolean inRound = readerInRound.getAsBoolean();
        Duration since = Duration.between(lastRoundCompleted.get(), clock.instant());
        if (!inRound || since.compareTo(stallTimeout) <= 0) {
            return new Verdict(true, "ok");
        }
        for (ClientStatus client : clients.get()) {
            if (2 * client.heldBytes() >= client.budgetBytes()) {
                return new Verdict(true, "ok: reading paused by back-pressure from client " + client.name() + " ("
                        + client.heldBytes() + " of " + client.budgetBytes() + " bytes held)");
            }
        }
        return new Verdict(false, "stalled: the tail reader has not finished a round for " + GoDuration.format(since)
                + " (stall_timeout " + GoDuration.format(stallTimeout) + ") with room in every client's budget");
    }

    /** {@code GET /healthz[?stall_timeout=<Go duration>]}: 200 or 500 with the verdict's reason; 400 for a bad timeout. */
    public Route route() {
        return Route.get("/healthz", request -> {
            String text = request.queryParam("stall_timeout");
            Duration timeout;
            try {
                timeout = text == null ? DEFAULT_STALL_TIMEOUT : GoDuration.parse(text);
            } catch (IllegalArgumentException e) {
                return Response.text(400, "stall_timeout: " + e.getMessage() + "\n");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                return Response.text(400, "stall_timeout: must be positive, got \"" + text + "\"\n");
            }
            Verdict verdict = check(timeout);
            return Response.text(verdict.live() ? 200 : 500, verdict.reason() + "\n");
        });
    }
}
