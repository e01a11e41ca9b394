package io.sleipnir.loki;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * An {@code error} line for a limit that drops entries, said at once and then at most once per {@link #EVERY} with
 * how many more entries it dropped meanwhile, so a flood of refused entries is not a flood of log lines.
 */
final class LimitLog {
    static final Duration EVERY = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(LimitLog.class.getName());

    private final Clock clock;
    private Instant lastSaid;
    private long unsaid;

    LimitLog(Clock clock) {
        this.clock = clock;
    }

    /** One more entry dropped; {@code message} says why and is built only when it is logged. */
    synchronized void report(Supplier<String> message) {
        Instant now = clock.instant();
        if (lastSaid != null && now.isBefore(lastSaid.plus(EVERY))) {
            unsaid++;
            return;
        }
        String more = lastSaid == null ? "" : " (" + unsaid + " more entries dropped since the last such line)";
        lastSaid = now;
        unsaid = 0;
        LOG.log(Level.ERROR, message.get() + more);
    }
}
