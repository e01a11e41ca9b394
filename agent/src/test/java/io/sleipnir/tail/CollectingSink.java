package io.sleipnir.tail;

import io.sleipnir.model.Delivery;
import io.sleipnir.model.EntrySink;
import io.sleipnir.model.LogEntry;
import java.util.ArrayList;
import java.util.List;

/** Records entries; completes their deliveries at once, or holds them until {@link #completeHeld()}. */
final class CollectingSink implements EntrySink {
    private final List<LogEntry> entries = new ArrayList<>();
    private final List<Delivery> held = new ArrayList<>();
    private volatile boolean completeAtOnce;

    CollectingSink(boolean completeAtOnce) {
        this.completeAtOnce = completeAtOnce;
    }

    @Override
    public void accept(LogEntry entry) {
        synchronized (this) {
            entries.add(entry);
            if (!completeAtOnce) {
                held.add(entry.delivery());
                return;
            }
        }
        entry.delivery().complete();
    }

    synchronized List<LogEntry> entries() {
        return List.copyOf(entries);
    }

    synchronized List<String> lines() {
        return entries.stream().map(LogEntry::line).toList();
    }

    synchronized List<String> linesOf(String path) {
        return entries.stream().filter(e -> path.equals(e.labels().get("filename"))).map(LogEntry::line).toList();
    }

    synchronized int size() {
        return entries.size();
    }

    void completeHeld() {
        List<Delivery> now;
        synchronized (this) {
            now = new ArrayList<>(held);
            held.clear();
            completeAtOnce = true;
        }
        now.forEach(Delivery::complete);
    }
}
