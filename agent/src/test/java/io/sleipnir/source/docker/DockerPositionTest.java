package io.sleipnir.source.docker;

import io.sleipnir.source.AcknowledgedPrefix;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerPositionTest {
    @Test
    void textReadsBackAndPromtailsSecondsMeanFromThatSecondOn() {
        DockerPosition p = new DockerPosition(1_796_208_151_042_040_869L, 3);
        assertThat(p.text()).isEqualTo("1796208151.042040869:3");
        assertThat(DockerPosition.parse(p.text())).isEqualTo(p);
        assertThat(p.sinceSeconds()).isEqualTo(1_796_208_151L);

        DockerPosition promtail = DockerPosition.parse("1796208151");
        assertThat(promtail).isEqualTo(new DockerPosition(1_796_208_151_000_000_000L, 0));
        assertThat(promtail.covers(1_796_208_151_000_000_000L, 1)).as("that second is sent again, as Promtail would")
                .isFalse();
        assertThat(promtail.covers(1_796_208_150_999_999_999L, 1)).isTrue();
    }

    @Test
    void coversEveryRecordBeforeAndTheFirstCountWithTheSameTime() {
        DockerPosition p = new DockerPosition(5_000_000_000L, 2);
        assertThat(p.covers(4_999_999_999L, 9)).isTrue();
        assertThat(p.covers(5_000_000_000L, 1)).isTrue();
        assertThat(p.covers(5_000_000_000L, 2)).isTrue();
        assertThat(p.covers(5_000_000_000L, 3)).isFalse();
        assertThat(p.covers(5_000_000_001L, 1)).isFalse();
    }

    @Test
    void malformedTextIsNoPosition() {
        for (String bad : new String[] {"", "abc", "1.5:1", "1.000000001:x", "1.000000001:-1", "99999999999999999999"}) {
            assertThat(DockerPosition.parse(bad)).as(bad).isNull();
        }
        assertThat(DockerPosition.parse(null)).isNull();
    }

    @Test
    void acksCommitTheFurthestPositionOfTheLongestDonePrefixOnly() {
        List<String> commits = new ArrayList<>();
        TimestampAcks acks = new TimestampAcks(null, p -> commits.add(p.text()));
        AcknowledgedPrefix<DockerPosition>.Token first = acks.issue(new DockerPosition(1_000_000_000L, 1));
        AcknowledgedPrefix<DockerPosition>.Token second = acks.issue(new DockerPosition(1_000_000_000L, 2));
        AcknowledgedPrefix<DockerPosition>.Token third = acks.issue(new DockerPosition(2_000_000_000L, 1));
        first.extendTo(new DockerPosition(3_000_000_000L, 1)); // a joined line whose last frame came after the others
        third.complete();
        second.complete();
        assertThat(commits).as("the first is not done: nothing moves").isEmpty();
        first.retain(1); // two clients
        first.complete();
        assertThat(commits).isEmpty();
        first.complete();
        assertThat(commits).containsExactly("3.000000000:1");
        acks.skipped(new DockerPosition(4_000_000_000L, 1));
        assertThat(commits).containsExactly("3.000000000:1", "4.000000000:1");
        assertThat(acks.inFlight()).isZero();
    }
}
