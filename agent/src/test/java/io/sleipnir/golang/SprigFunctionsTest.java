package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sprig v3.2.3's functions as Promtail 2.8's template stage has them, with the cases of sprig's own tests
 * (date_test.go, crypto_test.go, defaults_test.go, list_test.go, strings_test.go) and documentation examples
 * (date.md, strings.md, lists.md, conversion.md) as facts; the clock is injected, never the wall clock.
 */
class SprigFunctionsTest {
    /** 2023-10-10T13:55:36.5Z, a Tuesday. */
    private static final Instant NOW = Instant.parse("2023-10-10T13:55:36.5Z");
    private static final Map<String, String> DATA = Map.of("Value", "hello world", "empty", "", "secs", "93784");

    private static String run(String template, ZoneId local) throws Exception {
        return GoTemplate.parse(template, Clock.fixed(NOW, local)).execute(DATA);
    }

    static Stream<Arguments> dates() {
        return Stream.of(
                // date_test.go TestToDate
                Arguments.of("{{toDate \"2006-01-02\" \"2017-12-31\" | date \"02/01/2006\"}}", "31/12/2017"),
                // date_test.go TestUnixEpoch
                Arguments.of("{{ unixEpoch (toDate \"02 Jan 06 15:04:05 MST\" \"13 Jun 19 20:39:39 GMT\") }}",
                        "1560458379"),
                // date_test.go TestDateInZone: an integer is Unix seconds; an unknown zone means UTC
                Arguments.of("{{ date_in_zone \"02 Jan 06 15:04 -0700\" 1560458379 \"UTC\" }}", "13 Jun 19 20:39 +0000"),
                Arguments.of("{{ date_in_zone \"02 Jan 06 15:04 -0700\" 1560458379 \"foobar\" }}",
                        "13 Jun 19 20:39 +0000"),
                // ... and anything that is neither a time nor an integer means now
                Arguments.of("{{ date_in_zone \"02 Jan 06 15:04 -0700\" .empty \"UTC\" }}", "10 Oct 23 13:55 +0000"),
                Arguments.of("{{ dateInZone \"2006-01-02 15:04:05 MST\" 1560458379 \"Europe/Berlin\" }}",
                        "2019-06-13 22:39:39 CEST"),
                Arguments.of("{{ toDate \"2006\" \"x\" | dateModify \"1h\" }}", "0001-01-01 01:00:00 +0000 UTC"),
                // date_test.go TestDuration and TestDurationRound
                Arguments.of("{{ duration \"61\" }} {{ duration \"3600\" }} {{ duration .secs }} {{ duration \"x\" }}",
                        "1m1s 1h0m0s 26h3m4s 0s"),
                Arguments.of("{{ durationRound \"2h5s\" }} {{ durationRound \"24h5s\" }} {{ durationRound \"2400h5s\" }}"
                        + " {{ durationRound \"-9000h\" }} {{ durationRound \"bad\" }}", "2h 1d 3mo 1y 0s"),
                // date_test.go TestAgo: 125 s ago, 2h34m17s ago, 5 s ahead
                Arguments.of("{{ now | dateModify \"-125s\" | ago }} {{ now | dateModify \"-9257s\" | ago }}"
                        + " {{ now | dateModify \"5s\" | ago }}", "2m5s 2h34m17s -5s"),
                Arguments.of("{{ ago 1696946136 }} {{ ago .Value }}", "1s 0s"), // 13:55:36 is 0.5 s before now
                // date_test.go TestHtmlDate (skipped there because it depends on Local; here Local is UTC)
                Arguments.of("{{ htmlDate 0 }} {{ htmlDateInZone 0 \"America/New_York\" }}", "1970-01-01 1969-12-31"),
                Arguments.of("{{ now }}", "2023-10-10 13:55:36.5 +0000 UTC m=+0.000000000"),
                Arguments.of("{{ now | date \"Mon Jan _2 15:04:05.000 MST 2006\" }}", "Tue Oct 10 13:55:36.500 UTC 2023"),
                Arguments.of("{{ toDate \"2006-01-02\" \"bad\" }}", "0001-01-01 00:00:00 +0000 UTC"),
                Arguments.of("{{ toDate \"2006-01-02T15:04:05Z07:00\" \"2023-10-10T15:55:36+02:00\" | unixEpoch }}",
                        "1696946136"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void dates(String template, String expected) throws Exception {
        assertThat(run(template, ZoneOffset.UTC)).isEqualTo(expected);
    }

    /** Local is the clock's zone: its name and offset, as Go's time.Local. */
    @Test
    void dateUsesTheLocalZoneForItsNameAndOffset() throws Exception {
        // date_test.go TestDateModify (its parsed time prints in GMT; here Local is GMT)
        assertThat(run("{{ toDate \"02 Jan 06 15:04:05 MST\" \"13 Jun 19 20:39:39 GMT\" | date_modify \"24h\" }}",
                ZoneId.of("GMT"))).isEqualTo("2019-06-14 20:39:39 +0000 GMT");
        assertThat(run("{{ date \"15:04 MST\" 0 }}", ZoneId.of("Europe/Berlin"))).isEqualTo("01:00 CET");
        assertThat(run("{{ toDate \"2006-01-02 15:04\" \"2023-07-01 12:00\" | date \"15:04 -07:00 MST\" }}",
                ZoneId.of("Europe/Berlin"))).isEqualTo("12:00 +02:00 CEST");
    }

    @Test
    void nowCarriesGoMonotonicReadingCountedFromWhenTheTemplateWasLoaded() throws Exception {
        MovingClock clock = new MovingClock(NOW);
        GoTemplate template = GoTemplate.parse("{{ now }}", clock);
        clock.now = NOW.plusMillis(1500);
        assertThat(template.execute(DATA)).isEqualTo("2023-10-10 13:55:38 +0000 UTC m=+1.500000000");
        assertThat(GoTemplate.parse("{{ now | date \"2006\" }}|{{ dateInZone \"15:04\" now \"UTC\" }}", clock)
                .execute(DATA)).isEqualTo("2023|13:55");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ must_date_modify \"1f\" now }}", "{{ mustToDate \"2006\" \"x\" }}",
            "{{ unixEpoch .Value }}", "{{ dateModify \"1h\" 5 }}"})
    void dateErrorsFailTheExecution(String template) {
        assertThatThrownBy(() -> run(template, ZoneOffset.UTC)).isInstanceOf(GoTemplate.ExecutionException.class);
    }

    static Stream<Arguments> others() {
        return Stream.of(
                // crypto_test.go TestSha256Sum, TestSha1Sum, TestAdler32Sum
                Arguments.of("{{\"abc\" | sha256sum}}", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                Arguments.of("{{\"abc\" | sha1sum}}", "a9993e364706816aba3e25717850c26c9cd0d89d"),
                Arguments.of("{{\"abc\" | adler32sum}}", "38600999"),
                // crypto_test.go TestEncryptDecryptAES
                Arguments.of("{{ \"plaintext\" | encryptAES \"secretkey\" | decryptAES \"secretkey\" }}", "plaintext"),
                // defaults_test.go TestToJson, TestToPrettyJson, TestToRawJson (dict keys sorted as Go's maps)
                Arguments.of("{{ dict \"string\" \"test\" \"number\" 42 \"bool\" true | toJson }}",
                        "{\"bool\":true,\"number\":42,\"string\":\"test\"}"),
                Arguments.of("{{ dict \"string\" \"test\" \"number\" 42 \"bool\" true | toPrettyJson }}",
                        "{\n  \"bool\": true,\n  \"number\": 42,\n  \"string\": \"test\"\n}"),
                Arguments.of("{{ dict \"html\" \"<HEAD>\" \"l\" (list 1.5 \"a\") | toRawJson }}",
                        "{\"html\":\"<HEAD>\",\"l\":[1.5,\"a\"]}"),
                Arguments.of("{{ list | toPrettyJson }} {{ dict | toJson }} {{ 1e21 | toJson }}", "[] {} 1e+21"),
                // defaults_test.go TestFromJson: numbers are float64; a bad text gives nil
                Arguments.of("{{ $j := fromJson \"{\\\"foo\\\": 55, \\\"l\\\": [1, \\\"x\\\"]}\" }}{{ $j.foo }} {{ $j.l }}",
                        "55 [1 x]"),
                Arguments.of("{{ fromJson \"{\\\"b\\\": [1, 2.5], \\\"a\\\": null}\" }}", "map[a:<nil> b:[1 2.5]]"),
                Arguments.of("{{ fromJson \"{bad\" }}|{{ fromJson \"1 2\" }}", "<no value>|<no value>"),
                Arguments.of("{{ $d := dict \"a\" (list 1) }}{{ $c := deepCopy $d }}{{ $_ := set $c \"a\" 2 }}{{ $d }}",
                        "map[a:[1]]"),
                // lists.md chunk, mustFirst; list_test.go: rest of an empty list is nil
                Arguments.of("{{ list 1 2 3 4 5 6 7 8 | chunk 3 }}", "[[1 2 3] [4 5 6] [7 8]]"),
                Arguments.of("{{ list 1 2 | mustFirst }} {{ list 1 2 | mustLast }} {{ list | rest }}", "1 2 <no value>"),
                Arguments.of("{{ mustAppend (list 1) 2 }} {{ mustPrepend (list 1) 0 }} {{ mustUniq (list 1 1) }}",
                        "[1 2] [0 1] [1]"),
                // strings.md
                Arguments.of("{{ abbrevboth 5 10 \"1234 5678 9123\" }}", "...5678..."),
                Arguments.of("{{ wrapWith 5 \"\\t\" \"Hello World\" }}|{{ wrap 5 \"Hello World\" }}",
                        "Hello\tWorld|Hello\nWorld"),
                Arguments.of("{{ camelcase \"http_server\" }}", "HttpServer"),
                Arguments.of("{{ shuffle \"abc\" | len }}", "3"),
                // encoding.md, conversion.md
                Arguments.of("{{ b32dec \"NBSWY3DP\" }} {{ toDecimal \"0777\" }} {{ toDecimal \"9\" }}", "hello 511 0"),
                // spf13/cast v1.3.1 through sprig's toInt64: strconv.ParseInt(s, 0, 64)
                Arguments.of("{{ int64 \"0x1F\" }} {{ int \"010\" }} {{ int64 \"1_000\" }} {{ int64 \"5.0\" }}"
                        + " {{ int64 \" 5\" }} {{ add \"1\" \"0x10\" 2.9 }}", "31 8 1000 0 0 19"),
                Arguments.of("{{ float64 \"1e3\" }} {{ float64 \"0x1p-2\" }} {{ float64 \"1f\" }} {{ atoi \"007\" }}",
                        "1000 0.25 0 7"),
                Arguments.of("{{ default \"foo\" }} {{ .empty | default \"foo\" }}", "foo foo"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void others(String template, String expected) throws Exception {
        assertThat(run(template, ZoneOffset.UTC)).isEqualTo(expected);
    }

    /** crypto_test.go TestRandString-style checks: length and alphabet (the values are random, as in sprig). */
    @Test
    void randomStringsHaveTheAskedLengthAndAlphabet() throws Exception {
        assertThat(run("{{ randAlphaNum 40 }}", ZoneOffset.UTC)).matches("[A-Za-z0-9]{40}");
        assertThat(run("{{ randAlpha 40 }}", ZoneOffset.UTC)).matches("[A-Za-z]{40}");
        assertThat(run("{{ randNumeric 40 }}", ZoneOffset.UTC)).matches("[0-9]{40}");
        assertThat(run("{{ randAscii 40 }}", ZoneOffset.UTC)).matches("[ -~]{40}");
        assertThat(run("{{ randAlpha 0 }}|{{ randAlpha -1 }}", ZoneOffset.UTC)).isEqualTo("|");
        assertThat(Base64.getDecoder().decode(run("{{ randBytes 12 }}", ZoneOffset.UTC))).hasSize(12);
        assertThat(run("{{ randInt 5 6 }}", ZoneOffset.UTC)).isEqualTo("5");
        assertThat(run("{{ \"x\" | encryptAES \"k\" }}", ZoneOffset.UTC)).hasSize(44); // IV + one block, base64
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ first .Value }}", "{{ mustFromJson \"{bad\" }}", "{{ chunk 0 (list 1) }}",
            "{{ decryptAES \"k\" \"AAAA\" }}", "{{ randInt 5 5 }}", "{{ mustToJson (float64 \"NaN\") }}"})
    void sprigErrorsFailTheExecution(String template) {
        assertThatThrownBy(() -> run(template, ZoneOffset.UTC)).isInstanceOf(GoTemplate.ExecutionException.class);
    }

    @Test
    void listFunctionsOnAStringFailWithSprigsMessage() {
        assertThatThrownBy(() -> run("{{ first .Value }}", ZoneOffset.UTC))
                .hasMessage("error calling first: Cannot find first on type string");
        assertThatThrownBy(() -> run("{{ slice .Value 1 }}", ZoneOffset.UTC))
                .hasMessage("error calling slice: list should be type of slice or array but string");
    }

    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
