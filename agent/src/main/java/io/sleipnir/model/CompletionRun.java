package io.sleipnir.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One holder completing many entries in a row (a client whose batch Loki answered): what a source would do after
 * each completion but needs to do only once for the run (a file moving its committed offset past the completed
 * prefix) is put off until {@link #finish}. Done per entry, that work took a monitor per line on the sending
 * thread. Not thread-safe: one run belongs to the thread completing it, and nothing waits for an entry's completion
 * until the run finishes, so a run should be finished as soon as its entries are completed.
 */
public final class CompletionRun {
    private final List<Runnable> pending = new ArrayList<>(4);
    private final Set<Runnable> seen = new HashSet<>();
    /** The action last asked for: a batch holds a file's entries in runs, so most requests repeat it. */
    private Runnable last;

    /** Runs {@code action} once at {@link #finish}, however often it is asked for during the run. */
    public void afterRun(Runnable action) {
        if (action != last) {
            last = action;
            if (seen.add(action)) {
                pending.add(action);
            }
        }
    }

    /** Runs what the completions put off, each once, in the order first asked for; the run can then be used again. */
    public void finish() {
        try {
            for (Runnable action : pending) {
                action.run();
            }
        } finally {
            pending.clear();
            seen.clear();
            last = null;
        }
    }
}
