package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two ways Promtail's Go code compiles a regex, its ReplaceAll, and the errors a user reads. */
class GoRegexTest {

    @Test
    void goRegexBridgesRe2AndJavaSyntax() {
        GoRegex re = GoRegex.compile("^(?P<first_name>[[:alpha:]]+) (?<last>\\w+)$");
        assertThat(re.groupNames()).containsExactly(null, "first_name", "last");
        assertThat(re.matcher("Ada Lovelace").matches()).isTrue();
        assertThat(re.matcher("Ada Lovelace\n").find()).isFalse();
        assertThat(GoRegex.compile("(?m)^b$").matcher("a\nb\nc").find()).isTrue();
        assertThat(GoRegex.compile("(?P<n>a)(b)").replaceAll("xaby", "[$n$2${n}x$$]", false))
                .isEqualTo("x[abax$]y");
        assertThat(GoRegex.compile("a(x*)").replaceAll("aaa", "$1a", false)).isEqualTo("");
        assertThatThrownBy(() -> GoRegex.compile("(?=x)")).hasMessageContaining("lookaround");
        assertThat(GoRegex.compile("x").equals(GoRegex.compile("x"))).isTrue();
    }

    @Test
    void compileSearchesWhileCompileAnchoredMustMatchTheWholeValue() {
        assertThat(GoRegex.compile("b+").matcher("abbc").find()).isTrue();
        assertThat(GoRegex.compileAnchored("b+").matcher("abbc").find()).isFalse();
        assertThat(GoRegex.compileAnchored("b+").matcher("bb").find()).isTrue();
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
        assertThat(GoRegex.compile("(?m:a$)\\nb").matcher("a\nb").find()).isTrue();
        assertThat(GoRegex.compile("(?m:a)b$").matcher("ab\n").find()).as("m ended with its group").isFalse();
        assertThat(GoRegex.compile("(x(?m))a$").matcher("xa\n").find()).as("(?m) lasts to its group's end")
                .isFalse();
        assertThat(GoRegex.compile("(?m)a$(?-m)").matcher("a\n").find()).isTrue();
        assertThat(GoRegex.compile("(?m)(?-m)a$").matcher("a\n").find()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(a)\\1|error parsing regexp: invalid escape sequence: `\\1`|RE2 has no backreferences",
            "(?<!a)b|error parsing regexp: invalid or unsupported Perl syntax: `(?<`|lookaround is not RE2",
            "a++|error parsing regexp: invalid nested repetition operator: `++`|possessive quantifiers are not RE2",
            "(?U)a+|error parsing regexp: invalid or unsupported Perl syntax: `(?U`|the ungreedy flag (?U) is not supported"})
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
    void groupsAreCountedAsJavaCountsThem() {
        GoRegex re = GoRegex.compile("\\((a)[(](?:b)(?i)(?P<c>c)\\Q(\\E");
        assertThat(re.groupCount()).isEqualTo(2).isEqualTo(re.pattern().matcher("").groupCount());
        assertThat(re.groupIndexByName()).containsExactly(java.util.Map.entry("c", 2));
    }
}
