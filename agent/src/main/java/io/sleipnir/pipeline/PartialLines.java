package io.sleipnir.pipeline;

import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.Utf8;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Reassembles lines that the container runtime split into fragments (CRI {@code P} lines, Docker records
 * without a trailing newline), per stream: the key is the fragment's full label set including {@code stream},
 * so stdout and stderr of one file, and different files, never mix (Promtail's fingerprint keying, loki#8497).
 *
 * <p><b>Delivery tokens.</b> The merged entry carries the <em>first</em> fragment's delivery token; every later
 * fragment's token is completed as soon as it is appended. A file's position may only move past an entry once
 * that entry's token and all earlier ones are complete. The first fragment is the earliest byte of the merged
 * line, so while its token is open the position stays before the whole line; completing the later fragments
 * early lets the position jump past all of them together the moment the merged entry is delivered. Keeping the
 * last fragment's token instead would let the position pass the first fragments (already completed) before the
 * line was delivered, and a crash would then lose the line's beginning.
 *
 * <p><b>Bounds.</b> At most {@code maxStreams} streams may have pending fragments; a fragment of a new stream
 * beyond that flushes all pending lines unmerged (Promtail's {@code max_partial_lines}). With a truncation size,
 * a reassembled line is cut to that many UTF-8 bytes and further fragments are discarded, as Promtail's
 * {@code max_partial_line_size_truncate} does for the concatenation. Independently, one stream's buffer is
 * flushed unmerged once it holds {@code maxBufferedBytes} (1 MiB by default): a writer that emits {@code P}
 * lines without ever an {@code F} cannot grow memory past
 * {@code maxStreams × (maxBufferedBytes + one fragment)}. There is no time-based flush (Promtail has none);
 * {@link #flushAll} empties the buffers on shutdown.
 */
final class PartialLines {
    static final long DEFAULT_MAX_BUFFERED_BYTES = 1L << 20;
    private static final System.Logger LOG = System.getLogger(PartialLines.class.getName());

    private final String stageName;
    private final StageContext context;
    private final int maxStreams;
    private final long truncateAtBytes;
    private final long maxBufferedBytes;
    private final LinkedHashMap<Labels, Pending> pending = new LinkedHashMap<>();
    private boolean warnedStreams;
    private boolean warnedBytes;

    /**
     * @param truncateAtBytes  cut reassembled lines to this many UTF-8 bytes; 0 or less for no cut
     * @param maxBufferedBytes flush one stream's buffer unmerged once it holds this many bytes
     */
    PartialLines(String stageName, StageContext context, int maxStreams, long truncateAtBytes, long maxBufferedBytes) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("max_partial_lines must be greater than 0");
        }
        if (maxBufferedBytes < 1) {
            throw new IllegalArgumentException("maxBufferedBytes must be positive");
        }
        this.stageName = stageName;
        this.context = context;
        this.maxStreams = maxStreams;
        this.truncateAtBytes = truncateAtBytes;
        this.maxBufferedBytes = maxBufferedBytes;
    }

    private static final class Pending {
        final StringBuilder text = new StringBuilder();
        final Delivery first;
        long bytes;
        boolean truncated;
        PipelineEntry last;

        Pending(Delivery first) {
            this.first = first;
        }
    }

    /** Buffers a fragment that does not end its line. */
    void addPartial(PipelineEntry fragment, StageSink next) throws InterruptedException {
        Labels key = fragment.labels();
        Pending p = pending.get(key);
        if (p == null) {
            if (pending.size() >= maxStreams) {
                if (!warnedStreams) {
                    warnedStreams = true;
                    LOG.log(System.Logger.Level.WARNING, "job {0}: {1} stage: partial lines pending on more than {2}"
                            + " streams; flushing them unmerged (logged once)", context.jobName(), stageName, maxStreams);
                }
                flushAll(next);
            }
            p = new Pending(fragment.delivery());
            append(p, fragment.line());
            p.last = fragment.keep();
            pending.put(key, p);
        } else {
            append(p, fragment.line());
            p.last = fragment.keep();
            // Merged: the first fragment's token now stands for this one (see the class comment).
            fragment.delivery().complete();
        }
        if (p.bytes >= maxBufferedBytes) {
            if (!warnedBytes) {
                warnedBytes = true;
                LOG.log(System.Logger.Level.WARNING, "job {0}: {1} stage: a partial line reached {2} bytes without"
                        + " its end; emitting it unmerged (logged once)", context.jobName(), stageName, maxBufferedBytes);
            }
            pending.remove(key);
            next.accept(unmerged(p));
        }
    }

    /** Ends a line: emits the stream's pending fragments joined with {@code last}, or {@code last} alone. */
    void complete(PipelineEntry last, StageSink next) throws InterruptedException {
        Pending p = pending.remove(last.labels());
        if (p == null) {
            next.accept(last);
            return;
        }
        append(p, last.line());
        last.delivery().complete();
        last.setLine(p.text.toString());
        last.setDelivery(p.first);
        next.accept(last);
    }

    /** Emits every pending line unmerged, oldest stream first. */
    void flushAll(StageSink next) throws InterruptedException {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> all = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : all) {
            next.accept(unmerged(p));
        }
    }

    int pendingStreams() {
        return pending.size();
    }

    private static PipelineEntry unmerged(Pending p) {
        PipelineEntry last = p.last;
        last.setLine(p.text.toString());
        last.setDelivery(p.first);
        return last;
    }

    private void append(Pending p, String fragment) {
        if (truncateAtBytes > 0) {
            if (p.truncated) {
                // The line already reached its cut; later fragments must not fill the gap a cut character left.
                return;
            }
            long room = truncateAtBytes - p.bytes;
            int size = Utf8.length(fragment);
            if (size > room) {
                p.truncated = true;
                context.badInput("long_line");
                if (room <= 0) {
                    return;
                }
                fragment = Utf8Prefix.prefix(fragment, room);
                size = Utf8.length(fragment);
            }
            p.text.append(fragment);
            p.bytes += size;
            return;
        }
        p.text.append(fragment);
        p.bytes += Utf8.length(fragment);
    }
}
