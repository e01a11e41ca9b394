package io.sleipnir.tail;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code tail-reader} thread's loop. Each round: run the commands queued by other threads, take file-system
 * events, resolve files when {@link FileDiscovery}'s timers say so, give every path its read turn
 * ({@link ReadTurns}) and the due ones their check ({@link StatusChecks}). When a round made no progress it sleeps
 * on its own back-off (min_poll doubling to max_poll, longer when every file is quiet), woken early by a command
 * or an event. A bug in a round is logged and the loop goes on.
 */
final class ReadLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(TailManager.class.getName());
    /** How long the reader sleeps when every file is quiet and watched: their polls are due in seconds, not ms. */
    private static final long QUIET_LOOP_MILLIS = 1000;

    /** What the paused-watch thread learns of the reader: rounds completed, and whether one is under way. */
    interface Progress {
        long rounds();

        boolean busy();
    }

    private final ReaderCommands commands;
    private final FileDiscovery discovery;
    private final ReadTurns turns;
    private final StatusChecks checks;
    private final Clock clock;
    private final long minPollMillis;
    private final long maxPollMillis;
    /** Rounds completed; unchanged over a sync period while busy means paused. */
    private volatile long rounds;
    private volatile boolean busy;
    private volatile long lastRoundMillis = Long.MIN_VALUE;

    ReadLoop(ReaderCommands commands, FileDiscovery discovery, ReadTurns turns, StatusChecks checks, Clock clock,
             long minPollMillis, long maxPollMillis) {
        this.commands = commands;
        this.discovery = discovery;
        this.turns = turns;
        this.checks = checks;
        this.clock = clock;
        this.minPollMillis = minPollMillis;
        this.maxPollMillis = maxPollMillis;
    }

    Progress progress() {
        return new Progress() {
            @Override
            public long rounds() {
                return rounds;
            }

            @Override
            public boolean busy() {
                return busy;
            }
        };
    }

    /** When the reader last completed a round (by the tailer's clock); empty before the first. */
    Optional<Instant> lastRoundCompleted() {
        long millis = lastRoundMillis;
        return millis == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    @Override
    public void run() {
        long idleWait = minPollMillis;
        while (commands.running()) {
            try {
                busy = true;
                commands.runQueued();
                discovery.takeEvents();
                discovery.resolveIfDue(clock.millis());
                boolean progress = turns.round(clock.millis());
                long now = clock.millis();
                progress |= checks.checkDue(now);
                boolean allQuiet = checks.allQuiet();
                rounds++;
                lastRoundMillis = now;
                if (progress) {
                    idleWait = minPollMillis;
                    continue;
                }
                long wait = Math.min(idleWait, discovery.untilDue(clock.millis()));
                busy = false;
                if (commands.awaitAndRun(wait)) {
                    idleWait = minPollMillis;
                } else {
                    idleWait = Math.min(2 * idleWait, allQuiet ? Math.max(maxPollMillis, QUIET_LOOP_MILLIS) : maxPollMillis);
                }
            } catch (InterruptedException e) {
                return; // close(): stop promptly
            } catch (RuntimeException e) {
                // A bug must not stop reading for good: log it, pause one poll interval, go on.
                LOG.log(Level.ERROR, "unexpected error in the tail reader; continuing", e);
                try {
                    busy = false;
                    commands.awaitAndRun(maxPollMillis);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }
}
