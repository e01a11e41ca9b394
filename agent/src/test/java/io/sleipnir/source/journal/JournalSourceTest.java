package io.sleipnir.source.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.config.JournalConfig;
import io.sleipnir.config.PositionsConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Delivery;
import io.sleipnir.positions.PositionsFile;
import io.sleipnir.source.SourceContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSourceTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    private JournalSource source(String program, Duration maxAge) throws IOException {
        PositionsFile positions = PositionsFile.open(new PositionsConfig(dir.resolve("p.yaml"), Duration.ofSeconds(10),
                false), false, new AgentMetrics());
        SourceContext context = new SourceContext("node", entry -> { }, new AgentMetrics(),
                Clock.fixed(NOW, ZoneOffset.UTC), positions);
        return new JournalSource(new JournalConfig(false, maxAge, "", List.of("_SYSTEMD_UNIT=a.service"), Map.of()),
                List.of(), context, program);
    }

    @Test
    void aMissingJournalctlIsAStartUpErrorNamingThePackage() throws Exception {
        JournalSource source = source("/nonexistent/journalctl", Duration.ofHours(7));
        assertThatThrownBy(source::start).isInstanceOf(IOException.class).hasMessage("journal (system journal) "
                + "(job node): /nonexistent/journalctl not found on PATH; the journal source runs journalctl, from "
                + "Debian's package systemd (apt-get install systemd)");
    }

    @Test
    void aCursorOlderThanMaxAgeIsNotUsedAsPromtail() throws Exception {
        JournalSource source = source("journalctl", Duration.ofHours(7));
        long sinceSeconds = NOW.minus(Duration.ofHours(7)).getEpochSecond();
        String fresh = "s=1;i=5;b=2;m=3;t=" + Long.toHexString((sinceSeconds + 60) * 1_000_000L) + ";x=4";
        String stale = "s=1;i=5;b=2;m=3;t=" + Long.toHexString((sinceSeconds - 60) * 1_000_000L) + ";x=4";
        Path jc = Path.of("/usr/bin/journalctl");
        assertThat(source.command(jc, fresh)).endsWith("--after-cursor=" + fresh, "_SYSTEMD_UNIT=a.service");
        assertThat(source.command(jc, stale)).endsWith("--since=@" + sinceSeconds, "_SYSTEMD_UNIT=a.service");
        assertThat(source.command(jc, null)).endsWith("--since=@" + sinceSeconds, "_SYSTEMD_UNIT=a.service");
    }

    @Test
    void theCommittedCursorIsThatOfTheLongestAcknowledgedPrefix() {
        List<String> commits = new ArrayList<>();
        CursorAcks acks = new CursorAcks(commits::add);
        Delivery a = acks.issue("a");
        Delivery b = acks.issue("b");
        Delivery c = acks.issue("c");
        b.retain(1); // two clients
        c.complete();
        assertThat(commits).isEmpty();
        a.complete();
        assertThat(commits).containsExactly("a");
        b.complete();
        assertThat(commits).containsExactly("a");
        b.complete();
        assertThat(commits).containsExactly("a", "c");
        assertThat(acks.inFlight()).isZero();
    }

    @Test
    void priorityKeywordsAsPromtail() {
        assertThat(List.of("0", "1", "2", "3", "4", "5", "6", "7", "9").stream().map(JournalSource::priorityKeyword))
                .containsExactly("emerg", "alert", "crit", "error", "warning", "notice", "info", "debug", "9");
    }
}
