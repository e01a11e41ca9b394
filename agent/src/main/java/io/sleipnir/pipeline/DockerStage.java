package io.sleipnir.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Promtail's {@code docker} stage for Docker's json-file lines
 * {@code {"log":"hello\n","stream":"stdout","time":"2026-11-25T10:00:00.123456789Z"}}: line = {@code log},
 * label {@code stream}, timestamp = {@code time} (RFC 3339). Parsed with Jackson's streaming parser (no tree).
 *
 * <p><b>Trailing newline (a deliberate difference from Promtail).</b> Docker appends {@code \n} to every
 * record's {@code log}; Promtail ships it as part of the line and Loki keeps it. Sleipnir removes exactly one
 * trailing {@code \n}, because it is framing added by Docker, not content (the {@code cri} format has no such
 * newline, so the same container logs the same line under both runtimes). A {@code \r} before it stays.
 *
 * <p><b>Split records.</b> Docker splits lines longer than 16 KiB into several records; only the last ends with
 * {@code \n}. Records without it are joined with the following records of the same stream, with the delivery
 * rule of {@link PartialLines} (the first record's token is kept). At most {@value #MAX_PENDING_STREAMS} streams
 * may have pending records, and one stream at most 1 MiB. Buffers: those pending records, emitted by
 * {@link #flush} (a container that exits mid-line leaves its last record pending until then).
 *
 * <p>Like Promtail's, the stage sets the extracted values {@code output} (the record's {@code log}, with its
 * newline), {@code stream} and {@code timestamp} (the {@code time} text), unless it is the pipeline's last stage.
 *
 * <p>A line that is not a JSON object, or has no string {@code log}, passes through unchanged with its read
 * time and is counted as {@code sleipnir_bad_input_total{kind="malformed_docker"}}; a missing or invalid
 * {@code time} keeps the read time and is counted the same.
 */
final class DockerStage implements Stage {
    static final String MALFORMED = "malformed_docker";
    static final int MAX_PENDING_STREAMS = 100;

    private final StageContext context;
    private final JsonFactory json = JsonFactory.builder().build();
    private final PartialLines partials;
    private final StreamLabels streamLabels = new StreamLabels();

    private final boolean fillExtracted;

    DockerStage(StageContext context) {
        this(context, PartialLines.DEFAULT_MAX_BUFFERED_BYTES, true);
    }

    DockerStage(StageContext context, long maxBufferedBytes) {
        this(context, maxBufferedBytes, true);
    }

    /** @param fillExtracted whether to set the extracted values (false when no stage follows) */
    DockerStage(StageContext context, long maxBufferedBytes, boolean fillExtracted) {
        this.context = context;
        this.fillExtracted = fillExtracted;
        this.partials = new PartialLines(name(), context, MAX_PENDING_STREAMS, 0, maxBufferedBytes);
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public void process(PipelineEntry entry, StageSink next) throws InterruptedException {
        String log = null;
        String stream = null;
        String timeText = null;
        long timestamp = Rfc3339.INVALID;
        try (JsonParser p = json.createParser(entry.line())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                malformed(entry, next);
                return;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && "log".equals(field)) {
                    log = p.getText();
                } else if (value == JsonToken.VALUE_STRING && "stream".equals(field)) {
                    stream = p.getText();
                } else if (value == JsonToken.VALUE_STRING && "time".equals(field)) {
                    timeText = p.getText();
                    timestamp = Rfc3339.parseNanos(timeText);
                } else {
                    p.skipChildren();
                }
            }
            // Like Go's json.Unmarshal, reject anything after the object.
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                malformed(entry, next);
                return;
            }
        } catch (IOException e) {
            malformed(entry, next);
            return;
        }
        if (log == null) {
            malformed(entry, next);
            return;
        }
        if (timestamp == Rfc3339.INVALID) {
            context.badInput(MALFORMED);
            timestamp = entry.timestampNanos();
        }
        if (fillExtracted) {
            entry.extract("output", log);
            if (stream != null) {
                entry.extract("stream", stream);
            }
            if (timeText != null) {
                entry.extract("timestamp", timeText);
            }
        }
        if (stream != null) {
            entry.setLabels(streamLabels.with(entry.labels(), stream));
        }
        boolean complete = log.endsWith("\n");
        entry.setTimestampNanos(timestamp);
        entry.setLine(complete ? log.substring(0, log.length() - 1) : log);
        if (complete) {
            partials.complete(entry, next);
        } else {
            partials.addPartial(entry, next);
        }
    }

    @Override
    public void flush(StageSink next) throws InterruptedException {
        partials.flushAll(next);
    }

    private void malformed(PipelineEntry entry, StageSink next) throws InterruptedException {
        context.badInput(MALFORMED);
        next.accept(entry);
    }
}
