package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Rfc3339}'s fast path is Go's {@code time.Parse(time.RFC3339Nano, ...)}: on generated texts, canonical ones
 * and ones mutated by a character replaced, inserted or removed (so mostly invalid, some valid in a form the fast
 * path leaves alone), the fast path either declines or gives exactly what {@link GoTimeLayout}'s general parser
 * gives, and {@link Rfc3339#parseNanos} always equals the general parser.
 */
class Rfc3339PropertyTest {
    private static final GoTimeLayout GENERAL = GoTimeLayout.compile("RFC3339Nano");
    private static final String ALPHABET = "0123456789-+:.,TZtz 9";

    @Property(tries = 3000)
    void fastPathEqualsTheGeneralParser(@ForAll("timestamps") String text) {
        long general = GENERAL.parseGeneral(text);
        long fast = Rfc3339.fast(text, 0, text.length());
        if (fast != Rfc3339.INVALID) {
            assertThat(fast).as(text).isEqualTo(general);
        }
        assertThat(Rfc3339.parseNanos(text)).as(text).isEqualTo(general);
        assertThat(GoTimeLayout.compile("RFC3339").parseNanos(text, null, null)).as(text).isEqualTo(general);
    }

    @Property(tries = 1000)
    void fastPathTakesEveryCanonicalTimestampInRange(@ForAll("canonical") String text) {
        long fast = Rfc3339.fast(text, 0, text.length());
        assertThat(fast).as(text).isNotEqualTo(Rfc3339.INVALID).isEqualTo(GENERAL.parseGeneral(text));
    }

    /**
     * The bytes path is the text path: on the same generated texts, between bytes that would change the answer if
     * it read outside its bounds (digits before, a digit and a zone after), both paths give the same.
     */
    @Property(tries = 3000)
    void bytesPathEqualsTheTextPath(@ForAll("timestamps") String text,
                                    @ForAll @net.jqwik.api.constraints.IntRange(max = 3) int before) {
        byte[] b = ("1".repeat(before) + text + "5Z").getBytes(StandardCharsets.ISO_8859_1);
        int to = before + text.length();
        assertThat(Rfc3339.fast(b, before, to)).as(text).isEqualTo(Rfc3339.fast(text, 0, text.length()));
        assertThat(Rfc3339.parseNanos(b, before, to)).as(text).isEqualTo(GENERAL.parseGeneral(text));
    }

    /** Any bytes, those of 0x80 and above included (read as Latin-1), give the text path's answer on that text. */
    @Property(tries = 2000)
    void bytesPathEqualsTheTextPathOnAnyBytes(@ForAll("timestamps") String text, @ForAll byte replacement,
                                              @ForAll @net.jqwik.api.constraints.IntRange(max = 40) int at) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        b[Math.min(at, b.length - 1)] = replacement;
        String asText = new String(b, StandardCharsets.ISO_8859_1);
        assertThat(Rfc3339.fast(b, 0, b.length)).as(asText).isEqualTo(Rfc3339.fast(asText, 0, asText.length()));
        assertThat(Rfc3339.parseNanos(b, 0, b.length)).as(asText).isEqualTo(Rfc3339.parseNanos(asText));
    }

    /**
     * A caller's {@link Rfc3339.Recent} changes no answer: texts parsed in a row, each often with the date and time of
     * day of the one before (its first 19 characters) and another's rest, valid or not, give what each gives alone.
     */
    @Property(tries = 2000)
    void aRecentDateAndTimeGivesTheSameAnswers(
            @ForAll @net.jqwik.api.constraints.Size(min = 1, max = 8)
            java.util.List<@net.jqwik.api.From("timestamps") String> texts,
            @ForAll @net.jqwik.api.constraints.Size(8) java.util.List<Boolean> sameSecond) {
        Rfc3339.Recent recent = new Rfc3339.Recent();
        String before = "";
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (sameSecond.get(i) && before.length() >= 19 && text.length() >= 19) {
                text = before.substring(0, 19) + text.substring(19);
            }
            byte[] b = ("7" + text + "5Z").getBytes(StandardCharsets.ISO_8859_1);
            int to = 1 + text.length();
            assertThat(Rfc3339.parseNanos(b, 1, to, recent)).as(text).isEqualTo(Rfc3339.parseNanos(b, 1, to));
            before = text;
        }
    }

    @Provide
    Arbitrary<String> timestamps() {
        Arbitrary<String> canonical = canonical();
        Arbitrary<String> mutated = Combinators.combine(canonical, Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 40), Arbitraries.of(ALPHABET.chars().boxed().toList()))
                .as((text, kind, at, c) -> mutate(text, kind, Math.min(at, text.length() - 1), (char) (int) c));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, canonical), net.jqwik.api.Tuple.of(3, mutated));
    }

    @Provide
    Arbitrary<String> canonical() {
        // Years 1678..2261 fit Unix nanoseconds; the zone is Z or an offset within java.time's +-18:00 (the
        // mutations reach the rest of Go's range).
        return Combinators.combine(
                        Arbitraries.longs().between(-9_150_000_000L, 9_190_000_000L),
                        Arbitraries.integers().between(0, 999_999_999),
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.integers().between(-18 * 60, 18 * 60),
                        Arbitraries.of(true, false))
                .as((seconds, nano, digits, offsetMinutes, zulu) -> {
                    ZoneOffset offset = zulu ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
                    String pattern = "yyyy-MM-dd'T'HH:mm:ss" + (digits == 0 ? "" : "." + "S".repeat(digits))
                            + (zulu ? "'Z'" : "xxx");
                    return Instant.ofEpochSecond(seconds, nano).atOffset(offset)
                            .format(DateTimeFormatter.ofPattern(pattern));
                });
    }

    private static String mutate(String text, int kind, int at, char c) {
        return switch (kind) {
            case 0 -> text.substring(0, at) + c + text.substring(at + 1);
            case 1 -> text.substring(0, at) + c + text.substring(at);
            default -> text.substring(0, at) + text.substring(at + 1);
        };
    }
}
