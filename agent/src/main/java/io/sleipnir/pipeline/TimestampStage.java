package io.sleipnir.pipeline;

import io.sleipnir.golang.GoTimeLayout;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    static final StageKind<Config> KIND = new StageKind<>("timestamp", Config.class, TimestampStage::bind,
            (config, context, stagesFollow) -> new TimestampStage(config, context));
    private static final Keys KEYS = Keys.of("source", "format", "fallback_formats", "location",
            "action_on_failure");

    /** What {@code timestamp} does when the source is missing or does not parse. */
    enum TimestampFailure {
        /** Promtail's default: the stream's last known timestamp plus 1ns (the read time when none is known). */
        FUDGE,
        /** Keep the read time. */
        SKIP
    }

    /**
     * {@code timestamp}: the extracted {@code source} parsed with {@code format}, then each fallback in order.
     * {@code location} (null: none) is the zone for layouts whose text has no zone.
     */
    record Config(String source, GoTimeLayout format, List<GoTimeLayout> fallbackFormats, ZoneId location,
                  TimestampFailure actionOnFailure) implements StageConfig {
        Config {
            fallbackFormats = List.copyOf(fallbackFormats);
        }

        @Override
        public String name() {
            return "timestamp";
        }

        @Override
        public Object printed() {
            Map<String, Object> body = ConfigPrinter.map("source", source, "format", format.source());
            if (!fallbackFormats.isEmpty()) {
                body.put("fallback_formats", fallbackFormats.stream().map(GoTimeLayout::source).toList());
            }
            ConfigPrinter.putIfNotNull(body, "location", location == null ? null : location.getId());
            body.put("action_on_failure", actionOnFailure.name().toLowerCase(Locale.ROOT));
            return body;
        }
    }

    /** Why this stage could not do its work on an entry (see {@link StageFailure}). */
    enum Failure implements StageFailure {
        /** The extracted {@code source} is absent or has no text. */
        SOURCE_MISSING("source_missing"),
        /** The source matches neither the format nor a fallback format. */
        UNPARSED("unparsed");

        private final String reason;

        Failure(String reason) {
            this.reason = reason;
        }

        @Override
        public String reason() {
            return reason;
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        String source = StageSyntax.requiredSource(m);
        String format = m.string("format", null);
        if (format == null || format.isEmpty()) {
            throw format == null ? m.missing("format") : m.error("format", "must not be empty");
        }
        List<GoTimeLayout> fallbackLayouts = new ArrayList<>();
        for (String f : m.stringList("fallback_formats")) {
            if (f.isEmpty()) {
                throw m.error("fallback_formats", "a fallback format must not be empty");
            }
            fallbackLayouts.add(GoTimeLayout.compile(f));
        }
        String action = m.string("action_on_failure", "fudge");
        TimestampFailure failure = switch (action) {
            case "fudge" -> TimestampFailure.FUDGE;
            case "skip" -> TimestampFailure.SKIP;
            default -> throw m.error("action_on_failure", "invalid action on failure \"" + action
                    + "\" (use fudge or skip)");
        };
        return new Config(source, GoTimeLayout.compile(format), fallbackLayouts, location(m), failure);
    }

    /** Go's time.LoadLocation names: "Local", "" (UTC) or an IANA zone; null when not set. */
    private static ZoneId location(MappingReader m) throws ConfigException {
        String loc = m.string("location", null);
        if (loc == null) {
            return null;
        }
        try {
            return loc.equals("Local") ? ZoneId.systemDefault() : loc.isEmpty() ? ZoneOffset.UTC : ZoneId.of(loc);
        } catch (DateTimeException e) {
            throw m.error("location", "invalid location \"" + loc + "\" (use an IANA zone such as Europe/Paris)");
        }
    }

    static final String BAD_INPUT = "timestamp";

    private final String source;
    private final GoTimeLayout[] layouts;
    private final ZoneId location;
    private final Clock clock;
    private final StageContext context;
    private final LastKnownTimestamps lastKnown;

    TimestampStage(Config config, StageContext context) {
        this.source = config.source();
        this.layouts = new GoTimeLayout[1 + config.fallbackFormats().size()];
        layouts[0] = config.format();
        for (int i = 0; i < config.fallbackFormats().size(); i++) {
            layouts[i + 1] = config.fallbackFormats().get(i);
        }
        this.location = config.location();
        this.clock = context.clock();
        this.context = context;
        this.lastKnown = config.actionOnFailure() == TimestampFailure.FUDGE
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
        StageFailure failure = text == null ? Failure.SOURCE_MISSING : Failure.UNPARSED;
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
