package io.sleipnir.tail;

/**
 * When one tailed path is next read and next checked (a stat for rotation, deletion, truncation and the size
 * gauge). Two timers with their own back-off: a head at EOF is read again only when an event names the path, a
 * check finds it grown, or, after a read error, its retry time comes; checks back off from {@code min_poll} to
 * {@code max_poll}, and to {@code quietMillis} where events can be relied on. Pure: the caller passes the time.
 */
final class PollTimers {
    private final long minMillis;
    private final long maxMillis;
    /** A file-system event named this path (or a check saw it grow): read it and check it at once. */
    private boolean eventSeen;
    private long readRetryAt;
    private long readRetryInterval;
    private long checkInterval;
    private long nextCheckAt;
    /** When data was last read or the file last changed state. */
    private long lastChangeAt;

    PollTimers(long minMillis, long maxMillis, long now) {
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.readRetryInterval = minMillis;
        this.checkInterval = minMillis;
        this.lastChangeAt = now;
    }

    void eventSeen() {
        eventSeen = true;
    }

    boolean hasEvent() {
        return eventSeen;
    }

    /** Whether to read the head now: it had data last time, an event named it, or its retry time has come. */
    boolean readDue(boolean atEof, long now) {
        return !atEof || eventSeen || now >= readRetryAt;
    }

    /** A read is being made: the event that asked for it is used up. */
    void reading() {
        eventSeen = false;
    }

    void readData(long now) {
        lastChangeAt = now;
        checkInterval = minMillis;
        readRetryInterval = minMillis;
    }

    /** At EOF: read again when an event names the file or a check finds it larger, not per poll. */
    void readNothing() {
        readRetryAt = Long.MAX_VALUE;
    }

    /** The read failed: try again after the read timer's own back-off. */
    void readFailed(long now) {
        readRetryAt = now + readRetryInterval;
        readRetryInterval = Math.min(2 * readRetryInterval, maxMillis);
    }

    /** A check is due: on an event, when its time came and the head is idle, or one max_poll later regardless. */
    boolean checkDue(long now, boolean headIdle) {
        return eventSeen || now >= nextCheckAt && headIdle || now >= nextCheckAt + maxMillis;
    }

    /** The check found a change: check again soon. */
    void changed(long now) {
        lastChangeAt = now;
        checkInterval = minMillis;
        nextCheckAt = now + checkInterval;
    }

    /** Backing off further would reach max_poll, and nothing changed for {@code idleMillis}: may go quiet. */
    boolean mayGoQuiet(long now, long idleMillis) {
        return Math.min(2 * checkInterval, maxMillis) >= maxMillis && now - lastChangeAt >= idleMillis;
    }

    /** The check found nothing: back off, to {@code quietMillis} when {@code quiet}. */
    void unchanged(long now, boolean quiet, long quietMillis) {
        checkInterval = quiet ? quietMillis : Math.min(2 * checkInterval, maxMillis);
        nextCheckAt = now + checkInterval;
    }

    /** The checks have backed off to at least {@code quietMillis}. */
    boolean isQuiet(long quietMillis) {
        return checkInterval >= quietMillis;
    }
}
