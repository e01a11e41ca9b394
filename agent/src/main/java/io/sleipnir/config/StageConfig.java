package io.sleipnir.config;

import io.sleipnir.golang.GoRegex;
import io.sleipnir.golang.GoTemplate;
import io.sleipnir.golang.GoTimeLayout;
import io.sleipnir.logql.LogSelector;
import java.util.List;
import java.util.Map;

/**
 * One bound pipeline stage. Each stage kind's record lives with its stage (the list is
 * {@code io.sleipnir.pipeline.Stages}); this package only binds the list it is in and prints it back. Expressions,
 * regexes and templates are compiled when the record is bound, so a bad one fails start-up with its
 * file:line:column. A {@code source} of null means "the log line" (Promtail's absent source).
 */
public interface StageConfig {

    /** The stage's name as Promtail's config spells it ({@code cri}, {@code match}, ...). */
    String name();

    /**
     * The stage's body in Promtail's syntax, defaults included, as plain maps, lists and scalars, for
     * {@code -print-config-stderr} and {@code /config}; it reads back to an equal record.
     */
    Object printed();
}
