package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sprig's {@code snakecase}, {@code kebabcase} and {@code camelcase} are huandu/xstrings' ToSnakeCase, ToKebabCase
 * and ToCamelCase; the cases are xstrings' own convert_test.go tables (TestToSnakeCaseAndToKebabCase, whose kebab
 * answers are the snake ones with {@code -} for {@code _}, and TestToCamelCase), run through the template engine.
 */
class XstringsCaseTest {
    static Stream<Arguments> snakeCases() {
        return Stream.of(
                Arguments.of("HTTPServer", "http_server"),
                Arguments.of("_camelCase", "_camel_case"),
                Arguments.of("NoHTTPS", "no_https"),
                Arguments.of("Wi_thF", "wi_th_f"),
                Arguments.of("_AnotherTES_TCaseP", "_another_tes_t_case_p"),
                Arguments.of("ALL", "all"),
                Arguments.of("_HELLO_WORLD_", "_hello_world_"),
                Arguments.of("HELLO_WORLD", "hello_world"),
                Arguments.of("HELLO____WORLD", "hello____world"),
                Arguments.of("TW", "tw"),
                Arguments.of("_C", "_c"),
                Arguments.of("http2xx", "http_2xx"),
                Arguments.of("HTTP2XX", "http2_xx"),
                Arguments.of("HTTP20xOK", "http_20x_ok"),
                Arguments.of("HTTP20xStatus", "http_20x_status"),
                Arguments.of("HTTP-20xStatus", "http_20x_status"),
                Arguments.of("a", "a"),
                Arguments.of("Duration2m3s", "duration_2m3s"),
                Arguments.of("Bld4Floor3rd", "bld4_floor_3rd"),
                Arguments.of(" _-_ ", "_____"),
                Arguments.of("a1b2c3d", "a_1b2c3d"),
                Arguments.of("A//B%%2c", "a//b%%2c"),
                Arguments.of("HTTP状态码404/502Error", "http_状态码404/502_error"),
                Arguments.of("中文(字符)", "中文(字符)"),
                Arguments.of("混合ABCWords与123数字456", "混合_abc_words_与123_数字456"),
                Arguments.of("  sentence case  ", "__sentence_case__"),
                Arguments.of(" Mixed-hyphen case _and SENTENCE_case and UPPER-case",
                        "_mixed_hyphen_case__and_sentence_case_and_upper_case"),
                Arguments.of("FROM CamelCase to snake/kebab-case", "from_camel_case_to_snake/kebab_case"),
                Arguments.of("", ""),
                Arguments.of("Abc\uFFFDE\uFFFDf\uFFFDd\uFFFD2\uFFFD00z\uFFFDZZ\uFFFDZZ",
                        "abc_\uFFFDe\uFFFDf\uFFFDd_\uFFFD2\uFFFD00z_\uFFFDzz\uFFFDzz"),
                Arguments.of("\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD", "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD"),
                // the package documentation's samples
                Arguments.of("FirstName", "first_name"),
                Arguments.of("GO_PATH", "go_path"),
                Arguments.of("GO PATH", "go_path"),
                Arguments.of("GO-PATH", "go_path"));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("snakeCases")
    void snakecase(String in, String expected) throws Exception {
        assertThat(run("{{ snakecase .s }}", in)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("snakeCases")
    void kebabcase(String in, String snake) throws Exception {
        assertThat(run("{{ kebabcase .s }}", in)).isEqualTo(snake.replace('_', '-'));
    }

    static Stream<Arguments> camelCases() {
        return Stream.of(
                Arguments.of("http_server", "HttpServer"),
                Arguments.of("_camel_case", "_CamelCase"),
                Arguments.of("no_https", "NoHttps"),
                Arguments.of("_complex__case_", "_Complex_Case_"),
                Arguments.of(" complex -case ", " Complex Case "),
                Arguments.of("all", "All"),
                Arguments.of("GOLANG_IS_GREAT", "GolangIsGreat"),
                Arguments.of("GOLANG", "Golang"),
                Arguments.of("a", "A"),
                Arguments.of("好", "好"),
                Arguments.of("FROM CamelCase to snake/kebab-case", "FromCamelcaseToSnake/kebabCase"),
                Arguments.of("", ""));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource
    void camelCases(String in, String expected) throws Exception {
        assertThat(run("{{ camelcase .s }}", in)).isEqualTo(expected);
    }

    private static String run(String template, String value) throws Exception {
        return GoTemplate.parse(template).execute(Map.of("s", value));
    }
}
