package io.sleipnir.pipeline;

import io.sleipnir.golang.GoTimeLayout;
import io.sleipnir.config.StageConfig;
import java.time.Clock;
import java.time.ZoneId;

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

    private final String source;
    private final GoTimeLayout[] layouts;
    private final ZoneId location;
    private final Clock clock;
    private final StageContext context;
    private final LastKnownTimestamps lastKnown;

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
                ? new LastKnownTimestamps()
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
            if (lastKnown != null) {
                lastKnown.parsed(entry, parsed);
            } else {
                entry.setTimestampNanos(parsed);
            }
            return;
        }
        context.badInput(BAD_INPUT);
        long before = entry.timestampNanos();
        if (lastKnown != null) {
            lastKnown.fudge(entry);
        }
        String text = GoValues.toText(entry.extracted(source));
        StageFailure failure = text == null ? StageFailure.TIMESTAMP_SOURCE_MISSING : StageFailure.TIMESTAMP_UNPARSED;
        if (context.failed(failure)) {
            String outcome = entry.timestampNanos() == before
                    ? "timestamp unchanged"
                    : "timestamp set to the stream's last one + 1ns";
            context.explain(failure, text == null
                    ? "source \"" + source + "\" has no text value, " + outcome
                    : io.sleipnir.golang.GoQuote.quote(text) + " does not match " + formats() + ", " + outcome);
        }
    }

    private String formats() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < layouts.length; i++) {
            sb.append(i == 0 ? "" : i == layouts.length - 1 ? " or " : ", ").append(layouts[i]);
        }
        return sb.toString();
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
