package io.sleipnir.tail;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How other threads reach the reader: commands run on the reader thread before its next round, a wake-up that
 * ends its sleep (at most one queued), and the flag that stops it. Unbounded in principle, bounded in practice:
 * commands come from target updates and the -exit-on-eof question, and wake-ups coalesce.
 */
final class ReaderCommands {
    private static final Runnable WAKE = () -> { };

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile boolean running = true;

    void offer(Runnable command) {
        queue.offer(command);
    }

    /** Ends the reader's sleep soon (a file-system event, a truncation seen while paused). */
    void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            queue.offer(WAKE);
        }
    }

    boolean running() {
        return running;
    }

    void stop() {
        running = false;
    }

    /** Runs every queued command now. Reader thread. */
    void runQueued() {
        Runnable command;
        while ((command = queue.poll()) != null) {
            run(command);
        }
    }

    /** Sleeps up to {@code millis} for a command or a wake-up, runs it; true when one came. Reader thread. */
    boolean awaitAndRun(long millis) throws InterruptedException {
        Runnable command = queue.poll(millis, TimeUnit.MILLISECONDS);
        if (command == null) {
            return false;
        }
        run(command);
        return true;
    }

    private void run(Runnable command) {
        if (command == WAKE) {
            wakeQueued.set(false);
        } else {
            command.run();
        }
    }
}
