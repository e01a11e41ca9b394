package io.sleipnir.config;

/**
 * Bad configuration: what is wrong, at which key, and where in which file. {@link #getMessage()} is what start-up
 * prints, one line per problem (a load reports up to {@link #MAX_REPORTED} problems together, see {@link #all()}), {@code source:line:column: key.path: problem}, e.g.
 * {@code promtail.yaml:12:7: clients[0].batchwait: invalid duration "1x" (use Go syntax such as 500ms, 10s, 1m30s)}.
 * Line and column are 1-based; 0 means "not known" (an unreadable file) and is left out of the message, as is an
 * empty key path (a problem with the document as a whole).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** At most this many problems are listed in one report; the rest are counted. */
    public static final int MAX_REPORTED = 20;

    private final transient java.util.List<ConfigException> all;
    private final String sourceName;
    private final int line;
    private final int column;
    private final String keyPath;
    private final String problem;

    public ConfigException(String sourceName, int line, int column, String keyPath, String problem) {
        this(sourceName, line, column, keyPath, problem, null);
    }

    public ConfigException(String sourceName, int line, int column, String keyPath, String problem, Throwable cause) {
        // No stack trace: the message says everything, and a hostile file can make a load find many problems.
        super(format(sourceName, line, column, keyPath, problem), cause, false, false);
        this.all = java.util.List.of(this);
        this.sourceName = sourceName;
        this.line = line;
        this.column = column;
        this.keyPath = keyPath;
        this.problem = problem;
    }

    private ConfigException(java.util.List<ConfigException> problems, String message) {
        super(message, problems.get(0).getCause(), false, false);
        ConfigException first = problems.get(0);
        this.all = java.util.List.copyOf(problems);
        this.sourceName = first.sourceName;
        this.line = first.line;
        this.column = first.column;
        this.keyPath = first.keyPath;
        this.problem = first.problem;
    }

    /**
     * Several problems found in one load, reported together: sorted by location, repeats (an alias used twice)
     * once, the first {@link #MAX_REPORTED} one per line, then how many more there are. The location accessors
     * are those of the first problem.
     */
    static ConfigException of(java.util.List<ConfigException> problems) {
        return of(problems, false);
    }

    /** As {@link #of(java.util.List)}; {@code stoppedEarly}: the search stopped, there may be more than counted. */
    static ConfigException of(java.util.List<ConfigException> problems, boolean stoppedEarly) {
        java.util.Map<String, ConfigException> unique = new java.util.LinkedHashMap<>();
        problems.stream()
                .flatMap(p -> p.all().stream())
                .sorted(java.util.Comparator.comparingInt(ConfigException::line)
                        .thenComparingInt(ConfigException::column))
                .forEach(p -> unique.putIfAbsent(p.getMessage(), p));
        java.util.List<ConfigException> sorted = java.util.List.copyOf(unique.values());
        if (sorted.size() == 1 && !stoppedEarly) {
            return sorted.get(0);
        }
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < Math.min(sorted.size(), MAX_REPORTED); i++) {
            message.append(i == 0 ? "" : "\n").append(sorted.get(i).getMessage());
        }
        if (sorted.size() > MAX_REPORTED || stoppedEarly) {
            message.append("\n").append(sorted.get(0).sourceName).append(": ")
                    .append(stoppedEarly ? "at least " : "").append(Math.max(0, sorted.size() - MAX_REPORTED))
                    .append(" more problems not shown");
        }
        return new ConfigException(sorted, message.toString());
    }

    /** Every problem of this report, this one alone when it is a single problem. */
    public java.util.List<ConfigException> all() {
        return all;
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
