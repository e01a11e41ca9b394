package io.sleipnir.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.loki.ClientStatus;
import io.sleipnir.server.Request;
import io.sleipnir.server.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The liveness rule on its own, with the reader's state injected: a reader that is really stuck cannot be produced
 * on purpose through the agent (a FIFO is not tailed, a hung NFS read is not available here), so the stuck case is
 * driven by the two values TailManager publishes. LivenessProbeTest covers the agent's own answers.
 */
class LivenessTest {
    private static final Instant START = Instant.parse("2026-12-02T08:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final AtomicReference<Instant> lastRound = new AtomicReference<>(START);
    private final AtomicBoolean inRound = new AtomicBoolean();
    private final AtomicReference<List<ClientStatus>> clients =
            new AtomicReference<>(List.of(client("loki", 0, 4 << 20)));
    private final Liveness liveness = new Liveness(lastRound::get, inRound::get, clients::get, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    });

    @Test
    void aReaderStuckInOneRoundWithRoomInTheBudgetIsNotLive() {
        inRound.set(true);
        now.set(START.plus(Duration.ofMinutes(5)).plusMillis(1));

        Response response = get("/healthz");

        assertThat(response.status()).isEqualTo(500);
        assertThat(body(response)).isEqualTo("stalled: the tail reader has not finished a round for 5m0.001s"
                + " (stall_timeout 5m0s) with room in every client's budget\n");
    }

    @Test
    void aRoundUpToTheTimeoutIsLive() {
        inRound.set(true);
        now.set(START.plus(Duration.ofMinutes(5)));

        assertThat(get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void aReaderWaitingForItsNextPollIsLiveHoweverLongAgoItsLastRound() {
        inRound.set(false);
        now.set(START.plus(Duration.ofHours(3)));

        Response response = get("/healthz");

        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response)).isEqualTo("ok\n");
    }

    @Test
    void aReaderPausedByAFullBudgetIsLiveBecauseLokiIsTheCause() {
        inRound.set(true);
        now.set(START.plus(Duration.ofHours(1)));
        clients.set(List.of(client("primary", 0, 4 << 20), client("loki.example:3100", 3 << 20, 4 << 20)));

        Response response = get("/healthz");

        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response)).isEqualTo("ok: reading paused by back-pressure from client loki.example:3100"
                + " (3145728 of 4194304 bytes held)\n");
    }

    @Test
    void theProbeSetsItsOwnStallTimeout() {
        inRound.set(true);
        now.set(START.plusSeconds(90));

        assertThat(get("/healthz").status()).isEqualTo(200);
        assertThat(get("/healthz", "stall_timeout", "1m").status()).isEqualTo(500);
        assertThat(get("/healthz", "stall_timeout", "2m").status()).isEqualTo(200);
    }

    @Test
    void aBadStallTimeoutIsA400NamingTheParameter() {
        Response unitless = get("/healthz", "stall_timeout", "30");
        assertThat(unitless.status()).isEqualTo(400);
        assertThat(body(unitless)).startsWith("stall_timeout: invalid duration \"30\": a number needs a unit");

        Response zero = get("/healthz", "stall_timeout", "0s");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(body(zero)).isEqualTo("stall_timeout: must be positive, got \"0s\"\n");
    }

    private Response get(String path, String... query) throws AssertionError {
        Map<String, List<String>> params = query.length == 0 ? Map.of() : Map.of(query[0], List.of(query[1]));
        try {
            return liveness.route().handler().handle(new Request("GET", path, params, Map.of(), new byte[0]));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String body(Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static ClientStatus client(String name, long held, long budget) {
        return new ClientStatus(name, name, held, budget, List.of());
    }
}
