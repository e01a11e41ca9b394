package io.sleipnir.golang;

import com.google.re2j.PatternSyntaxException;

/**
 * RE2/J's syntax errors as Go 1.20's {@code regexp.Compile} reports them, with a hint for the Java and PCRE habits
 * RE2 refuses. RE2/J's error codes are Go's, so most pass through; two differ:
 * <ul>
 *   <li>a {@code )} without its {@code (}: RE2/J fails with an internal "stack underflow", Go says
 *       {@code unexpected )} and shows the whole expression;</li>
 *   <li>lookbehind {@code (?<=}, {@code (?<!}: RE2/J (like Go 1.22) reads {@code (?<} as a named group and says
 *       "invalid named capture"; Go 1.20 says {@code invalid or unsupported Perl syntax: `(?<`}.</li>
 * </ul>
 */
final class Re2Errors {
    /** RE2/J's code for an error of its own parser, Go's {@code ErrInternalError}. */
    private static final String INTERNAL_ERROR = "regexp/syntax: internal error";
    private static final String UNSUPPORTED_PERL = "invalid or unsupported Perl syntax";

    private Re2Errors() {
    }

    static Re2SyntaxException translate(String source, PatternSyntaxException e) {
        String problem = e.getDescription();
        String fragment = e.getPattern() == null ? "" : e.getPattern();
        if (INTERNAL_ERROR.equals(problem)) {
            return new Re2SyntaxException("unexpected )", source, null, e);
        }
        if (fragment.startsWith("(?<=") || fragment.startsWith("(?<!")) {
            return new Re2SyntaxException(UNSUPPORTED_PERL, "(?<", "lookaround is not RE2", e);
        }
        return new Re2SyntaxException(problem, fragment, hint(fragment), e);
    }

    /** Why the fragment RE2 refused may have looked fine to someone used to Java's regexes; null when not. */
    private static String hint(String fragment) {
        char second = fragment.length() == 2 ? fragment.charAt(1) : 0;
        if (fragment.startsWith("\\") && second >= '1' && second <= '9') {
            return "RE2 has no backreferences";
        }
        if (fragment.startsWith("(?=") || fragment.startsWith("(?!")) {
            return "lookaround is not RE2";
        }
        if (fragment.startsWith("(?>")) {
            return "atomic groups are not RE2";
        }
        int last = fragment.length() - 1;
        if (last >= 1 && fragment.charAt(last) == '+' && "*+?}".indexOf(fragment.charAt(last - 1)) >= 0) {
            return "possessive quantifiers are not RE2";
        }
        return null;
    }
}
