package io.sleipnir.model;

import java.util.Arrays;

/**
 * The one narrow interface every part plugs into: tailers write to the pipeline, the pipeline to the
 * fan-out, the fan-out to each client. {@link #accept} may block (back-pressure) and takes over the entry's
 * delivery token: the receiver completes it, or hands it on.
 */
public interface EntrySink {
    void accept(LogEntry entry) throws InterruptedException;

    /**
     * A line given as {@code length} bytes of valid UTF-8 in {@code utf8} from {@code offset}, <b>lent for this call
     * only</b>: the tailer hands on an ASCII line this way, straight from its read buffer, which it fills again
     * afterwards. This default accepts an entry of a copy of those bytes. A sink that takes the line apart (the
     * pipeline) overrides it and copies only what it keeps, once, after its stages cut it (the {@code cri} prefix is
     * never copied), and no bytes at all of a line a stage drops.
     */
    default void acceptUtf8(long timestampNanos, byte[] utf8, int offset, int length, Labels labels,
                            Delivery delivery) throws InterruptedException {
        accept(LogEntry.ofUtf8(timestampNanos, Arrays.copyOfRange(utf8, offset, offset + length), 0, length, labels,
                Labels.empty(), delivery));
    }
}
