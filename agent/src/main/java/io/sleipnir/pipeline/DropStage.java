package io.sleipnir.pipeline;

import io.sleipnir.golang.GoRegex;
import io.sleipnir.config.StageConfig;
import io.sleipnir.model.Utf8;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Promtail's {@code drop} stage. Every configured condition must hold for the entry to be dropped (completing its
 * delivery, counted as {@code logentry_dropped_lines_total{reason}}), checked in Promtail's order:
 * <ol>
 * <li>{@code longer_than}: the line has more bytes than that;</li>
 * <li>{@code older_than}: the entry's timestamp is before now minus that;</li>
 * <li>{@code source} without {@code expression}/{@code value}: every source is in the extracted map;</li>
 * <li>{@code expression} (or {@code value}, which is the same as the expression {@code ^value$} quoted): without
 * source it must be found in the line; with source(s), in the text of the sources that are present joined with
 * {@code separator} (a present value without text, a JSON null, keeps the entry).</li>
 * </ol>
 */
final class DropStage implements Stage {
    private final List<String> source;
    private final String separator;
    private final GoRegex expression;
    private final String value;
    private final long olderThanNanos;
    private final long longerThan;
    private final String reason;
    private final StageContext context;
    private final Clock clock;

    DropStage(StageConfig.Drop config, StageContext context) {
        this.source = config.source();
        this.separator = config.separator();
        this.expression = config.expression();
        this.value = config.value();
        this.olderThanNanos = config.olderThan() == null ? -1 : config.olderThan().toNanos();
        this.longerThan = config.longerThan() == null ? -1 : config.longerThan();
        this.reason = config.dropCounterReason();
        this.context = context;
        this.clock = context.clock();
    }

    @Override
    public String name() {
        return "drop";
    }

    @Override
    public void process(PipelineEntry entry, StageSink next) throws InterruptedException {
        if (shouldDrop(entry)) {
            context.drop(entry, reason);
        } else {
            next.accept(entry);
        }
    }

    boolean shouldDrop(PipelineEntry entry) {
        if (longerThan >= 0 && !longerThan(entry.line(), longerThan)) {
            return false;
        }
        if (olderThanNanos >= 0) {
            Instant now = clock.instant();
            long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            if (entry.timestampNanos() >= nowNanos - olderThanNanos) {
                return false;
            }
        }
        boolean matchesText = expression != null || value != null;
        if (source != null && !matchesText) {
            for (String s : source) {
                if (!entry.hasExtracted(s)) {
                    return false;
                }
            }
        }
        if (!matchesText) {
            return true;
        }
        String text;
        if (source == null) {
            text = entry.line();
        } else if (source.size() == 1) {
            if (!entry.hasExtracted(source.get(0))) {
                text = "";
            } else {
                text = GoValues.toText(entry.extracted(source.get(0)));
                if (text == null) {
                    return false;
                }
            }
        } else {
            StringBuilder joined = new StringBuilder();
            boolean first = true;
            for (String s : source) {
                if (!entry.hasExtracted(s)) {
                    continue;
                }
                String t = GoValues.toText(entry.extracted(s));
                if (t == null) {
                    return false;
                }
                if (!first) {
                    joined.append(separator);
                }
                joined.append(t);
                first = false;
            }
            text = joined.toString();
        }
        return value != null ? text.equals(value) : expression.find(text);
    }

    /** Whether the line has more than {@code limit} UTF-8 bytes, without counting when the length decides. */
    private static boolean longerThan(String line, long limit) {
        if (line.length() > limit) {
            return true; // every char is at least one byte
        }
        if ((long) line.length() * 3 <= limit) {
            return false; // every char is at most three bytes (a surrogate pair is four bytes for two chars)
        }
        return Utf8.length(line) > limit;
    }
}
