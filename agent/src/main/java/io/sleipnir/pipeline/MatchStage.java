package io.sleipnir.pipeline;

import io.sleipnir.logql.LogSelector;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import java.util.Map;
import io.sleipnir.config.StageConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Promtail's {@code match} stage: entries whose labels and line match the LogQL selector run through the nested
 * stages (action {@code keep}) or are dropped and counted as {@code logentry_dropped_lines_total{reason}}
 * (action {@code drop}, reason {@code match_stage} unless {@code drop_counter_reason} says otherwise). Other
 * entries pass on unchanged. The nested stages' output continues with the stage after the match.
 */
final class MatchStage implements Stage {
    static final StageKind<Config> KIND = new StageKind<>("match", Config.class, MatchStage::bind,
            (config, context, stagesFollow) -> new MatchStage(config, context));
    private static final Keys KEYS = Keys.of("selector", "pipeline_name", "action", "drop_counter_reason", "stages");

    /**
     * {@code match}: entries whose labels and line match {@code selector} run through {@code stages} (action keep)
     * or are dropped and counted with {@code dropCounterReason} (action drop, no stages).
     */
    record Config(LogSelector selector, String pipelineName, boolean drop, String dropCounterReason,
                  List<StageConfig> stages) implements StageConfig {
        Config {
            stages = List.copyOf(stages);
        }

        @Override
        public String name() {
            return "match";
        }

        @Override
        public Object printed() {
            Map<String, Object> body = ConfigPrinter.map("selector", selector.source());
            ConfigPrinter.putIfNotNull(body, "pipeline_name", pipelineName);
            body.put("action", drop ? "drop" : "keep");
            if (drop) {
                body.put("drop_counter_reason", dropCounterReason);
            } else {
                body.put("stages", ConfigPrinter.stages(stages));
            }
            return body;
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        LogSelector selector = selector(m);
        String pipelineName = m.string("pipeline_name", null);
        if (pipelineName != null && pipelineName.isEmpty()) {
            throw m.error("pipeline_name", "may be left out but must not be empty");
        }
        String action = m.string("action", "keep");
        boolean drop = switch (action) {
            case "keep", "" -> false;
            case "drop" -> true;
            default -> throw m.error("action", "invalid action \"" + action + "\" (use keep or drop)");
        };
        List<StageConfig> stages = stage.stages(m.list("stages"), m.path("stages"));
        if (!drop && stages.isEmpty()) {
            throw m.has("stages") ? m.error("stages", "a match stage with action keep needs at least one stage")
                    : m.missing("stages");
        }
        if (drop && !stages.isEmpty()) {
            throw m.error("stages", "a match stage with action drop cannot have stages");
        }
        return new Config(selector, pipelineName, drop,
                StageSyntax.orDefault(m.string("drop_counter_reason", ""), "match_stage"), stages);
    }

    private static LogSelector selector(MappingReader m) throws ConfigException {
        String selectorText = m.string("selector", null);
        if (selectorText == null || selectorText.isEmpty()) {
            throw selectorText == null ? m.missing("selector") : m.error("selector", "must not be empty");
        }
        try {
            return LogSelector.parse(selectorText);
        } catch (IllegalArgumentException e) {
            throw m.error("selector", "invalid selector \"" + selectorText + "\": " + e.getMessage());
        }
    }

    private final LogSelector selector;
    private final boolean drop;
    private final String dropReason;
    private final StageContext context;
    private final StageChain nested;
    /** Where the nested stages' output goes: the {@code next} of the call in progress (always under the lock). */
    private StageSink currentNext;
    private final String selected;

    MatchStage(Config config, StageContext context) {
        this.selector = config.selector();
        this.drop = config.drop();
        this.dropReason = config.dropCounterReason();
        this.context = context;
        List<Stage> stages = new ArrayList<>();
        for (StageConfig c : config.stages()) {
            StageContext nestedContext = context.nested(stages.size());
            Stage stage = Stages.build(c, nestedContext, true);
            nestedContext.named(stage.name());
            stages.add(stage);
        }
        this.selected = "selector matched, " + stages.size() + (stages.size() == 1 ? " stage ran" : " stages ran");
        this.nested = new StageChain(stages, entry -> currentNext.accept(entry), null);
    }

    @Override
    public String name() {
        return "match";
    }

    @Override
    public void process(PipelineEntry entry, StageSink next) throws InterruptedException {
        if (!selector.matches(entry.labels(), entry.line())) {
            if (context.observing()) {
                context.note(selector.toString(), "did not match");
            }
            next.accept(entry);
            return;
        }
        if (drop) {
            if (context.observing()) {
                context.note(selector.toString(), "selector matched");
            }
            context.drop(entry, dropReason);
            return;
        }
        if (context.observing()) {
            context.note(selector.toString(), selected);
        }
        currentNext = next;
        nested.head().accept(entry);
    }

    @Override
    public void flush(StageSink next) throws InterruptedException {
        currentNext = next;
        nested.flush();
    }

    @Override
    public void tick(StageSink next) throws InterruptedException {
        currentNext = next;
        nested.tick();
    }

    @Override
    public boolean needsTicks() {
        return nested.needsTicks();
    }
}
