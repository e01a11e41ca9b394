package io.sleipnir.pipeline;

import io.sleipnir.model.Labels;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The timestamp stage's {@code fudge} memory, shared by the stages built on it ({@code timestamp}, and the
 * {@code docker} and {@code cri} stages, which Promtail builds from a timestamp stage): the last timestamp set on
 * each stream (label set), for at most 10000 streams, least recently used out, as in Promtail. A failed parse
 * takes that timestamp plus 1ns, so that the line keeps its place in Loki; a stream with no known timestamp keeps
 * the entry's own (its read time).
 */
final class LastKnownTimestamps {
    private static final int MAX_STREAMS = 10_000;

    private final LinkedHashMap<Labels, Long> last = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Labels, Long> eldest) {
            return size() > MAX_STREAMS;
        }
    };

    /**
     * The stream of the last call and its time, kept outside the map: a file's lines share one label set instance,
     * so the per-line cost on the hot path ({@code cri}, {@code docker}) is a reference comparison, not a map update.
     */
    private Labels recentLabels;
    private long recentNanos;

    /** Sets a successfully parsed timestamp and remembers it for the entry's stream. */
    void parsed(PipelineEntry entry, long nanos) {
        entry.setTimestampNanos(nanos);
        remember(entry.labels(), nanos);
    }

    /** A failed parse: the stream's last timestamp plus 1ns, or the entry's own when none is known. */
    void fudge(PipelineEntry entry) {
        Labels labels = entry.labels();
        Long known;
        if (labels == recentLabels || labels.equals(recentLabels)) {
            known = recentNanos;
        } else {
            known = last.get(labels);
        }
        if (known != null) {
            long fudged = known + 1;
            entry.setTimestampNanos(fudged);
            remember(labels, fudged);
        }
    }

    private void remember(Labels labels, long nanos) {
        if (labels != recentLabels) {
            if (recentLabels != null) {
                last.put(recentLabels, recentNanos);
            }
            // A value the map may still hold for this stream is stale from now on; it is only read for a stream
            // that is not the recent one, and is overwritten when this stream stops being the recent one.
            recentLabels = labels;
        }
        recentNanos = nanos;
    }
}
