package io.sleipnir.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.testing.LogCapture;
import io.sleipnir.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class LimitLogTest {
    @Test
    void saidAtOnceThenAtMostEveryThirtySecondsWithTheNumberDroppedMeanwhile() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
        LimitLog log = new LimitLog(clock);
        try (LogCapture captured = LogCapture.start(Level.INFO)) {
            log.report(() -> "over the limit");
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(5));
                log.report(() -> "over the limit");
            }
            clock.advance(Duration.ofSeconds(5));
            log.report(() -> "over the limit again");

            assertThat(captured.lines(Level.SEVERE, "over the limit")).extracting(LogCapture.Line::message)
                    .containsExactly("over the limit",
                            "over the limit again (5 more entries dropped since the last such line)");
        }
    }
}
