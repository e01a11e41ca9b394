package io.sleipnir.tail;

import java.lang.System.Logger.Level;
import java.time.Clock;

/**
 * Says at {@code warn} which over-long line was dropped (file, offset, length), besides the counter: at most one
 * message per {@value #INTERVAL_MILLIS} ms, which also says how many more were dropped since the last one. Reader
 * thread only.
 */
final class LongLineDrops {
    static final long INTERVAL_MILLIS = 10_000;
    private static final System.Logger LOG = System.getLogger(TailManager.class.getName());

    private final Clock clock;
    private final int limit;
    private long lastReportMillis = Long.MIN_VALUE / 2;
    private long unreported;

    LongLineDrops(Clock clock, int limit) {
        this.clock = clock;
        this.limit = limit;
    }

    /** A line of {@code path} from {@code start} up to {@code end} (its newline included, if it had one) was dropped. */
    void report(String path, long start, long end, boolean terminated) {
        long now = clock.millis();
        if (now - lastReportMillis < INTERVAL_MILLIS) {
            unreported++;
            return;
        }
        long length = end - start - (terminated ? 1 : 0);
        String more = unreported == 0 ? "" : "; " + unreported + " more dropped since the last report";
        LOG.log(Level.WARNING, "dropped a line of " + length + " bytes at offset " + start + " of " + path
                + ": longer than the reader's line cap of " + limit + " bytes (2 MiB, or limits_config.max_line_size "
                + "when larger; max_line_size_truncate: true keeps its start instead)" + more);
        lastReportMillis = now;
        unreported = 0;
    }
}
