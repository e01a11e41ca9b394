package io.sleipnir.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that calls {@link Pipeline#tick()} on every pipeline that needs it, every {@code period}
 * (100 ms in the agent), so that time-driven stages flush even when no line arrives. Starts no thread when no
 * pipeline needs ticks. {@link #close()} stops it and waits for a running round.
 */
public final class PipelineTicker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PipelineTicker.class.getName());
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(100);

    private final ScheduledExecutorService executor;

    private PipelineTicker(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    public static PipelineTicker start(List<Pipeline> pipelines, Duration period) {
        List<Pipeline> ticked = pipelines.stream().filter(Pipeline::needsTicks).toList();
        if (ticked.isEmpty()) {
            return new PipelineTicker(null);
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sleipnir-pipeline-ticker");
            t.setDaemon(true);
            return t;
        });
        long nanos = period.toNanos();
        executor.scheduleWithFixedDelay(() -> {
            for (Pipeline p : ticked) {
                try {
                    p.tick();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    // One failing round must not cancel all future ones (a scheduled task that throws is dropped).
                    LOG.log(System.Logger.Level.WARNING, "job " + p.jobName() + ": tick failed", e);
                }
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
        return new PipelineTicker(executor);
    }

    /** Whether a thread runs (some pipeline needs ticks). */
    public boolean running() {
        return executor != null && !executor.isShutdown();
    }

    @Override
    public void close() throws InterruptedException {
        if (executor == null) {
            return;
        }
        // Let a running round finish its hand-off (an interrupted hand-off would leave its block undelivered until
        // the next start); interrupt only a round stuck behind back-pressure.
        executor.shutdown();
        if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
            executor.shutdownNow();
            executor.awaitTermination(2, TimeUnit.SECONDS);
        }
    }
}
