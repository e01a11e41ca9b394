package io.sleipnir.pipeline;

import io.sleipnir.logql.LogSelector;
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
    private final LogSelector selector;
    private final boolean drop;
    private final String dropReason;
    private final StageContext context;
    private final StageChain nested;
    /** Where the nested stages' output goes: the {@code next} of the call in progress (always under the lock). */
    private StageSink currentNext;
    private final String selected;

    MatchStage(StageConfig.Match config, StageContext context) {
        this.selector = config.selector();
        this.drop = config.drop();
        this.dropReason = config.dropCounterReason();
        this.context = context;
        List<Stage> stages = new ArrayList<>();
        for (StageConfig c : config.stages()) {
            StageContext nestedContext = context.nested(stages.size());
            Stage stage = StageFactory.create(c, nestedContext, true);
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
