package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sprig's {@code urlParse} and {@code urlJoin} (url.go over Go's net/url): sprig's url_test.go table (each URL,
 * its parts, and urlJoin of the parts giving the URL back), then cases from Go's net/url url_test.go.
 */
class SprigUrlTest {
    private static final String PARTS = "{{ $u := urlParse .s }}{{ $u.scheme }}|{{ $u.host }}|{{ $u.hostname }}|"
            + "{{ $u.path }}|{{ $u.query }}|{{ $u.opaque }}|{{ $u.fragment }}|{{ $u.userinfo }}";

    /** URL, then scheme|host|hostname|path|query|opaque|fragment|userinfo. */
    static Stream<Arguments> sprigTable() {
        return Stream.of(
                Arguments.of("proto://auth@host:80/path?query#fragment", "proto|host:80|host|/path|query||fragment|auth"),
                Arguments.of("proto://host:80/path", "proto|host:80|host|/path||||"),
                Arguments.of("something", "|||something||||"),
                Arguments.of("proto://user:passwor%20d@host:80/path", "proto|host:80|host|/path||||user:passwor%20d"),
                Arguments.of("proto://host:80/pa%20th?key=val%20ue", "proto|host:80|host|/pa th|key=val%20ue|||"));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("sprigTable")
    void urlParseGivesSprigsParts(String url, String parts) throws Exception {
        assertThat(run(PARTS, url)).isEqualTo(parts);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("sprigTable")
    void urlJoinOfThePartsGivesTheUrlBack(String url, String parts) throws Exception {
        assertThat(run("{{ urlJoin (urlParse .s) }}", url)).isEqualTo(url);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '=', value = {
            // sprig's TestUrlParse / TestUrlJoin templates
            "{{ index ( urlParse \"proto://auth@host:80/path?query#fragment\" ) \"host\" }} = host:80",
            "{{ urlJoin (dict \"fragment\" \"fragment\" \"host\" \"host:80\" \"path\" \"/path\" \"query\" \"query\""
                    + " \"scheme\" \"proto\") }} = proto://host:80/path?query#fragment",
            "{{ urlJoin (dict \"fragment\" \"fragment\" \"host\" \"host:80\" \"path\" \"/path\" \"scheme\" \"proto\""
                    + " \"userinfo\" \"ASDJKJSD\") }} = proto://ASDJKJSD@host:80/path#fragment"})
    void sprigTemplates(String template, String expected) throws Exception {
        assertThat(run(template, "")).isEqualTo(expected);
    }

    /** Go's net/url url_test.go: URL, its parts (as in {@link #sprigTable}), and what urlJoin of them gives. */
    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = ' ', value = {
            "http://www.google.com http|www.google.com|www.google.com||||| http://www.google.com",
            "http://www.google.com/?q=go+language#foo%26bar http|www.google.com|www.google.com|/|q=go+language||foo&bar|"
                    + " http://www.google.com/?q=go+language#foo&bar",
            "mailto:webmaster@golang.org mailto|||||webmaster@golang.org|| mailto:webmaster@golang.org",
            "http://j@ne:password@google.com http|google.com|google.com|||||j%40ne:password"
                    + " http://j%40ne:password@google.com",
            "http://[fe80::1%25en0]:8080/ http|[fe80::1%en0]:8080|fe80::1%en0|/|||| http://[fe80::1%25en0]:8080/",
            "/foo?query=http://bad |||/foo|query=http://bad||| /foo?query=http://bad",
            // urlJoin sets only the decoded path, so an escaped slash comes back as a slash
            "HTTP://www.Google.com/a%2Fb http|www.Google.com|www.Google.com|/a/b|||| http://www.Google.com/a/b",
            "http://www.google.com/?foo=bar? http|www.google.com|www.google.com|/|foo=bar?||| http://www.google.com/?foo=bar?"})
    void goNetUrlCases(String url, String parts, String string) throws Exception {
        assertThat(run(PARTS, url)).isEqualTo(parts);
        assertThat(run("{{ urlJoin (urlParse .s) }}", url)).isEqualTo(string);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '=', value = {
            ":foo = parse \":foo\": missing protocol scheme",
            "http://[::1]:namedport = parse \"http://[::1]:namedport\": invalid port \":namedport\" after host",
            "http://%41:8080/ = parse \"http://%41:8080/\": invalid URL escape \"%41\"",
            "http://a b.com/ = parse \"http://a b.com/\": invalid character \" \" in host name",
            "1a:b/c = parse \"1a:b/c\": first path segment in URL cannot contain colon"})
    void badUrlsFailAsSprigPanics(String url, String goError) {
        assertThatThrownBy(() -> run("{{ urlParse .s }}", url)).isInstanceOf(GoTemplate.ExecutionException.class)
                .hasMessage("error calling urlParse: unable to parse url: " + goError);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '=', value = {
            "{{ urlJoin (dict \"host\" 80) }} = error calling urlJoin: unable to parse host key, must be of type"
                    + " string, but int found",
            "{{ urlJoin (dict \"userinfo\" \"a b\") }} = error calling urlJoin: unable to parse userinfo in dict:"
                    + " parse \"proto://a b@host\": net/url: invalid userinfo"})
    void urlJoinRefusesWhatSprigPanicsOn(String template, String message) {
        assertThatThrownBy(() -> run(template, "")).isInstanceOf(GoTemplate.ExecutionException.class)
                .hasMessage(message);
    }

    private static String run(String template, String value) throws Exception {
        return GoTemplate.parse(template).execute(Map.of("s", value));
    }
}
