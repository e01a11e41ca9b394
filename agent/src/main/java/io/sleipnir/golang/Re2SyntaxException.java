package io.sleipnir.golang;

/**
 * An RE2 regex that Go's {@code regexp.Compile} refuses.
 * {@link #goMessage()} is Go's own text ({@code error parsing regexp: <problem>: `<fragment>`}), which Prometheus
 * shows for relabel rules; {@link #getMessage()} adds a short hint for the Java-isms a user is likely to try, such as
 * backreferences and lookaround.
 */
public final class Re2SyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final String fragment;
    private final String hint;

    Re2SyntaxException(String problem, String fragment, String hint, Throwable cause) {
        super(goMessage(problem, fragment) + (hint == null ? "" : " (" + hint + ")"), cause);
        this.problem = problem;
        this.fragment = fragment;
        this.hint = hint;
    }

    /** What is wrong, in Go's words: "invalid escape sequence", "missing closing ]", ... */
    public String problem() {
        return problem;
    }

    /** The part of the expression the problem is about. */
    public String fragment() {
        return fragment;
    }

    /** Exactly what Go's {@code regexp.Compile} error prints, without the hint. */
    public String goMessage() {
        return goMessage(problem, fragment);
    }

    /** Why RE2 differs from Java here, or null. */
    public String hint() {
        return hint;
    }

    private static String goMessage(String problem, String fragment) {
        return "error parsing regexp: " + problem + ": `" + fragment + "`";
    }
}
