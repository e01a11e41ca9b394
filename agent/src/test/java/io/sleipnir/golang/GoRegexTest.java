package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two ways Promtail's Go code compiles a regex, its ReplaceAll, and the errors a user reads. */
class GoRegexTest {

    @Test
    void goRegexBridgesRe2AndJavaSyntax() {
        GoRegex re = GoRegex.compile("^(?P<first_name>[[:alpha:]]+) (?<last>\\w+)$");
        assertThat(re.groupNames()).containsExactly(null, "first_name", "last");
        assertThat(re.find("Ada Lovelace")).isTrue();
        assertThat(re.find("Ada Lovelace\n")).isFalse();
        assertThat(GoRegex.compile("(?m)^b$").find("a\nb\nc")).isTrue();
        assertThat(GoRegex.compile("(?P<n>a)(b)").replaceAll("xaby", "[$n$2${n}x$$]", false))
                .isEqualTo("x[abax$]y");
        assertThat(GoRegex.compile("a(x*)").replaceAll("aaa", "$1a", false)).isEqualTo("");
        assertThatThrownBy(() -> GoRegex.compile("(?=x)")).hasMessageContaining("lookaround");
        assertThat(GoRegex.compile("x").equals(GoRegex.compile("x"))).isTrue();
    }

    @Test
    void compileSearchesWhileCompileAnchoredMustMatchTheWholeValue() {
        assertThat(GoRegex.compile("b+").find("abbc")).isTrue();
        assertThat(GoRegex.compileAnchored("b+").find("abbc")).isFalse();
        assertThat(GoRegex.compileAnchored("b+").find("bb")).isTrue();
        assertThat(GoRegex.compile("b+")).isNotEqualTo(GoRegex.compileAnchored("b+"));
        assertThat(GoRegex.compileAnchored("b+")).isEqualTo(GoRegex.compileAnchored("b+"))
                .hasSameHashCodeAs(GoRegex.compileAnchored("b+")).hasToString("b+");
    }

    @Test
    void replaceAllFollowsGo() {
        // Go ignores an empty match that abuts the previous match: "x" around each run, not between its letters.
        assertThat(GoRegex.compile("a*").replaceAll("baaac", "x", false)).isEqualTo("xbxcx");
        assertThat(GoRegex.compile("(a)").replaceAll("cab", "$1$1", false)).isEqualTo("caab");
        assertThat(GoRegex.compile("(a)").replaceAll("cab", "$1$1", true)).isEqualTo("c$1$1b");
        assertThat(GoRegex.compile("(a)").replaceAll("cab", "$01", false)).as("$01 is a name, not group 1")
                .isEqualTo("cb");
    }

    @Test
    void dollarFollowsTheScopeOfTheMFlag() {
        assertThat(GoRegex.compile("(?m:a$)\\nb").find("a\nb")).isTrue();
        assertThat(GoRegex.compile("(?m:a)b$").find("ab\n")).as("m ended with its group").isFalse();
        assertThat(GoRegex.compile("(x(?m))a$").find("xa\n")).as("(?m) lasts to its group's end")
                .isFalse();
        assertThat(GoRegex.compile("(?m)a$(?-m)").find("a\n")).isTrue();
        assertThat(GoRegex.compile("(?m)(?-m)a$").find("a\n")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(a)\\1|error parsing regexp: invalid escape sequence: `\\1`|RE2 has no backreferences",
            "(?<!a)b|error parsing regexp: invalid or unsupported Perl syntax: `(?<`|lookaround is not RE2",
            "a++|error parsing regexp: invalid nested repetition operator: `++`|possessive quantifiers are not RE2"})
    void errorsCarryGosMessageAndAHintForJavaHabits(String re2, String goMessage, String hint) {
        assertThatThrownBy(() -> GoRegex.compile(re2))
                .isInstanceOfSatisfying(Re2SyntaxException.class, e -> {
                    assertThat(e.goMessage()).isEqualTo(goMessage);
                    assertThat(e.hint()).isEqualTo(hint);
                })
                .hasMessage(goMessage + " (" + hint + ")");
    }

    @Test
    void whatJavaRefusesAfterTranslationIsReportedWithTheWholeExpression() {
        assertThatThrownBy(() -> GoRegex.compile("(foo"))
                .isInstanceOf(Re2SyntaxException.class)
                .hasMessageStartingWith("error parsing regexp: ")
                .hasMessageEndingWith("`(foo`");
    }

