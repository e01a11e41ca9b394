package io.sleipnir.tail;

import io.prometheus.client.Counter;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;

/**
 * Turns the lines a {@link LineSplitter} cuts into {@link LogEntry}s for the path's sink: the memory cap's policy
 * (a cut line is kept truncated at a character boundary, or dropped and counted), UTF-8 decoding (an ASCII line is
 * passed on as its bytes, see {@link LogEntry#ofUtf8}), one ack token
 * per line (held once per target covering the path, each of which gets its own copy), and strictly increasing read
 * timestamps. Reader thread only: {@link #reading} says whose lines follow.
 */
final class LineEmitter implements LineSplitter.Lines {
    private static final System.Logger LOG = System.getLogger(TailManager.class.getName());

    private final boolean truncateCutLines;
    private final Clock clock;
    private final LineDecoder decoder = new LineDecoder();
    private final Counter.Child invalidUtf8;
    private final Counter.Child longLines;
    private final Counter.Child droppedLongLines;
    private final LongLineDrops longLineDrops;

    private TailedPath path;
    private TailPositions.GenerationAcks acks;
    private long readTimeNanos;

    LineEmitter(TailSettings settings, AgentMetrics metrics, Clock clock) {
        this.truncateCutLines = settings.truncateLongLines();
        this.clock = clock;
        this.invalidUtf8 = metrics.badInput.labels("invalid_utf8");
        this.longLines = metrics.badInput.labels("long_line");
        this.droppedLongLines = metrics.pipelineDropped.labels("line_too_long");
        this.longLineDrops = new LongLineDrops(clock, (int) settings.maxLineBytes());
    }

    /** The lines that follow are {@code path}'s, of the generation {@code acks}, read now. */
    LineEmitter reading(TailedPath path, TailPositions.GenerationAcks acks) {
        this.path = path;
        this.acks = acks;
        this.readTimeNanos = nanos(clock.instant());
        return this;
    }

    @Override
    public void line(byte[] bytes, int off, int len, boolean cut, long start, long end, boolean terminated)
            throws InterruptedException {
        TailedPath tp = path;
        tp.lines.counted();
        if (cut) {
            if (!truncateCutLines) {
                droppedLongLines.inc();
                longLineDrops.report(tp.path, start, end, terminated);
                acks.newDelivery(end).complete();
                return;
            }
            longLines.inc();
            len = LineDecoder.trimToCharBoundary(bytes, off, len);
        }
        // An ASCII line (most are) is lent to each sink as the read buffer's bytes, valid UTF-8 as they are: the
        // pipeline copies what its stages leave of it (EntrySink.acceptUtf8), and the encoder writes that as it is
        // unless a stage makes text of it. Any other line is decoded here, which checks it.
        boolean ascii = ByteScan.isAscii(bytes, off, len);
        String line = null;
        if (!ascii) {
            line = decoder.decode(bytes, off, len);
            if (decoder.lastWasInvalid()) {
                invalidUtf8.inc();
            }
        }
        Delivery delivery = acks.newDelivery(end);
        TailedPath.Route[] routes = tp.routes();
        // One holder per covering target, taken before any is handed on (a pipeline may complete its copy at
        // once): the line's position completes only when every target's copy is delivered or dropped.
        if (routes.length > 1) {
            delivery.retain(routes.length - 1);
        }
        // The generation's ledger stamps the line so that a re-read after a crash repeats the stamp (and Loki can
        // drop the copy); each line of a path still gets a strictly later timestamp than the one before.
        long timestamp = tp.lines.stamp(acks.timestamp(start, readTimeNanos));
        for (TailedPath.Route route : routes) {
            try {
                if (ascii) {
                    route.target().sink().acceptUtf8(timestamp, bytes, off, len, route.labels(), delivery);
                } else {
                    route.target().sink().accept(new LogEntry(timestamp, line, route.labels(), Labels.empty(),
                            delivery));
                }
            } catch (RuntimeException e) {
                // A sink bug: this copy is lost, but the file keeps moving and the reader keeps serving the others.
                if (tp.warnings.firstSinkError()) {
                    LOG.log(Level.ERROR, "the pipeline failed on a line of " + tp.path + "; skipping such lines", e);
                }
                delivery.complete();
            }
        }
    }

    /** The path's Loki tenant is at its budget share since the line just taken: the rest waits in the file. */
    @Override
    public boolean stopAfterLine() {
        return path.pause.paused();
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
