package io.sleipnir.source.stdin;

import io.sleipnir.config.StdinConfig;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.source.FiniteSource;
import io.sleipnir.source.SourceContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code -stdin}: standard input as one target, as Promtail reads it: lines split on {@code \n}, trailing
 * {@code \r} and {@code \n} cut, empty lines skipped, each entry stamped with the time it was read and given the
 * first job's static labels. Invalid UTF-8 becomes U+FFFD; a line is cut at {@link #MAX_LINE_BYTES}. Reading blocks
 * while the pipeline does (back-pressure), so nothing is buffered beyond one line. Each entry's token counts down
 * {@link #unacknowledged()}, which the agent reports when stdin has ended and it stops.
 */
public final class StdinSource implements FiniteSource {
    private static final System.Logger LOG = System.getLogger(StdinSource.class.getName());
    /** As the tailer: no line held whole beyond 2 MiB. */
    static final int MAX_LINE_BYTES = 2 << 20;

    private final Labels labels;
    private final SourceContext context;
    private final InputStream in;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicLong unacknowledged = new AtomicLong();
    private final Delivery ack = new Delivery() {
        @Override
        public void retain(int holders) {
            unacknowledged.addAndGet(holders);
        }

        @Override
        public void complete() {
            unacknowledged.decrementAndGet();
        }
    };
    private Thread reader;
    private long lastTimestamp;

    public StdinSource(StdinConfig config, SourceContext context, InputStream in) {
        this.labels = Labels.of(config.labels());
        this.context = context;
        this.in = in;
    }

    @Override
    public String describe() {
        return "stdin (job " + context.jobName() + ")";
    }

    @Override
    public void start() {
        reader = new Thread(this::read, "stdin-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        emit(line);
                    } else if (line.size() < MAX_LINE_BYTES) {
                        line.write(buffer[i]);
                    }
                }
            }
            emit(line);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "error reading standard input: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended.countDown();
        }
    }

    private void emit(ByteArrayOutputStream bytes) throws InterruptedException {
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\n')) {
            end--;
        }
        if (end == 0) {
            return;
        }
        // Each line later than the one before: Loki keeps a repeated line only when its timestamp differs.
        lastTimestamp = Math.max(context.clock().millis() * 1_000_000L, lastTimestamp + 1);
        unacknowledged.incrementAndGet();
        context.pipeline().accept(LogEntry.of(lastTimestamp, text.substring(0, end), labels, ack));
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    @Override
    public long unacknowledged() {
        return unacknowledged.get();
    }

    /** Stops reading (a stop signal before stdin ended); what was handed on is answered for downstream. */
    @Override
    public void close() throws InterruptedException {
        if (reader != null && ended.getCount() > 0) {
            reader.interrupt();
        }
    }
}
