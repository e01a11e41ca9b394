package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The functions Promtail 2.8's template stage has (clients/pkg/logentry/stages/template.go: text/template's
 * built-ins, sprig.TxtFuncMap(), Promtail's own). Expected texts are those of Go's documentation (text/template
 * "Functions", fmt, net/url.QueryEscape, path) and sprig's documentation (strings.md, math.md, lists.md,
 * defaults.md, encoding.md, paths.md); where a doc gives an example, the case uses it.
 */
class GoTemplateFunctionsTest {
    private static final Map<String, String> DATA = Map.of(
            "Value", "hello world", "user-id", "42", "word", "héllo", "abc", "abcdef", "quoted", "a\"b",
            "Entry", "the line");

    static java.util.stream.Stream<Arguments> promtailTemplateFunctions() {
        return java.util.stream.Stream.of(
                // Go's text/template built-ins
                Arguments.of("{{ printf \"%s-%d\" .Value 42 }}", "hello world-42"),
                Arguments.of("{{ printf \"%05.2f|%-6s|%6.2f\" 3.14159 \"ab\" 1.0 }}", "03.14|ab    |  1.00"),
                Arguments.of("{{ printf \"%d\" .Value }}", "%!d(string=hello world)"),
                Arguments.of("{{ printf \"%q\" .quoted }}", "\"a\\\"b\""),
                Arguments.of("{{ printf \"%x %X %v %v %t\" \"hi\" 255 1.5 1e6 true }}", "6869 FF 1.5 1e+06 true"),
                Arguments.of("{{ printf \"%s\" }}", "%!s(MISSING)"),
                Arguments.of("{{ html \"<a href=\\\"x\\\">&'\" }}", "&lt;a href=&#34;x&#34;&gt;&amp;&#39;"),
                Arguments.of("{{ js \"it's <b>\\\"x\\\"</b> =\" }}",
                        "it\\'s \\u003Cb\\u003E\\\"x\\\"\\u003C/b\\u003E \\u003D"),
                Arguments.of("{{ urlquery \"a b&c=d/é\" }}", "a+b%26c%3Dd%2F%C3%A9"),
                Arguments.of("{{ index . \"user-id\" }}", "42"),
                Arguments.of("{{ index .abc 0 }}", "97"),
                Arguments.of("{{ len .word }}", "6"),
                // sprig's slice replaces Go's built-in (funcs.go findFunction looks at registered functions first).
                Arguments.of("{{ slice (list 1 2 3 4) 1 3 }}|{{ slice (list 1 2 3) 1 }}", "[2 3]|[2 3]"),
                Arguments.of("{{ print 1 2 \"a\" 3 }}", "1 2a3"),
                Arguments.of("{{ println \"a\" 1 }}", "a 1\n"),
                Arguments.of("{{ 1.5 }} {{ 1e6 }} {{ 0.00001 }}", "1.5 1e+06 1e-05"),
                // sprig strings.md
                Arguments.of("{{ trunc 5 \"hello world\" }}|{{ .Value | trunc -5 }}", "hello|world"),
                Arguments.of("{{ abbrev 5 \"hello world\" }}", "he..."),
                Arguments.of("{{ quote \"a\" .quoted }} {{ squote \"a\" }}", "\"a\" \"a\\\"b\" 'a'"),
                Arguments.of("{{ cat \"hello\" \"beautiful\" \"world\" }}", "hello beautiful world"),
                Arguments.of("{{ title \"hello world\" }}|{{ untitle \"Hello World\" }}", "Hello World|hello world"),
                Arguments.of("{{ repeat 3 \"hello\" }}", "hellohellohello"),
                Arguments.of("{{ nospace \"hello w o r l d\" }}", "helloworld"),
                Arguments.of("{{ initials \"First Try\" }}", "FT"),
                Arguments.of("{{ swapcase \"This Is A.Test\" }}", "tHIS iS a.tEST"),
                Arguments.of("{{ trimAll \"$\" \"$5.00\" }}|{{ trimSuffix \"-\" \"hello-\" }}|{{ trimPrefix \"-\" \"-hello\" }}",
                        "5.00|hello|hello"),
                Arguments.of("{{ indent 4 \"a\\nb\" }}|{{ nindent 2 \"x\" }}", "    a\n    b|\n  x"),
                Arguments.of("{{ plural \"one anchovy\" \"many anchovies\" 2 }}", "many anchovies"),
                Arguments.of("{{ sha256sum \"Hello world!\" }}",
                        "c0535e4be2b79ffd93291305436bf889314e4a3faec05ecffcbb7df31ad9e51a"),
                Arguments.of("{{ sha1sum \"Hello world!\" }}", "d3486ae9136e7856bc42212385ea797094475802"),
                Arguments.of("{{ splitList \"$\" \"foo$bar$baz\" }}", "[foo bar baz]"),
                Arguments.of("{{ list \"a\" \"b\" | join \"_\" }}", "a_b"),
                Arguments.of("{{ toString 42 }}|{{ .Value | upper | replace \"O\" \"0\" }}", "42|HELL0 W0RLD"),
                // sprig math.md
                Arguments.of("{{ add1 41 }} {{ sub 5 3 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 2 }} {{ add \"1\" 2 }}",
                        "42 2 24 3 1 3"),
                Arguments.of("{{ max 1 5 3 }} {{ min 3 1 }} {{ biggest 2 9 }}", "5 1 9"),
                Arguments.of("{{ ceil 1.2 }} {{ floor 1.8 }} {{ round 123.555555 3 }}", "2 1 123.556"),
                Arguments.of("{{ atoi \"42\" }} {{ int64 \"7\" }} {{ float64 \"1.5\" }}", "42 7 1.5"),
                // sprig defaults.md
                Arguments.of("{{ empty \"\" }} {{ coalesce \"\" \"x\" }} {{ ternary \"a\" \"b\" true }} {{ \"\" | default \"foo\" }}",
                        "true x a foo"),
                Arguments.of("{{ toJson \"a<b\" }} {{ toRawJson \"a<b\" }}", "\"a\\u003cb\" \"a<b\""),
                // sprig lists.md
                Arguments.of("{{ list 1 2 3 | first }} {{ list 1 2 3 | last }} {{ list 1 2 3 | rest }} {{ list 1 2 3 | initial }}",
                        "1 3 [2 3] [1 2]"),
                Arguments.of("{{ list 1 2 3 | reverse }} {{ list 1 1 2 | uniq }} {{ has 2 (list 1 2) }}", "[3 2 1] [1 2] true"),
                Arguments.of("{{ list \"c\" \"a\" | sortAlpha }} {{ without (list 1 2 3) 2 }} {{ append (list 1) 2 }}",
                        "[a c] [1 3] [1 2]"),
                Arguments.of("{{ concat (list 1) (list 2 3) }} {{ compact (list 1 \"\" 2) }} {{ prepend (list 2) 1 }}",
                        "[1 2 3] [1 2] [1 2]"),
                // sprig encoding.md and paths.md
                Arguments.of("{{ b64enc \"hello\" }} {{ b64dec \"aGVsbG8=\" }} {{ b32enc \"hello\" }}", "aGVsbG8= hello NBSWY3DP"),
                Arguments.of("{{ base \"/a/b.log\" }} {{ dir \"/a/b.log\" }} {{ ext \"x.tar.gz\" }} {{ clean \"/a/../b//c/.\" }} {{ isAbs \"/x\" }}",
                        "b.log /a .gz /b/c true"),
                Arguments.of("{{ hello }}", "Hello!"),
                // Promtail's own (template.go extraFunctionMap)
                Arguments.of("{{ ToUpper .Value }} {{ Replace .Value \"o\" \"0\" 1 }} {{ TrimSpace \"  x \" }}",
                        "HELLO WORLD hell0 world x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void promtailTemplateFunctions(String template, String expected) throws Exception {
        assertThat(GoTemplate.parse(template).execute(DATA)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ bcrypt .Value }}", "{{ genCA \"x\" 3 }}",
            "{{ getHostByName \"localhost\" }}", "{{ derivePassword 1 \"long\" \"p\" \"u\" \"s\" }}"})
    void promtailFunctionsSleipnirRefusesFailAtStartNamingTheFunctionAndWhy(String template) {
        String name = template.substring(3, template.indexOf(' ', 3));
        assertThatThrownBy(() -> GoTemplate.parse(template))
                .hasMessageContaining("function \"" + name + "\" of Promtail's template stage is not supported by"
                        + " Sleipnir: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ fail \"boom\" }}", "{{ div 1 0 }}", "{{ index .abc 9 }}", "{{ slice .abc 1 3 }}",
            "{{ call .Value }}"})
    void runTimeErrorsAreExecutionErrorsSoTheStageLeavesTheValue(String template) {
        assertThatThrownBy(() -> GoTemplate.parse(template).execute(DATA))
                .isInstanceOf(GoTemplate.ExecutionException.class);
    }
}
