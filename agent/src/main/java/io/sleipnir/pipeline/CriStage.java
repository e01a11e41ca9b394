package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ByteSize;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.config.StageConfig;
import io.sleipnir.golang.Rfc3339;

/**
 * Promtail's {@code cri} stage: parses {@code <time> <stdout|stderr> <flags> <content>} (the containerd / CRI-O
 * log format), sets the {@code stream} label, the timestamp and the line, and joins {@code P}(artial) fragments
 * with the following {@code F}(ull) line of the same stream (see {@link PartialLines}).
 *
 * <p>The parse is written by hand on the String and accepts exactly what Promtail's regex
 * {@code ^(?s)(?P<time>\S+?) (?P<stream>stdout|stderr) (?P<flags>\S+?) (?P<content>.*)$} accepts. A line it
 * does not accept passes through unchanged, as Promtail's failing regex does, and is counted as
 * {@code sleipnir_bad_input_total{kind="malformed_cri"}}. Such a line, and one whose time is not RFC 3339, takes
 * the fallback of the timestamp stage Promtail builds the cri stage from ({@code fudge}: the stream's last good
 * time plus 1ns, else the read time; extensions.go, {@code NewCRI}), and is counted the same.
 *
 * <p>Like Promtail's, the stage sets the extracted values {@code time}, {@code stream}, {@code flags} and
 * {@code content} (the fragment's own content), unless it is the pipeline's last stage, where nobody could read them.
 *
 * <p>Flags: only exactly {@code P} is partial; anything else ({@code F}, {@code PF}, {@code P:x}) is a full line,
 * as in Promtail, which compares the extracted {@code flags} with {@code "P"}. Buffers: pending partial lines, emitted by {@link #flush}.
 */
public final class CriStage implements Stage {
    static final StageKind<Config> KIND = new StageKind<>("cri", Config.class, CriStage::bind,
            (config, context, stagesFollow) -> new CriStage(config, context, PartialLines.DEFAULT_MAX_BUFFERED_BYTES,
                    stagesFollow));
    private static final Keys KEYS = Keys.of("max_partial_lines", "max_partial_line_size",
            "max_partial_line_size_truncate");

