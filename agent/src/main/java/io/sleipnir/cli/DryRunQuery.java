package io.sleipnir.cli;

import io.sleipnir.logql.LogSelector;
import io.sleipnir.model.LogEntry;
import java.io.PrintStream;

/**
 * {@code -dry-run.query}: only entries that match the LogQL query (selector and line filters, on the labels and
 * line the entry leaves the pipeline with) are printed. With {@code -inspect}, an entry's stage-by-stage block is
 * held until the entry leaves the pipeline and printed only if it matches; the block of an entry that is dropped,
 * or held by a stage, is not shown.
 *
 * <p>Called from the reader thread and the pipeline ticker, each under a pipeline's lock; synchronised because
 * two jobs' pipelines have two locks.
 */
final class DryRunQuery {
    private final LogSelector selector;
    private final StringBuilder held = new StringBuilder();

    DryRunQuery(LogSelector selector) {
        this.selector = selector;
    }

    /** An -inspect block begins: what the last one held belonged to an entry that never left. */
    synchronized void startBlock() {
        held.setLength(0);
    }

    synchronized void hold(String text) {
        held.append(text);
    }

    /** Whether {@code entry} is shown; if it is, the inspect block held for it is printed first. */
    synchronized boolean show(LogEntry entry, PrintStream out) {
        boolean matches = selector.matches(entry.labels(), entry.line());
        if (matches && held.length() > 0) {
            DryRunPrinter.printUtf8(out, held.toString());
        }
        held.setLength(0);
        return matches;
    }
}
