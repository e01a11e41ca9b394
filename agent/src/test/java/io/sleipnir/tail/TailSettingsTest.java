package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.config.LimitsConfig;
import io.sleipnir.config.TargetConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TailSettingsTest {
    @Test
    void theReadersCapIs2MiBOrMaxLineSizeWhenLargerSinceTheClientEnforcesMaxLineSize() {
        TailSettings s = TailSettings.from(TargetConfig.defaults(), LimitsConfig.defaults(),
                Duration.ofMillis(250), Duration.ofMillis(250));
        assertThat(s.maxLineBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(s.truncateLongLines()).isFalse();
        assertThat(s.syncPeriod()).isEqualTo(Duration.ofSeconds(10));

        // max_line_size below the cap: the reader passes such lines on whole, for the client to cut or drop.
        TailSettings limited = TailSettings.from(TargetConfig.defaults(), new LimitsConfig(4096, true),
                Duration.ofMillis(250), Duration.ofSeconds(1));
        assertThat(limited.maxLineBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(limited.truncateLongLines()).isTrue();

        // Above it: the reader must not cut a line the client would pass.
        TailSettings large = TailSettings.from(TargetConfig.defaults(), new LimitsConfig(8 * 1024 * 1024, false),
                Duration.ofMillis(250), Duration.ofSeconds(1));
        assertThat(large.maxLineBytes()).isEqualTo(8 * 1024 * 1024);
    }

    @Test
    void invalidSettingsAreRejectedWithExactMessages() {
        assertThatThrownBy(() -> new TailSettings(Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1), 10, false, 10))
                .hasMessage("syncPeriod must be positive, got PT0S");
        assertThatThrownBy(() -> new TailSettings(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(250), 10, false, 10))
                .hasMessage("need 0 < minPoll <= maxPoll, got PT0.5S and PT0.25S");
        assertThatThrownBy(() -> new TailSettings(Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMillis(1), 0, false, 10))
                .hasMessageStartingWith("maxLineBytes must be in 1..");
        assertThatThrownBy(() -> new TailSettings(Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMillis(1), 10, false, 0))
                .hasMessage("readQuantumBytes must be positive, got 0");
    }
}
