package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go {@code Regexp.Expand} semantics, including where they differ from Java's {@code appendReplacement}. */
class ExpansionTest {

    private static String expand(String re2, String template, String input) {
        GoRegex re = GoRegex.compileAnchored(re2);
        GoMatch m = re.firstMatch(input);
        assertThat(m).as("%s matches %s", re2, input).isNotNull();
        return re.expansion(template).expand(input, m);
    }

    @ParameterizedTest(name = "{1} -> [{2}]")
    @CsvSource(delimiter = '|', value = {
            // template | expected, against (a)(b)(?P<tail_part>c)? on "abc"
            "$1|a",
            "${1}|a",
            "$1$2|ab",
            "${1}x|ax",
            "$1x|''",           // the group named "1x": none, so ""
            "$10|''",           // group 10 does not exist: "" (Java reads $1 then "0")
            "$0|abc",
            "$01|''",           // a leading zero makes it a name, not a number
            "$tail_part|c",
            "${tail_part}!|c!",
            "$nope|''",         // unknown name
            "$$1|$1",         // $$ is a literal $
            "$|$",            // malformed: kept as text
            "x$|x$",
            "${|${",
            "${}|${}",
            "${1|${1",
            "$-1|$-1",
            "\\1|\\1",        // backslash is not special (Java would treat \\1 as an escaped 1)
            "a.$1.b|a.a.b",   // a dot ends a name
            "$1é|''",           // letters are Unicode: group "1é"
            "static|static"})
    void goExpandRules(String template, String expected) {
        assertThat(expand("(a)(b)(?P<tail_part>c)?", template, "abc")).isEqualTo(expected);
    }

    @Test
    void aGroupThatDidNotParticipateExpandsToEmpty() {
        assertThat(expand("(a)|(b)", "[$1][$2]", "b")).isEqualTo("[][b]");
        assertThat(expand("(a)(b)(?P<tail_part>c)?", "<$tail_part>", "ab")).isEqualTo("<>");
    }

    @Test
    void differsFromJavaWhereUsersNotice() {
        Matcher java = Pattern.compile("(a)(b)").matcher("ab");
        assertThat(java.replaceAll("$1x")).isEqualTo("ax");
        assertThat(expand("(a)(b)", "$1x", "ab")).isEqualTo("");

        assertThat(java.replaceAll("\\$1")).isEqualTo("$1");
        assertThat(expand("(a)(b)", "\\$1", "ab")).isEqualTo("\\a");
    }

    @Test
    void namedAndUnnamedGroupsShareNumbering() {
        assertThat(expand("(a)(?P<n>b)(c)", "$3$n${2}$1", "abc")).isEqualTo("cbba");
    }

    @Test
    void keepsTheConfiguredTemplate() {
        GoRegex re = GoRegex.compileAnchored("(.*)");
        assertThat(re.expansion("/var/log/pods/*$1/*.log").template())
                .isEqualTo("/var/log/pods/*$1/*.log");
    }
}
