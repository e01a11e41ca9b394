package io.sleipnir.config;

/**
 * Bad configuration: what is wrong, at which key, and where in which file. {@link #getMessage()} is the one line
 * that start-up prints, {@code source:line:column: key.path: problem}, e.g.
 * {@code promtail.yaml:12:7: clients[0].batchwait: invalid duration "1x" (use Go syntax such as 500ms, 10s, 1m30s)}.
 * Line and column are 1-based; 0 means "not known" (an unreadable file) and is left out of the message, as is an
 * empty key path (a problem with the document as a whole).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final int line;
    private final int column;
    private final String keyPath;
    private final String problem;

    public ConfigException(String sourceName, int line, int column, String keyPath, String problem) {
        this(sourceName, line, column, keyPath, problem, null);
    }

    public ConfigException(String sourceName, int line, int column, String keyPath, String problem, Throwable cause) {
        super(format(sourceName, line, column, keyPath, problem), cause);
        this.sourceName = sourceName;
        this.line = line;
        this.column = column;
        this.keyPath = keyPath;
        this.problem = problem;
    }

    private static String format(String sourceName, int line, int column, String keyPath, String problem) {
        StringBuilder out = new StringBuilder(sourceName);
        if (line > 0) {
            out.append(':').append(line);
            if (column > 0) {
                out.append(':').append(column);
            }
        }
        out.append(": ");
        if (!keyPath.isEmpty()) {
            out.append(keyPath).append(": ");
        }
        // One line, always: a problem text quoted from a parser may carry newlines.
        return out.append(problem.replace('\n', ' ').replace('\r', ' ')).toString();
    }

    public String sourceName() {
        return sourceName;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when unknown. */
    public int column() {
        return column;
    }

    /** Key path such as {@code clients[0].batchwait}; empty for the document as a whole. */
    public String keyPath() {
        return keyPath;
    }

    /** The problem alone, without location or key path. */
    public String problem() {
        return problem;
    }
}
