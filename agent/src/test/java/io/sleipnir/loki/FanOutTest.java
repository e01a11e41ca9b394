package io.sleipnir.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.model.EntrySink;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutTest {

    @Test
    void oneClientGetsTheEntryWithoutExtraHolders() throws Exception {
        List<LogEntry> got = new ArrayList<>();
        CountingDelivery d = new CountingDelivery();

        new FanOut(List.of(got::add)).accept(LogEntry.of(1, "x", Labels.of("a", "b"), d));

        assertThat(got).hasSize(1);
        assertThat(d.holders()).isEqualTo(1);
    }

    @Test
    void everyClientGetsTheSameEntryAndHoldsItOnce() throws Exception {
        List<LogEntry> first = new ArrayList<>();
        List<LogEntry> second = new ArrayList<>();
        List<LogEntry> third = new ArrayList<>();
        CountingDelivery d = new CountingDelivery();
        LogEntry entry = LogEntry.of(1, "x", Labels.of("a", "b"), d);

        new FanOut(List.<EntrySink>of(first::add, second::add, third::add)).accept(entry);

        assertThat(first).containsExactly(entry);
        assertThat(second).containsExactly(entry);
        assertThat(third).containsExactly(entry);
        assertThat(d.holders()).isEqualTo(3);
        d.complete();
        d.complete();
        assertThat(d.done()).isFalse();
        d.complete();
        assertThat(d.done()).isTrue();
    }
}