    /** {@code cri}: Promtail's defaults max_partial_lines 100, max_partial_line_size 0 (off), truncate false. */
    public record Config(int maxPartialLines, long maxPartialLineSize, boolean maxPartialLineSizeTruncate)
            implements StageConfig {
        public static Config defaults() {
            return new Config(100, 0, false);
        }

        @Override
        public String name() {
            return "cri";
        }

        @Override
        public Object printed() {
            return ConfigPrinter.map("max_partial_lines", maxPartialLines,
                    "max_partial_line_size", ByteSize.format(maxPartialLineSize),
                    "max_partial_line_size_truncate", maxPartialLineSizeTruncate);
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        Config d = Config.defaults();
        // Promtail's cri stage treats 0 as "use the default" (100).
        int maxPartialLines = (int) m.integer("max_partial_lines", d.maxPartialLines(), 0, Integer.MAX_VALUE);
        return new Config(maxPartialLines == 0 ? d.maxPartialLines() : maxPartialLines,
                m.byteSize("max_partial_line_size", d.maxPartialLineSize()),
                m.bool("max_partial_line_size_truncate", d.maxPartialLineSizeTruncate()));
    }

    static final String MALFORMED = "malformed_cri";

    private final StageContext context;
    private final PartialLines partials;
    private final StreamLabels streamLabels = new StreamLabels();
    private final boolean fillExtracted;
    private final LastKnownTimestamps lastKnown = new LastKnownTimestamps();
    /** The last line's date and time to the second: the next line of the same second skips the calendar. */
    private final Rfc3339.Recent recentTime = new Rfc3339.Recent();

    CriStage(Config config, StageContext context) {
        this(config, context, PartialLines.DEFAULT_MAX_BUFFERED_BYTES, true);
    }

    CriStage(Config config, StageContext context, long maxBufferedBytes) {
        this(config, context, maxBufferedBytes, true);
    }

    /** @param fillExtracted whether to set the extracted values (false when no stage follows) */
    CriStage(Config config, StageContext context, long maxBufferedBytes, boolean fillExtracted) {
        this.context = context;
        this.fillExtracted = fillExtracted;
        long truncateAt = config.maxPartialLineSizeTruncate() ? config.maxPartialLineSize() : 0;
        this.partials = new PartialLines(name(), context, config.maxPartialLines(), truncateAt, maxBufferedBytes);
    }

    @Override
    public String name() {
        return "cri";
    }

    @Override
    public void process(PipelineEntry entry, StageSink next) throws InterruptedException {
        if (!fillExtracted && entry.utf8() != null && processUtf8(entry, next)) {
            return;
        }
        String s = entry.line();
        int n = s.length();
        int timeEnd = s.indexOf(' ');
        if (timeEnd <= 0 || hasRegexSpace(s, 0, timeEnd) || timeEnd + 8 > n) {
            malformed(entry, next);
            return;
        }
        String stream;
        if (s.startsWith("stdout ", timeEnd + 1)) {
            stream = "stdout";
        } else if (s.startsWith("stderr ", timeEnd + 1)) {
            stream = "stderr";
        } else {
            malformed(entry, next);
            return;
        }
        int flagsStart = timeEnd + 8;
        int flagsEnd = s.indexOf(' ', flagsStart);
        if (flagsEnd <= flagsStart || hasRegexSpace(s, flagsStart, flagsEnd)) {
            malformed(entry, next);
            return;
        }
        long timestamp = Rfc3339.parseNanos(s, 0, timeEnd);
        String content = s.substring(flagsEnd + 1);
        if (fillExtracted) {
            entry.extract("time", s.substring(0, timeEnd));
            entry.extract("stream", stream);
            entry.extract("flags", s.substring(flagsStart, flagsEnd));
            entry.extract("content", content);
        }
        entry.setLine(content);
        finish(entry, next, stream, timestamp, flagsEnd == flagsStart + 1 && s.charAt(flagsStart) == 'P');
    }

    /** The stream label, the time (or the fallback's), and the line on to the partial-line joiner. */
    private void finish(PipelineEntry entry, StageSink next, String stream, long timestamp, boolean partial)
            throws InterruptedException {
        entry.setLabels(streamLabels.with(entry.labels(), stream));
        if (timestamp == Rfc3339.INVALID) {
            context.badInput(MALFORMED);
            lastKnown.fudge(entry);
        } else {
            lastKnown.parsed(entry, timestamp);
        }
        if (partial) {
            partials.addPartial(entry, next);
        } else {
            partials.complete(entry, next);
        }
    }

    /**
     * The same parse on a line held as UTF-8 bytes, for the usual line: a well-formed prefix of ASCII characters.
     * Up to the content a byte is then a character, so every index and check is the String parse's; the content
     * stays the line's bytes from there on, never made a String. Returns false, having changed nothing, for any
     * other line, which {@link #process} then parses as text (malformed ones included). Only when no stage follows:
     * the extracted values would be Strings anyway.
     */
    private boolean processUtf8(PipelineEntry entry, StageSink next) throws InterruptedException {
        byte[] b = entry.utf8();
        int off = entry.utf8Offset();
        int n = entry.utf8Length();
        int timeEnd = asciiTokenEnd(b, off, off + n) - off;
        if (timeEnd <= 0 || timeEnd + 8 > n) {
            return false;
        }
        String stream;
        if (startsWith(b, off + timeEnd + 1, STDOUT)) {
            stream = "stdout";
        } else if (startsWith(b, off + timeEnd + 1, STDERR)) {
            stream = "stderr";
        } else {
            return false;
        }
        int flagsStart = timeEnd + 8;
        int flagsEnd = asciiTokenEnd(b, off + flagsStart, off + n) - off;
        if (flagsEnd <= flagsStart || flagsEnd >= n) {
            return false;
        }
        long timestamp = Rfc3339.parseNanos(b, off, off + timeEnd, recentTime);
        entry.cutLineUtf8(off + flagsEnd + 1);
        finish(entry, next, stream, timestamp, flagsEnd == flagsStart + 1 && b[off + flagsStart] == 'P');
        return true;
    }

    private static final byte[] STDOUT = "stdout ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] STDERR = "stderr ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The index of the first space in {@code b[from, to)}, if every byte before it is ASCII and none is another of
     * RE2's {@code \s}; else -1 (also when there is no space).
     */
    private static int asciiTokenEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            // One comparison for the usual byte: every byte that ends or spoils the token is at most a space
            // (non-ASCII bytes are negative).
            if (c > ' ') {
                continue;
            }
            if (c == ' ') {
                return i;
            }
            if (c < 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void flush(StageSink next) throws InterruptedException {
        partials.flushAll(next);
    }

    int pendingStreams() {
        return partials.pendingStreams();
    }

    private void malformed(PipelineEntry entry, StageSink next) throws InterruptedException {
        context.badInput(MALFORMED);
        lastKnown.fudge(entry);
        next.accept(entry);
    }

    /** RE2's {@code \s}: ASCII tab, newline, form feed, carriage return, space. */
    private static boolean hasRegexSpace(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ') {
                return true;
            }
        }
        return false;
    }
}
