package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.StageConfig;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sleipnir.golang.Rfc3339;
import io.sleipnir.model.Utf8;
import java.io.IOException;

/**
 * Promtail's {@code docker} stage for Docker's json-file lines
 * {@code {"log":"hello\n","stream":"stdout","time":"2026-11-25T10:00:00.123456789Z"}}. Promtail builds it from four
 * stages, each applied on its own (extensions.go, {@code NewDocker}): {@code json} with the expressions
 * {@code output: log}, {@code stream: stream}, {@code timestamp: time}; {@code labels: {stream:}};
 * {@code timestamp} with {@code RFC3339Nano}; {@code output: output}. So, as there:
 * <ul>
 *   <li>the line is the record's {@code log} as it is, Docker's trailing {@code \n} included (Promtail's docker.md
 *       shows it); a number or boolean becomes its Go text ({@code 42}), an object or array its Go JSON text, and
 *       a missing or null {@code log} leaves the line unchanged;</li>
 *   <li>{@code stream} becomes a label when it has text;</li>
 *   <li>a {@code time} that is missing or is not RFC 3339 takes the timestamp stage's fallback ({@code fudge}):
 *       the stream's last good time plus 1ns, else the read time;</li>
 *   <li>a line that is not a JSON object passes unchanged and takes the same fallback.</li>
 * </ul>
 * Parsed with Jackson's streaming parser (a tree only for an object or array under one of the three fields).
 *
 * <p><b>Split records (a deliberate difference from Promtail).</b> Docker cuts a line longer than 16 KiB into
 * records of exactly 16 KiB with no trailing {@code \n}; only the last carries it. Promtail ships each record as
 * its own entry; Sleipnir joins a record of at least 16 KiB without {@code \n} with the following records of the
 * same stream, with the delivery rule of {@link PartialLines} (the first record's token is kept). Any shorter
 * record is complete and sent at once, as in Promtail. At most {@value #MAX_PENDING_STREAMS} streams may have
 * pending records, and one stream at most 1 MiB. Buffers: those pending records, emitted by {@link #flush}.
 *
 * <p>Like Promtail's, the stage sets the extracted values {@code output}, {@code stream} and {@code timestamp} (the
 * raw values, null when missing), unless it is the pipeline's last stage. A line that is not a JSON object, a
 * record without a {@code log} text and a {@code time} that does not parse are counted as
 * {@code sleipnir_bad_input_total{kind="malformed_docker"}}.
 */
public final class DockerStage implements Stage {
    static final StageKind<Config> KIND = new StageKind<>("docker", Config.class, DockerStage::bind,
            (config, context, stagesFollow) -> new DockerStage(context, PartialLines.DEFAULT_MAX_BUFFERED_BYTES,
                    stagesFollow));

    /** {@code docker}: no options. */
    public record Config() implements StageConfig {
        @Override
        public String name() {
            return "docker";
        }

        @Override
        public Object printed() {
            return java.util.Map.of();
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        stage.mapping(Keys.of());
        return new Config();
    }

    static final String MALFORMED = "malformed_docker";
    static final int MAX_PENDING_STREAMS = 100;
    /** Docker's json-file logger cuts longer lines into records of this many bytes (its copier's buffer). */
    static final int SPLIT_RECORD_BYTES = 16 * 1024;

    private final StageContext context;
    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonFactory json = mapper.getFactory();
    private final LastKnownTimestamps lastKnown = new LastKnownTimestamps();
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
        Object log = null;
        Object stream = null;
        Object time = null;
        try (JsonParser p = json.createParser(entry.line())) {
            JsonToken root = p.nextToken();
            if (root == JsonToken.VALUE_NULL && p.nextToken() == null) {
                // Go unmarshals a bare null into an empty map: every expression finds nothing.
                apply(entry, null, null, null, next);
                return;
            }
            if (root != JsonToken.START_OBJECT) {
                malformed(entry, next);
                return;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "log" -> log = value(p);
                    case "stream" -> stream = value(p);
                    case "time" -> time = value(p);
                    default -> p.skipChildren();
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
        apply(entry, log, stream, time, next);
    }

    private void apply(PipelineEntry entry, Object log, Object stream, Object time, StageSink next)
            throws InterruptedException {
        if (fillExtracted) {
            entry.extract("output", log);
            entry.extract("stream", stream);
            entry.extract("timestamp", time);
        }
        String streamText = GoValues.toText(stream);
        if (streamText != null) {
            entry.setLabels(streamLabels.with(entry.labels(), streamText));
        }
        String timeText = GoValues.toText(time);
        long timestamp = timeText == null ? Rfc3339.INVALID : Rfc3339.parseNanos(timeText);
        if (timestamp == Rfc3339.INVALID) {
            context.badInput(MALFORMED);
            lastKnown.fudge(entry);
        } else {
            lastKnown.parsed(entry, timestamp);
        }
        String line = GoValues.toText(log);
        if (line == null) {
            context.badInput(MALFORMED);
            next.accept(entry);
            return;
        }
        entry.setLine(line);
        if (log instanceof String && !line.endsWith("\n") && Utf8.length(line) >= SPLIT_RECORD_BYTES) {
            partials.addPartial(entry, next);
        } else {
            partials.complete(entry, next);
        }
    }

    /** A field's value as Promtail's json stage keeps it (see {@link JsonStage#toExtracted}). */
    private Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_OBJECT, START_ARRAY -> JsonStage.toExtracted(mapper.readTree(p));
            default -> null;
        };
    }

    @Override
    public void flush(StageSink next) throws InterruptedException {
        partials.flushAll(next);
    }

    private void malformed(PipelineEntry entry, StageSink next) throws InterruptedException {
        // Promtail's json stage fails, so nothing is extracted; its timestamp stage then finds no source.
        context.badInput(MALFORMED);
        lastKnown.fudge(entry);
        next.accept(entry);
    }
}
