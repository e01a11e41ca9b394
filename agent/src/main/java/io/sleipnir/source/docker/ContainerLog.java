package io.sleipnir.source.docker;

import io.sleipnir.source.AcknowledgedPrefix;
import io.sleipnir.golang.Rfc3339;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.positions.PositionsFile;
import io.sleipnir.source.EntryLabels;
import io.sleipnir.source.RateLimitedLog;
import io.sleipnir.source.SourceContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One container's log, followed through {@code GET /containers/{id}/logs?follow=1} on a thread of its own, which
 * hands each line to the pipeline itself (a blocked pipeline stops the reading, and the daemon then waits).
 * The state outlives one follow: when the stream ends (the container stopped) the thread ends, and the next
 * discovery that finds the container running again (a restart keeps its ID) follows it on from the last record
 * read, so a restarted container keeps shipping (loki#5259) and a stopped one is not read again (loki#6021).
 *
 * <p>Positions: the acknowledged position ({@link TimestampAcks}) is kept in the positions file as
 * {@code cursor-<container id>}; a new run asks the daemon from that second on and skips what it covers. A follow
 * after another in the same run skips the records the previous one read at its newest timestamp, by their digests
 * ({@link RecordsAtTimestamp}), not their count: podman's live stream can leave out records a later read shows.
 * A long line Docker split into frames (16 KiB each; podman's are 8 KiB) is joined, per stream, up to
 * {@link #LINE_CAP} (Promtail's soft limit): the rest of a longer line is skipped.
 */
final class ContainerLog {
    /** Promtail's default soft line limit for the Docker target. */
    static final int LINE_CAP = 256 * 1024;

    private final String id;
    private final DockerApi api;
    private final SourceContext context;
    private final EntryLabels entryLabels;
    private final DockerMetrics metrics;
    private final RateLimitedLog warnings;
    private final TimestampAcks acks;
    private volatile DockerPosition lastRead;
    /** What the last follow read at its newest timestamp; null before the first follow of this run. */
    private volatile RecordsAtTimestamp readAtLast;
    private volatile Map<String, String> meta;
    private volatile Thread follower;
    private volatile UnixHttpExchange exchange;
    private volatile boolean stopping;

    ContainerLog(String id, DockerApi api, SourceContext context, EntryLabels entryLabels, DockerMetrics metrics,
            RateLimitedLog warnings) {
        this.id = id;
        this.api = api;
        this.context = context;
        this.entryLabels = entryLabels;
        this.metrics = metrics;
        this.warnings = warnings;
        PositionsFile positions = context.positions();
        String key = positionKey(id);
        DockerPosition saved = DockerPosition.parse(positions.cursor(key));
        this.lastRead = saved;
        this.acks = new TimestampAcks(saved, position -> {
            if (!positions.readOnly()) {
                positions.putCursor(key, position.text());
            }
        });
    }

    /** Promtail's key for a Docker target's position. */
    static String positionKey(String containerId) {
        return "cursor-" + containerId;
    }

    boolean following() {
        Thread t = follower;
        return t != null && t.isAlive();
    }

    int inFlight() {
        return acks.inFlight();
    }

    /** Starts following with these discovered labels, unless a follow is running. */
    synchronized void follow(Map<String, String> discovered, String threadName) {
        if (stopping || following()) {
            return;
        }
        meta = discovered;
        Thread t = new Thread(this::run, threadName);
        t.setDaemon(true);
        follower = t;
        t.start();
    }

    private void run() {
        try {
            boolean tty = api.inspect(id).path("Config").path("Tty").asBoolean(false);
            DockerPosition resume = lastRead;
            try (UnixHttpExchange ex = api.logs(id, resume == null ? -1 : resume.sinceSeconds())) {
                exchange = ex;
                if (!stopping) {
                    read(new LogRecordReader(ex.body(), tty, LINE_CAP), resume, readAtLast);
                }
            } finally {
                exchange = null;
            }
        } catch (IOException e) {
            if (!stopping) {
                warnings.warn("docker: container " + shortId() + ": " + e.getMessage()
                        + "; trying again at the next refresh");
            }
        } catch (InterruptedException stop) {
            // stopping while the pipeline was blocked: that entry is not acknowledged, the next run reads it again
        }
    }

    /**
     * @param before what the previous follow of this run read at its newest timestamp (null: none, and a resume from
     *               the positions file skips by the count saved)
     */
    private void read(LogRecordReader reader, DockerPosition resume, RecordsAtTimestamp before)
            throws IOException, InterruptedException {
        boolean byDigest = resume != null && before != null && !before.overflowed() && before.nanos() == resume.nanos();
        RecordsAtTimestamp now = new RecordsAtTimestamp();
        Labels[] labels = new Labels[3];
        Partial[] partials = {null, new Partial(), new Partial()};
        long lastNanos = Long.MIN_VALUE;
        int ordinal = 0;
        try {
            for (LogRecordReader.Record r; (r = reader.next()) != null; ) {
                byte[] b = r.bytes();
                int space = indexOf(b, (byte) ' ');
                long nanos = space > 0 ? Rfc3339.parseNanos(new String(b, 0, space, StandardCharsets.ISO_8859_1))
                        : Rfc3339.INVALID;
                if (nanos == Rfc3339.INVALID) {
                    metrics.parsingErrors.inc();
                    warnings.warn("docker: container " + shortId() + ": skipped a record without a timestamp");
                    continue;
                }
                ordinal = nanos == lastNanos ? ordinal + 1 : 1;
                lastNanos = nanos;
                long digest = RecordsAtTimestamp.digest(r.stream(), b, space + 1);
                now.add(nanos, digest);
                boolean readBefore = byDigest
                        ? nanos < resume.nanos() || nanos == resume.nanos() && before.take(digest)
                        : resume != null && resume.covers(nanos, ordinal);
                if (readBefore) {
                    continue; // read by an earlier follow or run
                }
                DockerPosition position = new DockerPosition(nanos, ordinal);
                lastRead = position;
                boolean ends = r.cut() || (b.length > space + 1 && b[b.length - 1] == '\n');
                int end = b.length;
                while (end > space + 1 && (b[end - 1] == '\n' || b[end - 1] == '\r')) {
                    end--;
                }
                Partial p = partials[r.stream()];
                if (p.discarding) {
                    acks.skipped(position);
                    p.discarding = !ends;
                    continue;
                }
                if (p.slot == null && ends) {
                    emit(nanos, new String(b, space + 1, end - space - 1, StandardCharsets.UTF_8), r.stream(),
                            labels, acks.issue(position));
                    continue;
                }
                if (p.slot == null) {
                    p.slot = acks.issue(position);
                    p.text.reset();
                }
                p.text.write(b, space + 1, end - space - 1);
                p.slot.extendTo(position);
                p.nanos = nanos;
                if (ends || p.text.size() > LINE_CAP) {
                    p.emitWith(this, r.stream(), labels);
                    p.discarding = !ends;
                }
            }
        } finally {
            // A follow that read nothing (the stream ended at once) leaves the previous one's set as it was.
            readAtLast = now.nanos() == Long.MIN_VALUE ? before : now.seal();
            if (!stopping) {
                // The stream ended inside a line (the container stopped mid-line): hand on what there is.
                for (int stream = 1; stream < partials.length; stream++) {
                    if (partials[stream].slot != null) {
                        partials[stream].emitWith(this, stream, labels);
                    }
                }
            }
        }
    }

    private void emit(long nanos, String line, int stream, Labels[] labels, AcknowledgedPrefix<DockerPosition>.Token slot)
            throws InterruptedException {
        Labels l = labels[stream];
        if (l == null) {
            Map<String, String> all = entryLabels.start();
            all.putAll(meta);
            all.put(ContainerLabels.LOG_STREAM, stream == LogRecordReader.STDERR ? "stderr" : "stdout");
            l = entryLabels.finish(all);
            labels[stream] = l == null ? Labels.of(Map.of()) : l;
            l = labels[stream];
        }
        if (l.isEmpty()) {
            slot.complete(); // dropped by relabel_configs, or nothing left to stream it by
            return;
        }
        context.pipeline().accept(LogEntry.of(nanos, line, l, slot));
        metrics.entries.inc();
    }

    /** Stops following: no new follow starts, and the connection is closed, which ends a read in progress. */
    void requestStop() {
        synchronized (this) {
            stopping = true;
        }
        UnixHttpExchange ex = exchange;
        if (ex != null) {
            ex.abort();
        }
    }

    /**
     * Waits for the follow's thread until {@code deadlineNanos} ({@link System#nanoTime()}), then interrupts it: it
     * is blocked handing an entry to a blocked pipeline, and that entry, unacknowledged, is read again next run.
     */
    void awaitStop(long deadlineNanos) throws InterruptedException {
        Thread t = follower;
        if (t == null) {
            return;
        }
        TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, deadlineNanos - System.nanoTime()));
        if (t.isAlive()) {
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** A line of one stream being joined from several records. */
    private static final class Partial {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        AcknowledgedPrefix<DockerPosition>.Token slot;
        long nanos;
        boolean discarding;

        void emitWith(ContainerLog log, int stream, Labels[] labels) throws InterruptedException {
            AcknowledgedPrefix<DockerPosition>.Token s = slot;
            slot = null;
            log.emit(nanos, text.toString(StandardCharsets.UTF_8), stream, labels, s);
            text.reset();
        }
    }
}
