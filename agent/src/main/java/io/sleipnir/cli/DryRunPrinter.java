package io.sleipnir.cli;

import io.sleipnir.model.EntrySink;
import io.sleipnir.model.LogEntry;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code -dry-run}: prints each entry as Promtail does (timestamp, labels, line, tab separated) and pushes
 * nothing. The entry counts as delivered once printed, so -exit-on-eof can tell when the files are done;
 * the positions file is read-only in this mode, so nothing is remembered.
 */
final class DryRunPrinter implements EntrySink {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnnZ")
            .withZone(ZoneOffset.UTC);
    private final PrintStream out;

    DryRunPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void accept(LogEntry entry) {
        Instant t = Instant.ofEpochSecond(0, entry.timestampNanos());
        String sm = entry.structuredMetadata().isEmpty() ? "" : "\t" + entry.structuredMetadata().toLokiString();
        synchronized (out) {
            out.println(TIME.format(t) + "\t" + entry.labels().withoutInternal().toLokiString() + "\t" + entry.line() + sm);
        }
        entry.delivery().complete();
    }
}
