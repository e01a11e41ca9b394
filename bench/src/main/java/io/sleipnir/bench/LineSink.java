package io.sleipnir.bench;

import io.sleipnir.model.EntrySink;
import io.sleipnir.model.LogEntry;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The downstream end of a benchmarked pipeline: hands every entry to the benchmark's Blackhole and completes its
 * delivery, as the client does once Loki answers. The Blackhole is set per invocation (JMH injects it into the
 * benchmark method, not into state setup).
 */
final class LineSink implements EntrySink {
    Blackhole blackhole;
    long entries;
    long lastTimestamp;

    @Override
    public void accept(LogEntry entry) {
        blackhole.consume(entry);
        entries++;
        lastTimestamp = entry.timestampNanos();
        entry.delivery().complete();
    }
}
