package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RE2 syntax that Java reads differently means what it means in Promtail. */
class Re2SyntaxTest {

    private static boolean matches(String re2, String input) {
        return GoRegex.compileAnchored(re2).find(input);
    }

    @ParameterizedTest(name = "{0} on [{1}] -> {2}")
    @CsvSource(delimiterString = " => ", value = {
            // POSIX classes (Java would read [[:alpha:]] as the set of ':', 'a', 'l', 'p', 'h')
            "[[:alpha:]]+ => abc => true",
            "[[:alpha:]]+ => a:b => false",
            "[[:^digit:]]+ => ab => true",
            "[[:^digit:]]+ => a1 => false",
            "[[:word:]-]+ => a_b-c => true",
            // { that is not a repetition is a literal; a repetition stays one
            "{.*} => {a} => true",
            "a{2} => aa => true",
            "a{2} => a{2} => false",
            "a{,2} => a{,2} => true",
            "x{2,}y => xxxy => true",
            // inside a class, [ and && are literals
            "[a[]+ => a[a => true",
            "[a&&b] => & => true",
            "[]a]+ => ]a => true",
            // anchoring: the user's own ^ and $ are harmless, the whole value must match
            "^foo$ => foo => true",
            "foo => xfoo => false",
            "f => o => false",
            // Unicode scripts and categories
            "\\p{Greek}+ => αβ => true",
            "\\p{^Greek}+ => ab => true",
            "\\pL+ => ab => true",
            // quoting, escapes and lazy quantifiers are the same in both
            "\\Q.*\\E => .* => true",
            "\\Q.*\\E => ab => false",
            "\\{\\$\\} => {$} => true",
            "(a+?)(a*) => aaa => true",
            // named groups in both RE2 spellings, with underscores Java does not allow
            "(?P<first_name>\\w+)-(?<last_name>\\w+) => ada-lovelace => true",
            "(?i)ABC => abc => true",
            "(?:a|ab)(c|bcd) => abcd => true"})
    void meansWhatRe2Means(String re2, String input, boolean expected) {
        assertThat(matches(re2, input)).isEqualTo(expected);
    }

    @Test
    void dollarIsEndOfTextWithoutTheMFlag() {
        assertThat(matches("foo$", "foo\n")).isFalse();
        assertThat(matches("(?:foo)$", "foo\n")).isFalse();
        assertThat(matches("(?m)foo$\nbar", "foo\nbar")).isTrue();
    }

    @Test
    void dotExcludesOnlyNewlineUnlessSFlag() {
        assertThat(matches("a.b", "a\rb")).isTrue();
        assertThat(matches("a.b", "a\u2028b")).isTrue();
        assertThat(matches("a.b", "a\nb")).isFalse();
        assertThat(matches("(?s)a.b", "a\nb")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"(a)(?P<x_y>b)(c)|x_y|2", "((?P<outer>a(?P<inner>b)))|inner|3"})
    void namedGroupsAreNumberedInOrderOfTheirOpeningParenthesis(String re2, String name, int index) {
        assertThat(GoRegex.compileAnchored(re2).groupIndexByName()).containsEntry(name, index);
    }

    /*
     * Unicode classes follow Go 1.20's Unicode 13.0 (Promtail 2.8's Go), not RE2/J's own Unicode 6 tables, under
     * which U+1F600 is not a symbol and the Adlam script does not exist.
     */
    @ParameterizedTest(name = "{0} on [{1}] -> {2}")
    @CsvSource(delimiterString = " => ", value = {
            "\\p{So}+ => \ud83d\ude00\ud83e\udd7a => true",
            "\\p{^So} => \ud83d\ude00 => false",
            "\\P{So} => \ud83d\ude00 => false",
            "[^\\P{So}] => \ud83d\ude00 => true",
            "\\p{Sc} => \u20bf => true",
            "\\p{Adlam}+ => \ud83a\udd00\ud83a\udd22 => true",
            "\\pL+ => \u0560 => true",
            "\\pL => \u0870 => false",
            "[\\p{Greek}\\d]+ => α1β => true",
            "[\\p{Greek}\\d]+ => α1b => false",
            "(?i)\\p{Lu} => a => true",
            "\\p{Lu} => a => false",
            "\\pC => \u0378 => false",
            "\\pC => \u200b => true",
            "\\p{Old_Italic} => \ud800\udf00 => true",
            "\\Q\\p{So}\\E => \\p{So} => true"})
    void unicodeClassesAreGo120s(String re2, String input, boolean expected) {
        assertThat(matches(re2, input)).isEqualTo(expected);
    }
}
