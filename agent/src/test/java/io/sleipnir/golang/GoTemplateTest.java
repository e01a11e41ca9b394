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
 * Conformance with Go's text/template: the templates and outputs of Go's own {@code src/text/template/exec_test.go}
 * (execTests) that fall within the supported subset, taken as facts. Promtail's data is a map of strings, so Go's
 * struct fixtures are rebuilt from sprig's {@code list} and {@code dict} (SI = {@code list 3 4 5}, MSI =
 * {@code dict "one" 1 "two" 2 "three" 3}, I = the string "17"); such rows say "adapted".
 */
class GoTemplateTest {
    private static final Map<String, String> DATA = Map.of("I", "17", "cause", "neglect", "X", "x");

    static Stream<Arguments> goExecTests() {
        return Stream.of(
                // If.
                Arguments.of("{{if true}}TRUE{{end}}", "TRUE"),
                Arguments.of("{{if false}}TRUE{{else}}FALSE{{end}}", "FALSE"),
                Arguments.of("{{if 1}}NON-ZERO{{else}}ZERO{{end}}", "NON-ZERO"),
                Arguments.of("{{if 0}}NON-ZERO{{else}}ZERO{{end}}", "ZERO"),
                Arguments.of("{{if 1.5}}NON-ZERO{{else}}ZERO{{end}}", "NON-ZERO"),
                Arguments.of("{{if ``}}NON-EMPTY{{else}}EMPTY{{end}}", "EMPTY"),
                Arguments.of("{{if `notempty`}}NON-EMPTY{{else}}EMPTY{{end}}", "NON-EMPTY"),
                Arguments.of("{{if list}}NON-EMPTY{{else}}EMPTY{{end}}", "EMPTY"), // adapted: if emptyslice
                Arguments.of("{{if list 3 4 5}}NON-EMPTY{{else}}EMPTY{{end}}", "NON-EMPTY"), // adapted: if slice
                Arguments.of("{{if dict}}NON-EMPTY{{else}}EMPTY{{end}}", "EMPTY"), // adapted: if emptymap
                Arguments.of("{{if $x := true}}{{with $y := .I}}{{$x}},{{$y}}{{end}}{{end}}", "true,17"),
                Arguments.of("{{if $x := true}}{{with $x := .I}}{{$x}},{{end}}{{$x}}{{end}}", "17,true"),
                Arguments.of("{{if false}}FALSE{{else if true}}TRUE{{end}}", "TRUE"),
                Arguments.of("{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}", "3"),
                // Print etc.
                Arguments.of("{{print \"hello, print\"}}", "hello, print"),
                Arguments.of("{{print 1 2 3}}", "1 2 3"),
                Arguments.of("{{println 1 2 3}}", "1 2 3\n"),
                Arguments.of("{{printf \"%04x\" 127}}", "007f"),
                Arguments.of("{{printf \"%g\" 3.5}}", "3.5"),
                Arguments.of("{{printf \"%s\" \"hello\"}}", "hello"),
                Arguments.of("{{with 17}}{{printf \"%d\" .}}{{end}}", "17"), // adapted: printf dot
                Arguments.of("{{with $x := 17}}{{printf \"%d\" $x}}{{end}}", "17"), // adapted: printf var
                Arguments.of("{{printf `%d %d %d` (1) (2 | add 3) (add 4 (add 5 6))}}", "1 5 15"),
                // HTML, JavaScript, URL query.
                Arguments.of("{{html \"<script>alert(\\\"XSS\\\");</script>\"}}",
                        "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;"),
                Arguments.of("{{printf \"<script>alert(\\\"XSS\\\");</script>\" | html}}",
                        "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;"),
                Arguments.of("{{js `It'd be nice.`}}", "It\\'d be nice."), // adapted: dot as an argument
                Arguments.of("{{\"http://www.example.org/\"|urlquery}}", "http%3A%2F%2Fwww.example.org%2F"),
                // Booleans.
                Arguments.of("{{not true}} {{not false}}", "false true"),
                Arguments.of("{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}", "false 0 0 1"),
                Arguments.of("{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}", "0 1 true 1"),
                Arguments.of("{{if and true 1 `hi`}}TRUE{{else}}FALSE{{end}}", "TRUE"),
                Arguments.of("{{if and true 1 `hi` | not}}TRUE{{else}}FALSE{{end}}", "FALSE"),
                Arguments.of("{{if true | not | and 1}}TRUE{{else}}FALSE{{end}}", "FALSE"),
                Arguments.of("{{1 | and 1}} {{0 | and 1}} {{1 | or 0}} {{0 | or 0}}", "1 0 1 0"),
                Arguments.of("{{and 1 .Unknown}} {{or 0 .Unknown}}", "<no value> <no value>"),
                // Short-circuit (Go 1.18+; exec_test.go's (die) is sprig's fail here): later arguments not evaluated.
                Arguments.of("{{and 1 0 (fail `x`)}} {{or 0 1 (fail `x`)}}", "0 1"),
                Arguments.of("{{and false (fail `x`)}} {{or `a` (fail `x`)}}", "false a"),
                Arguments.of("{{`p` | and 0 (fail `x`)}} {{`p` | or `q` (fail `x`) | printf `%v!`}}", "0 q!"),
                // Indexing and len (adapted: SI, MSI).
                Arguments.of("{{index (list 3 4 5) 1}}", "4"),
                Arguments.of("{{index (dict \"one\" 1 \"two\" 2 \"three\" 3) `two`}}", "2"),
                Arguments.of("{{len (list 3 4 5)}}", "3"),
                Arguments.of("{{len (dict \"one\" 1 \"two\" 2 \"three\" 3) }}", "3"),
                // With.
                Arguments.of("{{with true}}{{.}}{{end}}", "true"),
                Arguments.of("{{with false}}{{.}}{{else}}FALSE{{end}}", "FALSE"),
                Arguments.of("{{with 1}}{{.}}{{else}}ZERO{{end}}", "1"),
                Arguments.of("{{with 0}}{{.}}{{else}}ZERO{{end}}", "ZERO"),
                Arguments.of("{{with 1.5}}{{.}}{{else}}ZERO{{end}}", "1.5"),
                Arguments.of("{{with ``}}{{.}}{{else}}EMPTY{{end}}", "EMPTY"),
                Arguments.of("{{with `notempty`}}{{.}}{{else}}EMPTY{{end}}", "notempty"),
                Arguments.of("{{with list}}{{.}}{{else}}EMPTY{{end}}", "EMPTY"),
                Arguments.of("{{with list 3 4 5}}{{.}}{{else}}EMPTY{{end}}", "[3 4 5]"),
                Arguments.of("{{with dict \"one\" 1}}{{.}}{{else}}EMPTY{{end}}", "map[one:1]"),
                Arguments.of("{{with $x := .I}}{{$x}}{{end}}", "17"),
                // Range.
                Arguments.of("{{range list 3 4 5}}-{{.}}-{{end}}", "-3--4--5-"),
                Arguments.of("{{range list}}-{{.}}-{{end}}", ""),
                Arguments.of("{{range list 3 4 5}}-{{.}}-{{else}}EMPTY{{end}}", "-3--4--5-"),
                Arguments.of("{{range list}}-{{.}}-{{else}}EMPTY{{end}}", "EMPTY"),
                Arguments.of("{{range list true false}}-{{.}}-{{end}}", "-true--false-"),
                Arguments.of("{{range dict \"one\" 1 \"two\" 2 \"three\" 3}}-{{.}}-{{end}}", "-1--3--2-"),
                Arguments.of("{{range dict}}-{{.}}-{{else}}EMPTY{{end}}", "EMPTY"),
                Arguments.of("{{range .Empty0}}-{{.}}-{{end}}", ""),
                Arguments.of("{{range $x := list 3 4 5}}<{{$x}}>{{end}}", "<3><4><5>"),
                Arguments.of("{{range $x, $y := list 3 4 5}}<{{$x}}={{$y}}>{{end}}", "<0=3><1=4><2=5>"),
                Arguments.of("{{range $x := dict \"one\" 1}}<{{$x}}>{{end}}", "<1>"),
                Arguments.of("{{range $x, $y := dict \"one\" 1}}<{{$x}}={{$y}}>{{end}}", "<one=1>"),
                Arguments.of("{{range $x := list 21 22 23}}<{{$foo:=$x}}{{$x}}>{{end}}", "<21><22><23>"),
                // Cute examples.
                Arguments.of("{{or (list 3 4 5) \"slice is empty\"}}", "[3 4 5]"),
                Arguments.of("{{or list \"slice is empty\"}}", "slice is empty"),
                // Fixed bugs: lower-case map keys (bug9), hex constants are ints (bug12), a piped string (bug16k).
                Arguments.of("{{.cause}}", "neglect"),
                Arguments.of("{{printf `%T` 0xef}}", "int"),
                Arguments.of("{{printf `%T` 0XEE}}", "int"),
                Arguments.of("{{\"aaa\"|printf }}", "aaa"),
                // Variables: $ is the data in any scope.
                Arguments.of("{{range list 1 2}}{{$.X}}{{end}}", "xx"),
                Arguments.of("{{$x := 1}}{{$x = 2}}{{$x}}", "2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void goExecTests(String template, String expected) throws Exception {
        assertThat(GoTemplate.parse(template).execute(DATA)).isEqualTo(expected);
    }

    /** exec_test.go "or short-circuit2", "and short-circuit2": reaching the failing argument fails. */
    @ParameterizedTest
    @ValueSource(strings = {"{{and 1 1 (fail `boom`)}}", "{{or 0 0 (fail `boom`)}}", "{{0 | or 0 (fail `boom`)}}"})
    void andOrEvaluateUpToTheDecidingArgument(String template) {
        assertThatThrownBy(() -> GoTemplate.parse(template).execute(DATA))
                .isInstanceOf(GoTemplate.ExecutionException.class).hasMessage("error calling fail: boom");
    }

    /** exec_test.go rows that must fail (bug7a-c, bug14c, range over a string), at parse or execution. */
    @ParameterizedTest
    @ValueSource(strings = {"{{3 2}}", "{{$x := 1}}{{$x 2}}", "{{$x := 1}}{{3 | $x}}",
            "{{$x := (1.0)}}{{$y := (\"hello\")}}{{$x.anything}}{{$y.true}}", "{{range `abc`}}{{.}}{{end}}",
            "{{.X.Y}}", "{{$undefined}}", "{{range $i, $e := list 1}}{{end}}{{$e}}"})
    void goExecErrors(String template) {
        assertThatThrownBy(() -> GoTemplate.parse(template).execute(DATA))
                .isInstanceOfAny(IllegalArgumentException.class, GoTemplate.ExecutionException.class);
    }

    /**
     * sprig's documented examples (docs/dicts.md, lists.md, strings.md "regex", integer_slice.md, math.md,
     * mathf.md, reflection.md of Masterminds/sprig v3), as facts.
     */
    static Stream<Arguments> sprigExamples() {
        String d = "{{ $d := dict \"name1\" \"value1\" \"name2\" \"value2\" \"name3\" \"value 3\" }}";
        return Stream.of(
                Arguments.of(d + "{{ get $d \"name1\" }}", "value1"),
                Arguments.of(d + "[{{ get $d \"missing\" }}]", "[]"),
                Arguments.of(d + "{{ $_ := set $d \"name4\" \"value4\" }}{{ $d.name4 }}", "value4"),
                Arguments.of(d + "{{ $_ := unset $d \"name1\" }}{{ hasKey $d \"name1\" }}", "false"),
                Arguments.of(d + "{{ hasKey $d \"name1\" }}", "true"),
                Arguments.of(d + "{{ keys $d | sortAlpha }}", "[name1 name2 name3]"),
                Arguments.of(d + "{{ pick $d \"name1\" \"name2\" }}", "map[name1:value1 name2:value2]"),
                Arguments.of(d + "{{ omit $d \"name1\" \"name3\" }}", "map[name2:value2]"),
                Arguments.of("{{ pluck \"name1\" (dict \"name1\" \"a\") (dict \"name1\" \"b\" ) (dict \"x\" 1) }}",
                        "[a b]"),
                Arguments.of("{{ dig \"user\" \"role\" \"humanName\" \"guest\" (dict \"user\" (dict \"role\""
                        + " (dict \"humanName\" \"curator\"))) }}", "curator"),
                Arguments.of("{{ dig \"user\" \"role\" \"humanName\" \"guest\" (dict) }}", "guest"),
                Arguments.of("{{ merge (dict \"a\" 1) (dict \"a\" 2 \"b\" 3) }}", "map[a:1 b:3]"),
                Arguments.of("{{ mergeOverwrite (dict \"a\" 1) (dict \"a\" 2 \"b\" 3) }}", "map[a:2 b:3]"),
                Arguments.of("{{ values (dict \"a\" 1 \"b\" 2) }}", "[1 2]"),
                Arguments.of("{{ $a := split \"$\" \"foo$bar$baz\" }}{{ $a._0 }} {{ $a }}",
                        "foo map[_0:foo _1:bar _2:baz]"),
                Arguments.of("{{ splitn \"$\" 2 \"foo$bar$baz\" }}", "map[_0:foo _1:bar$baz]"),
                Arguments.of("{{ regexMatch \"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\\\.[A-Za-z]{2,}$\" \"test@acme.com\" }}",
                        "true"),
                Arguments.of("{{ regexMatch \"(\" \"x\" }}", "false"),
                Arguments.of("{{ regexFindAll \"[2,4,6,8]\" \"123456789\" -1 }}", "[2 4 6 8]"),
                Arguments.of("{{ regexFindAll \"[2,4,6,8]\" \"123456789\" 2 }}", "[2 4]"),
                Arguments.of("{{ regexFind \"[a-zA-Z][1-9]\" \"abcd1234\" }}", "d1"),
                Arguments.of("{{ regexSplit \"z+\" \"pizza\" -1 }}", "[pi a]"),
                Arguments.of("{{ regexSplit \"z+\" \"pizza\" 1 }}", "[pizza]"),
                Arguments.of("{{ regexQuoteMeta \"1.2.3\" }}", "1\\.2\\.3"),
                Arguments.of("{{ mustRegexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\" }}", "-W-xxW-"),
                Arguments.of("{{ until 5 }}", "[0 1 2 3 4]"),
                Arguments.of("{{ untilStep 3 6 2 }}", "[3 5]"),
                Arguments.of("{{ seq 5 }}|{{ seq -3 }}|{{ seq 0 2 }}|{{ seq 2 -2 }}|{{ seq 0 2 10 }}|{{ seq 0 -2 -5 }}",
                        "1 2 3 4 5|1 0 -1 -2 -3|0 1 2|2 1 0 -1 -2|0 2 4 6 8 10|0 -2 -4"),
                Arguments.of("{{ addf 1.5 2 2 }} {{ add1f 1.5 }} {{ subf 7.5 2 3 }} {{ mulf 1.5 2 2 }} {{ divf 10 2 4 }}",
                        "5.5 2.5 2.5 6 1.25"),
                Arguments.of("{{ addf 1.1 2.2 }}", "3.3"),
                Arguments.of("{{ maxf 1 2.5 3 }} {{ minf 1.5 2 3 }}", "3 1.5"),
                Arguments.of("{{ kindOf \"hello\" }} {{ kindIs \"int\" 123 }} {{ typeOf 1.5 }} {{ kindOf (list) }}",
                        "string true float64 slice"),
                Arguments.of("{{ range $k, $v := dict \"b\" 2 \"a\" 1 }}{{ $k }}={{ $v }};{{ end }}", "a=1;b=2;"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void sprigExamples(String template, String expected) throws Exception {
        assertThat(GoTemplate.parse(template).execute(DATA)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ regexFind \"(\" \"x\" }}", "{{ mustRegexMatch \"(\" \"x\" }}", "{{ get .X \"a\" }}",
            "{{ divf 1 0 }}", "{{ until 1000000 }}"})
    void sprigRunTimeErrorsFailTheExecution(String template) {
        // regexFind MustCompiles (a panic in Go, an execution error for the template); divf by 0 panics in
        // shopspring/decimal; get on a string has no dict; until beyond the cap.
        assertThatThrownBy(() -> GoTemplate.parse(template).execute(DATA))
                .isInstanceOf(GoTemplate.ExecutionException.class);
    }
}
