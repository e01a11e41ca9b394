package io.sleipnir.pipeline;

import io.sleipnir.config.GoTimeLayout;
import io.sleipnir.config.StageConfig;
import io.sleipnir.model.Labels;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Promtail's {@code timestamp} stage: the extracted {@code source} parsed with the format, then each fallback
 * format, becomes the entry's timestamp. When the source is missing, has no text or does not parse, the entry is
 * counted ({@code sleipnir_bad_input_total{kind="timestamp"}}) and: with {@code fudge} (the default) takes the
 * last timestamp seen on its stream (label set) plus 1ns, so that lines keep their order in Loki (or keeps its
 * read time when none is known yet); with {@code skip} keeps its read time. As in Promtail the last known
 * timestamps are kept for at most 10000 streams (least recently used out).
 */
final class TimestampStage implements SimpleStage {
    static final String BAD_INPUT = "timestamp";
    private static final int MAX_STREAMS = 10_000;

    private final String source;
    private final GoTimeLayout[] layouts;
    private final ZoneId location;
    private final Clock clock;
    private final StageContext context;
    private final LinkedHashMap<Labels, Long> lastKnown;

    TimestampStage(StageConfig.Timestamp config, StageContext context) {
        this.source = config.source();
        this.layouts = new GoTimeLayout[1 + config.fallbackFormats().size()];
        layouts[0] = config.format();
        for (int i = 0; i < config.fallbackFormats().size(); i++) {
            layouts[i + 1] = config.fallbackFormats().get(i);
        }
        this.location = config.location();
        this.clock = context.clock();
        this.context = context;
        this.lastKnown = config.actionOnFailure() == StageConfig.TimestampFailure.FUDGE
                ? new LinkedHashMap<>(64, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Labels, Long> eldest) {
                        return size() > MAX_STREAMS;
                    }
                }
                : null;
    }

    @Override
    public String name() {
        return "timestamp";
    }

    @Override
    public void apply(PipelineEntry entry) {
        long parsed = parse(entry);
        if (parsed != GoTimeLayout.INVALID) {
            entry.setTimestampNanos(parsed);
            if (lastKnown != null) {
                lastKnown.put(entry.labels(), parsed);
            }
            return;
        }
        context.badInput(BAD_INPUT);
        if (lastKnown != null) {
            Long last = lastKnown.get(entry.labels());
            if (last != null) {
                long fudged = last + 1;
                entry.setTimestampNanos(fudged);
                lastKnown.put(entry.labels(), fudged);
            }
        }
    }

    private long parse(PipelineEntry entry) {
        String text = GoValues.toText(entry.extracted(source));
        if (text == null) {
            return GoTimeLayout.INVALID;
        }
        for (GoTimeLayout layout : layouts) {
            long t = layout.parseNanos(text, location, clock);
            if (t != GoTimeLayout.INVALID) {
                return t;
            }
        }
        return GoTimeLayout.INVALID;
    }
}
