package io.sleipnir.model;

/**
 * The one narrow interface every part plugs into: tailers write to the pipeline, the pipeline to the
 * fan-out, the fan-out to each client. {@link #accept} may block (back-pressure) and takes over the entry's
 * delivery token: the receiver completes it, or hands it on.
 */
public interface EntrySink {
    void accept(LogEntry entry) throws InterruptedException;
}
