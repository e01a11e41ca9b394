package io.sleipnir.tail;

import io.sleipnir.config.LimitsConfig;
import io.sleipnir.config.TargetConfig;
import java.time.Duration;

/**
 * How the tailer runs.
 *
 * @param syncPeriod        how often globs are re-resolved ({@code target_config.sync_period})
 * @param minPoll           the poll interval for open files while data flows ({@code file_watch_config.min_poll_frequency})
 * @param maxPoll           the interval it backs off to when nothing changes ({@code max_poll_frequency})
 * @param maxLineBytes      the reader's memory cap: a line longer than this is never buffered whole, but truncated or
 *                          dropped while it is read (not {@code max_line_size}: the client enforces that, as Promtail)
 * @param truncateLongLines truncate (true) or drop (false) lines past the cap ({@code max_line_size_truncate})
 * @param readQuantumBytes  at most this many bytes are read from one file before moving to the next
 */
public record TailSettings(Duration syncPeriod, Duration minPoll, Duration maxPoll, long maxLineBytes,
                           boolean truncateLongLines, int readQuantumBytes) {

    /** The reader's memory cap for one line, unless {@code limits_config.max_line_size} allows longer lines. */
    public static final long DEFAULT_MAX_LINE_BYTES = 2L * 1024 * 1024;
    public static final int DEFAULT_QUANTUM = 64 * 1024;

    public TailSettings {
        if (syncPeriod.isNegative() || syncPeriod.isZero()) {
            throw new IllegalArgumentException("syncPeriod must be positive, got " + syncPeriod);
        }
        if (minPoll.isNegative() || minPoll.isZero() || maxPoll.compareTo(minPoll) < 0) {
            throw new IllegalArgumentException("need 0 < minPoll <= maxPoll, got " + minPoll + " and " + maxPoll);
        }
        if (maxLineBytes <= 0 || maxLineBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxLineBytes must be in 1.." + (Integer.MAX_VALUE - 16) + ", got " + maxLineBytes);
        }
        if (readQuantumBytes < 1) {
            throw new IllegalArgumentException("readQuantumBytes must be positive, got " + readQuantumBytes);
        }
    }

    /** Promtail's defaults: 10s re-glob, 250ms polling backing off to 250ms, 2 MiB line cap, 64 KiB quantum. */
    public static TailSettings defaults() {
        return new TailSettings(Duration.ofSeconds(10), Duration.ofMillis(250), Duration.ofMillis(250),
                DEFAULT_MAX_LINE_BYTES, false, DEFAULT_QUANTUM);
    }

    /**
     * From the config blocks. {@code max_line_size} is enforced once, by the client (Promtail's
     * {@code promtail_dropped_entries_total{reason="line_too_long"}}); the reader only caps its memory, at 2 MiB or
     * {@code max_line_size} when that is larger, so that it never cuts a line the client would pass.
     */
    public static TailSettings from(TargetConfig target, LimitsConfig limits, Duration minPoll, Duration maxPoll) {
        long max = Math.max(DEFAULT_MAX_LINE_BYTES, limits.maxLineSize());
        return new TailSettings(target.syncPeriod(), minPoll, maxPoll, max, limits.maxLineSizeTruncate(), DEFAULT_QUANTUM);
    }
}
