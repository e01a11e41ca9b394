package io.sleipnir.pipeline;

import io.sleipnir.model.EntrySink;
import io.sleipnir.model.LogEntry;
import java.util.ArrayList;
import java.util.List;

/** Collects what a stage emits. */
final class RecordingSink implements EntrySink {
    final List<LogEntry> entries = new ArrayList<>();

    @Override
    public void accept(LogEntry entry) {
        entries.add(entry);
    }

    List<String> lines() {
        return entries.stream().map(LogEntry::line).toList();
    }
}
