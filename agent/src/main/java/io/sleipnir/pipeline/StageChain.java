package io.sleipnir.pipeline;

import java.util.List;

/**
 * A list of stages wired so that each one's output is the next one's input, ending in {@code exit}: the body of a
 * {@link Pipeline} and of a {@code match} stage. Flushing and ticking go through the stages in order, so that an
 * entry stage i emits still runs through stages i+1..n.
 */
final class StageChain {
    private final List<Stage> stages;
    private final StageSink[] nextOf;
    private final StageSink head;
    private final boolean needsTicks;

    StageChain(List<Stage> stages, StageSink exit, StageObserver observer) {
        this.stages = List.copyOf(stages);
        this.nextOf = new StageSink[stages.size()];
        StageSink sink = exit;
        for (int i = stages.size() - 1; i >= 0; i--) {
            Stage stage = stages.get(i);
            StageSink after = sink;
            if (observer == null) {
                nextOf[i] = after;
                sink = entry -> stage.process(entry, after);
            } else {
                int index = i;
                String name = stage.name();
                StageSink out = entry -> {
                    observer.passedOn(index, name, entry);
                    after.accept(entry);
                };
                nextOf[i] = out;
                sink = entry -> {
                    observer.entering(index, name, entry);
                    stage.process(entry, out);
                    observer.done(index, name, entry);
                };
            }
        }
        this.head = sink;
        this.needsTicks = stages.stream().anyMatch(Stage::needsTicks);
    }

    StageSink head() {
        return head;
    }

    boolean isEmpty() {
        return stages.isEmpty();
    }

    List<Stage> stages() {
        return stages;
    }

    boolean needsTicks() {
        return needsTicks;
    }

    void flush() throws InterruptedException {
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).flush(nextOf[i]);
        }
    }

    void tick() throws InterruptedException {
        if (!needsTicks) {
            return;
        }
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).tick(nextOf[i]);
        }
    }
}
