package io.sleipnir.config;

/** A typed pipeline stage. Each stage kind is a record; unknown kinds fail at load time. */
public sealed interface StageConfig permits StageConfig.Cri, StageConfig.Docker {

    /** {@code cri}: Promtail's defaults max_partial_lines 100, max_partial_line_size 0 (off), truncate false. */
    record Cri(int maxPartialLines, long maxPartialLineSize, boolean maxPartialLineSizeTruncate) implements StageConfig {
        public static Cri defaults() {
            return new Cri(100, 0, false);
        }
    }

    /** {@code docker}: no options. */
    record Docker() implements StageConfig {
    }
}
