package io.sleipnir.source;

import java.lang.System.Logger.Level;
import java.time.Clock;

/**
 * A warning that bad input cannot flood the agent's log: at most one line per period, the next one saying how many
 * were suppressed in between.
 */
public final class RateLimitedLog {
    private final System.Logger log;
    private final Clock clock;
    private final long periodMillis;
    private long nextAllowed;
    private long suppressed;

    public RateLimitedLog(System.Logger log, Clock clock, long periodMillis) {
        this.log = log;
        this.clock = clock;
        this.periodMillis = periodMillis;
    }

    public void warn(String message) {
        long now = clock.millis();
        String line;
        synchronized (this) {
            if (now < nextAllowed) {
                suppressed++;
                return;
            }
            nextAllowed = now + periodMillis;
            line = suppressed == 0 ? message : message + " (" + suppressed + " more like it suppressed)";
            suppressed = 0;
        }
        log.log(Level.WARNING, line);
    }
}
