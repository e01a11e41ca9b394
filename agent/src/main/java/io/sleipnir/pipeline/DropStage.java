package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.config.ByteSize;
import io.sleipnir.golang.GoDuration;
import io.sleipnir.config.YamlNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
    static final StageKind<Config> KIND = new StageKind<>("drop", Config.class, DropStage::bind,
            (config, context, stagesFollow) -> new DropStage(config, context));
    private static final Keys KEYS = Keys.of("source", "separator", "expression", "value", "older_than",
            "longer_than", "drop_counter_reason");

    /**
     * {@code drop}: every configured condition must hold for the entry to be dropped. {@code source} is null or a
     * non-empty list ({@code sourceIsList} remembers how it was written); {@code value} (null: none) is matched as
     * the regular expression {@code ^quote(value)$}, as Promtail does; {@code olderThan} and {@code longerThan} are
     * null when not set.
     */
    record Config(List<String> source, boolean sourceIsList, String separator, GoRegex expression, String value,
                  Duration olderThan, Long longerThan, String dropCounterReason) implements StageConfig {
        Config {
            source = source == null ? null : List.copyOf(source);
        }

        @Override
        public String name() {
            return "drop";
        }

        @Override
        public Object printed() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (source != null) {
                body.put("source", sourceIsList ? source : source.get(0));
                body.put("separator", separator);
            }
            ConfigPrinter.putIfNotNull(body, "expression", expression == null ? null : expression.source());
            ConfigPrinter.putIfNotNull(body, "value", value);
            ConfigPrinter.putIfNotNull(body, "older_than", olderThan == null ? null : GoDuration.format(olderThan));
            ConfigPrinter.putIfNotNull(body, "longer_than", longerThan == null ? null : ByteSize.format(longerThan));
            body.put("drop_counter_reason", dropCounterReason);
            return body;
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        List<String> source = source(m);
        String expressionText = m.string("expression", null);
        // Promtail decodes the drop stage with mapstructure.WeakDecode: "value: yes" is the string "1".
        String value = m.weakString("value", null);
        Duration olderThan = m.duration("older_than", null);
        Long longerThan = m.value("longer_than") == null ? null : m.byteSize("longer_than", 0);
        if (source == null && expressionText == null && olderThan == null && longerThan == null) {
            throw m.converter().error(m.node(), m.path(), "a drop stage needs at least one of source, expression,"
                    + " older_than or longer_than");
        }
        if (value != null && source == null) {
            throw m.error("value", "value needs a source");
        }
        if (value != null && expressionText != null) {
            throw m.error("value", "value and expression cannot both be set");
        }
        GoRegex expression = expressionText == null ? null : StageSyntax.requiredRegex(m, "expression");
        return new Config(source, m.value("source") instanceof YamlNode.Sequence, m.string("separator", ";"),
                expression, value, olderThan, longerThan,
                StageSyntax.orDefault(m.string("drop_counter_reason", ""), "drop_stage"));
    }

    /** {@code source}: one name or a non-empty list of names; null when absent. */
    private static List<String> source(MappingReader m) throws ConfigException {
        YamlNode sourceNode = m.value("source");
        if (sourceNode instanceof YamlNode.Sequence) {
            List<String> source = m.stringList("source");
            if (source.isEmpty()) {
                throw m.error("source", "must not be an empty list");
            }
            return source;
        }
        if (sourceNode == null) {
            return null;
        }
        String s = m.string("source", null);
        if (s.isEmpty()) {
            throw m.error("source", "must not be empty");
        }
        return List.of(s);
    }

    private final List<String> source;
    private final String separator;
    private final GoRegex expression;
    private final String value;
    private final long olderThanNanos;
    private final long longerThan;
    private final String reason;
    private final StageContext context;
    private final Clock clock;

    DropStage(Config config, StageContext context) {
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
