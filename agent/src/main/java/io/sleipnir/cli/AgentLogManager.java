package io.sleipnir.cli;

import java.util.logging.LogManager;

/**
 * java.util.logging's own shutdown hook resets the log manager, closing every handler, while our shutdown hook is
 * still stopping the agent: the lines that say what happened to undelivered entries were lost. This manager ignores
 * reset; the console handler flushes each record, so nothing is left unwritten at exit. Installed by {@link Main}
 * before anything logs.
 */
public final class AgentLogManager extends LogManager {
    public AgentLogManager() {
        super();
    }

    @Override
    public void reset() {
        // Deliberately nothing: see the class comment.
    }
}
