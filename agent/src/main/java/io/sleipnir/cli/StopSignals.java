package io.sleipnir.cli;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop cleanly. Without a handler the JVM runs its shutdown hooks and exits with
 * 128 + the signal (143, 130); Promtail exits 0 after a clean stop, and so must a drop-in (Kubernetes and systemd
 * read anything else as a failure). {@code sun.misc.Signal} is the JDK's only signal API (module jdk.unsupported).
 */
final class StopSignals {
    private StopSignals() {
    }

    /** Installs {@code onStop} for TERM and INT; returns the names of the signals it could not take over. */
    static List<String> install(Runnable onStop) {
        List<String> missing = new ArrayList<>();
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> onStop.run());
            } catch (IllegalArgumentException e) {
                // Taken by the JVM (-Xrs) or unknown on this platform: the shutdown hook still stops the agent.
                missing.add(name);
            }
        }
        return missing;
    }
}
