package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Agrees with java.time, which the hot path cannot afford to call. */
class CivilDateTest {

    @Property(tries = 500)
    void agreesWithJavaTime(@ForAll @IntRange(min = -3000, max = 3000) int year,
            @ForAll @IntRange(min = 1, max = 12) int month, @ForAll @IntRange(min = 1, max = 31) int day) {
        LocalDate first = LocalDate.of(year, month, 1);
        assertThat(CivilDate.daysInMonth(year, month)).isEqualTo(first.lengthOfMonth());
        assertThat(CivilDate.isLeap(year)).isEqualTo(first.isLeapYear());
        // A day past the month's end overflows into the next month, as Go's time.Date does.
        assertThat(CivilDate.daysFromCivil(year, month, day)).isEqualTo(first.toEpochDay() + day - 1);
    }

    @Test
    void knownDays() {
        assertThat(CivilDate.daysFromCivil(1970, 1, 1)).isZero();
        assertThat(CivilDate.daysFromCivil(2000, 3, 1)).isEqualTo(11_017);
        assertThat(CivilDate.daysInMonth(1900, 2)).isEqualTo(28);
        assertThat(CivilDate.daysInMonth(2000, 2)).isEqualTo(29);
    }
}