    @Test
    void groupsAreCountedByTheirOpeningParenthesis() {
        GoRegex re = GoRegex.compile("\\((a)[(](?:b)(?i)(?P<c>c)\\Q(\\E");
        assertThat(re.groupCount()).isEqualTo(2);
        assertThat(re.groupNames()).containsExactly(null, null, "c");
        assertThat(re.groupIndexByName()).containsExactly(java.util.Map.entry("c", 2));
    }

    @Test
    void goSyntaxTheJavaTranslationCouldNotHonourNowMeansWhatGoMeans() {
        GoMatch ungreedy = GoRegex.compile("(?U)a+").firstMatch("aaa");
        assertThat(ungreedy.group(0)).as("(?U) swaps greedy and lazy").isEqualTo("a");
        assertThat(GoRegex.compile("(?U)a+?").firstMatch("aaa").group(0)).isEqualTo("aaa");
        assertThat(GoRegex.compile("\\s").find("\u000b")).as("Go's \\s is [\\t\\n\\f\\r ], without \\v").isFalse();
        assertThat(GoRegex.compile("\\v").find("\u000b")).isTrue();
        assertThat(GoRegex.compile("(?i)k").find("\u212a")).as("Go folds the Kelvin sign with k").isTrue();
        assertThat(GoRegex.compile("^.$").find("\ud83d\ude00")).as(". is one code point").isTrue();
    }

    @Test
    void replaceAllStepsOverWholeCodePointsAfterAnEmptyMatch() {
        // Go advances by a whole UTF-8 sequence; a step of one char would split the surrogate pair.
        assertThat(GoRegex.compile("x*").replaceAll("\ud83d\ude00", "-", false)).isEqualTo("-\ud83d\ude00-");
        assertThat(GoRegex.compile("").replaceAll("a\u00e9\ud83d\ude00", ".", false))
                .isEqualTo(".a.\u00e9.\ud83d\ude00.");
    }

    @Test
    void forEachMatchIsGosFindAllSubmatchIndex() {
        List<String> found = new ArrayList<>();
        GoRegex.compile("(a)?b*").forEachMatch("abbcab",
                m -> found.add(m.start(0) + "-" + m.end(0) + ":" + m.group(1)));
        // Go: [[0 3 0 1] [4 6 4 5]]; the empty matches at 3 and 6 abut a match and are skipped.
        assertThat(found).containsExactly("0-3:a", "4-6:a");
        found.clear();
        GoRegex.compile("a*").forEachMatch("baaac", m -> found.add(m.start(0) + "-" + m.end(0)));
        assertThat(found).containsExactly("0-0", "1-4", "5-5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a)|error parsing regexp: unexpected ): `a)`",
            "\\C|error parsing regexp: invalid escape sequence: `\\C`",
            "\\Z|error parsing regexp: invalid escape sequence: `\\Z`",
            "(?P<a-b>x)|error parsing regexp: invalid named capture: `(?P<a-b>`",
            "\\p{Greek|error parsing regexp: invalid character class range: `\\p{Greek`",
            "[\\p{Greek}|error parsing regexp: missing closing ]: `[\\p{Greek}`",
            "\\p{Klingon}|error parsing regexp: invalid character class range: `\\p{Klingon}`",
            "x\\|error parsing regexp: trailing backslash at end of expression: ``"})
    void whatGoRefusesIsRefusedWithGosMessage(String re2, String goMessage) {
        assertThatThrownBy(() -> GoRegex.compile(re2)).isInstanceOfSatisfying(Re2SyntaxException.class,
                e -> assertThat(e.goMessage()).isEqualTo(goMessage));
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "ab", "a\nb", "'\n'", "é\ud83d\ude00", "a b;c"})
    void thePrometheusDefaultRelabelRegexShortcutAgreesWithTheAutomaton(String escaped) {
        String value = escaped.replace("\\n", "\n");
        GoRegex shortcut = GoRegex.compileAnchored("(.*)");
        GoRegex automaton = GoRegex.compileAnchored("(?:(.*))");
        assertThat(shortcut.find(value)).isEqualTo(automaton.find(value)).isEqualTo(!value.contains("\n"));
        GoMatch a = shortcut.firstMatch(value);
        GoMatch b = automaton.firstMatch(value);
        if (b == null) {
            assertThat(a).isNull();
        } else {
            assertThat(a.group(0)).isEqualTo(b.group(0));
            assertThat(a.group(1)).isEqualTo(b.group(1)).isEqualTo(value);
        }
    }
}
