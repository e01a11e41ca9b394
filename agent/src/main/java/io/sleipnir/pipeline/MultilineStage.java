package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.golang.GoDuration;
import java.time.Duration;
import io.sleipnir.config.StageConfig;
import io.sleipnir.golang.GoRegex;
import io.sleipnir.model.Labels;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;

/**
 * Promtail's {@code multiline} stage: per stream (label set), lines are joined with {@code \n} into a block that
 * starts with a line matching {@code firstline}. Until a stream's first such line, its lines pass through alone.
 * A block is emitted when the next first line arrives, when it reaches {@code max_lines}, when
 * {@code max_wait_time} passed since its last line ({@link #tick}, even if no further line ever arrives), and on
 * {@link #flush}.
 *
 * <p>The block is the first line's entry (its timestamp, labels, extracted values and delivery token) with the
 * joined text. Every later line's token is completed when the line is appended: while the first line's token is
 * open, the file position cannot pass the block's start, and once the block is delivered it moves past all of its
 * lines together (the rule of {@link PartialLines}). Unlike Promtail, a block that continues after a
 * {@code max_lines} cut takes its timestamp from its own first line rather than from the last first line.
 */
final class MultilineStage implements Stage {
    static final StageKind<Config> KIND = new StageKind<>("multiline", Config.class, MultilineStage::bind,
            (config, context, stagesFollow) -> new MultilineStage(config, context));
    private static final Keys KEYS = Keys.of("firstline", "max_wait_time", "max_lines");

    /** {@code multiline}: joins lines into blocks that start with a line matching {@code firstline}. */
    record Config(GoRegex firstline, Duration maxWaitTime, int maxLines) implements StageConfig {
        @Override
        public String name() {
            return "multiline";
        }

        @Override
        public Object printed() {
            return ConfigPrinter.map("firstline", firstline.source(), "max_wait_time", GoDuration.format(maxWaitTime),
                    "max_lines", maxLines);
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        GoRegex firstline = StageSyntax.requiredRegex(m, "firstline");
        Duration maxWait = m.positiveDuration("max_wait_time", Duration.ofSeconds(3));
        // Promtail decodes the multiline stage with mapstructure.WeakDecode: max_lines: "2" is 2.
        long maxLines = m.weakInteger("max_lines", 128, 0, Integer.MAX_VALUE);
        if (maxLines == 0) {
            throw m.error("max_lines", "must be greater than 0");
        }
        return new Config(firstline, maxWait, (int) maxLines);
    }

    private static final int KEEP_BUFFER_CHARS = 64 * 1024;

    private final GoRegex firstline;
    private final long maxWaitNanos;
    private final int maxLines;
    private final Clock clock;
    private final HashMap<Labels, Block> streams = new HashMap<>();

    private static final class Block {
        StringBuilder text = new StringBuilder();
        PipelineEntry first;
        int lines;
        long lastNanos;
    }

    MultilineStage(Config config, StageContext context) {
        this.firstline = config.firstline();
        this.maxWaitNanos = config.maxWaitTime().toNanos();
        this.maxLines = config.maxLines();
        this.clock = context.clock();
    }

    @Override
    public String name() {
        return "multiline";
    }

    @Override
    public void process(PipelineEntry entry, StageSink next) throws InterruptedException {
        boolean isFirst = firstline.find(entry.line());
        Block block = streams.get(entry.labels());
        if (block == null) {
            if (!isFirst) {
                next.accept(entry);
                return;
            }
            block = new Block();
            streams.put(entry.labels(), block);
        }
        if (isFirst) {
            emit(block, next);
        }
        if (block.first == null) {
            block.first = entry.keep();
            block.text.append(entry.line());
        } else {
            block.text.append('\n').append(entry.line());
            // Merged: the block's first token now stands for this line (see the class comment).
            entry.delivery().complete();
        }
        block.lines++;
        block.lastNanos = nowNanos();
        if (block.lines >= maxLines) {
            emit(block, next);
        }
    }

    @Override
    public void flush(StageSink next) throws InterruptedException {
        for (Block block : streams.values().toArray(new Block[0])) {
            emit(block, next);
        }
    }

    @Override
    public void tick(StageSink next) throws InterruptedException {
        long now = nowNanos();
        for (Block block : streams.values().toArray(new Block[0])) {
            if (block.first != null && now - block.lastNanos >= maxWaitNanos) {
                emit(block, next);
            }
        }
    }

    @Override
    public boolean needsTicks() {
        return true;
    }

    private void emit(Block block, StageSink next) throws InterruptedException {
        PipelineEntry out = block.first;
        if (out == null) {
            return;
        }
        if (block.lines > 1) {
            out.setLine(block.text.toString());
        }
        block.first = null;
        block.lines = 0;
        if (block.text.capacity() > KEEP_BUFFER_CHARS) {
            block.text = new StringBuilder();
        } else {
            block.text.setLength(0);
        }
        next.accept(out);
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
