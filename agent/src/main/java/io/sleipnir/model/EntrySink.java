package io.sleipnir.model;

/**
 * The one narrow interface every part plugs into: tailers write to the pipeline, the pipeline to the
 * fan-out, the fan-out to each client. {@link #accept} may block (back-pressure) and takes over the entry's
 * delivery token: the receiver completes it, or hands it on.
 */
public interface EntrySink {
    void accept(LogEntry entry) throws InterruptedException;

    /**
     * {@code accept(LogEntry.ofUtf8(timestampNanos, utf8, offset, length, labels, Labels.empty(), delivery))}: a line
     * held as its UTF-8 bytes, which the tailer hands on this way. A sink that only takes the entry apart (the
     * pipeline) overrides it to skip the {@link LogEntry} made and dropped per line.
     */
    default void acceptUtf8(long timestampNanos, byte[] utf8, int offset, int length, Labels labels,
                            Delivery delivery) throws InterruptedException {
        accept(LogEntry.ofUtf8(timestampNanos, utf8, offset, length, labels, Labels.empty(), delivery));
    }
}
