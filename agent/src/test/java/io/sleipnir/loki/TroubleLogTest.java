package io.sleipnir.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.testing.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** What a failing client says and when, on an injected clock: first failure, 30 s summaries, recovery. */
class TroubleLogTest {
    private static final String URL = "https://u:xxxxx@logs.example.com/loki/api/v1/push";
    private static final Instant T0 = Instant.parse("2026-12-02T06:00:00Z");

    private static final class SteppedClock extends Clock {
        Instant now = T0;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void firstFailureAtOnceThenOneSummaryPer30sThenTheRecoveryWithItsLength() {
        SteppedClock clock = new SteppedClock();
        TroubleLog log = new TroubleLog(URL, "team-a", clock);
        PushResponse refused = PushResponse.connectionError("connection refused");
        PushResponse error = new PushResponse(500, "rpc error: code = Unavailable desc = " + "x".repeat(400) + "\n",
                null);
        Instant oldestRead = T0.minusSeconds(29);
        try (LogCapture logs = LogCapture.start(Level.FINE)) {
            log.failed(refused, Duration.ofMillis(512), 2_310, oldestRead);
            clock.now = T0.plusSeconds(10);
            log.failed(refused, Duration.ofSeconds(2), 2_400, oldestRead);
            clock.now = T0.plusSeconds(29);
            log.failed(error, Duration.ofSeconds(2), 2_500, oldestRead);
            clock.now = T0.plusSeconds(31);
            log.failed(error, Duration.ofMillis(1500), 2_600, oldestRead);
            assertThat(log.trouble()).isEqualTo(new PushTrouble(URL, T0, TroubleLog.cause(error)));
            clock.now = T0.plusSeconds(90);
            log.answered();

            List<String> warnings = logs.lines().stream().filter(l -> l.level().equals(Level.WARNING))
                    .map(LogCapture.Line::message).toList();
            assertThat(warnings).containsExactly(
                    "push to " + URL + " (tenant \"team-a\") failed: connection refused; 2310 entries waiting;"
                            + " next try in 512ms",
                    "push to " + URL + " (tenant \"team-a\") still failing after 31s: 4 tries, 2600 entries waiting,"
                            + " oldest read 1m0s ago; last: HTTP 500 Internal Server Error: rpc error: code ="
                            + " Unavailable desc = " + "x".repeat(256 - 37) + "…; next try in 1.5s");
            assertThat(logs.lines(Level.INFO, "works again")).extracting(LogCapture.Line::message)
                    .containsExactly("push to " + URL + " (tenant \"team-a\") works again after 1m30s (4 failed tries)");
            assertThat(logs.lines(Level.FINE, "failed again")).hasSize(2);
        }
        assertThat(log.trouble()).isNull();
    }
}
