package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * text/template's {@code define}, {@code template}, {@code block}, {@code break} and {@code continue}, which
 * Promtail 2.8 (Go 1.20) accepts: cases from Go's exec_test.go ("range break", "range continue", TestBlock) with
 * sprig's {@code list} standing in for the test struct's fields, and Go's parse errors (parse.go) as facts.
 */
class TemplateActionsTest {
    private static final Map<String, String> DATA = Map.of("name", "x", "Value", "hello");

    static Stream<Arguments> actions() {
        return Stream.of(
                // exec_test.go "range break" / "range continue" (.SI is []int{3, 4, 5})
                Arguments.of("{{range list 3 4 5}}{{if eq . 4}}{{break}}{{end}}-{{.}}-{{end}}", "-3-"),
                Arguments.of("{{range list 3 4 5}}{{if eq . 4}}{{continue}}{{end}}-{{.}}-{{end}}", "-3--5-"),
                Arguments.of("{{range $i, $e := list 1 2}}{{range list 7 8}}{{break}}{{end}}{{$i}}{{end}}", "01"),
                Arguments.of("{{range list 1 2}}{{with .}}{{continue}}{{end}}no{{end}}after", "after"),
                // exec_test.go TestBlock
                Arguments.of("a({{block \"inner\" .Value}}bar({{.}})baz{{end}})b", "a(bar(hello)baz)b"),
                Arguments.of("{{define \"T1\"}}ONE{{end}}{{define \"T2\"}}TWO {{template \"T1\"}}{{end}}"
                        + "{{template \"T2\"}}", "TWO ONE"),
                // the template's dot and $ are the value passed; without one, nil
                Arguments.of("{{define \"t\"}}[{{.}}|{{$}}]{{end}}{{template \"t\" .name}}{{template \"t\"}}",
                        "[x|x][<no value>|<no value>]"),
                // a define may come after its use, and an empty one does not replace a full one
                Arguments.of("{{template \"later\" 5}}{{define \"later\"}}n={{.}}{{end}}{{define \"later\"}}{{end}}",
                        "n=5"),
                // a field chain on a parenthesized pipeline (parse.go's ChainNode); a space makes it an argument
                Arguments.of("{{ (dict \"a\" (dict \"b\" 7)).a.b }} {{ (fromJson \"{\\\"k\\\":[1]}\").k }}", "7 [1]"),
                Arguments.of("{{ printf \"%v %v\" (dict \"a\" 1) .name }}", "map[a:1] x"),
                Arguments.of("{{define \"rec\"}}{{if gt . 0}}{{.}}{{template \"rec\" (sub . 1)}}{{end}}{{end}}"
                        + "{{template \"rec\" 3}}", "321"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void actions(String template, String expected) throws Exception {
        assertThat(GoTemplate.parse(template).execute(DATA)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{break}}", "{{range list 1}}{{else}}{{continue}}{{end}}",
            "{{if true}}{{define \"x\"}}{{end}}{{end}}", "{{define \"x\"}}a{{end}}{{define \"x\"}}b{{end}}",
            "{{template .name}}", "{{ (dict).a.B.c(x) }}", "{{define \"x\"}}{{$v}}{{end}}{{$v := 1}}", "{{define \"x\"}}a"})
    void goRefusesTheseAtParseTime(String template) {
        assertThatThrownBy(() -> GoTemplate.parse(template)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{template \"missing\"}}", "{{define \"r\"}}{{template \"r\"}}{{end}}{{template \"r\"}}"})
    void undefinedOrEndlessTemplatesFailTheExecution(String template) {
        assertThatThrownBy(() -> GoTemplate.parse(template).execute(DATA))
                .isInstanceOf(GoTemplate.ExecutionException.class);
    }
}
