package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GlobMatcherTest {

    /** The directories the tailer watches: those below which a match can still appear. */
    @ParameterizedTest(name = "{0} may have matches below {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "/var/log/pods/*/*/*.log | /var/log/pods | true",
            "/var/log/pods/*/*/*.log | /var/log/pods/ns_pod_uid | true",
            "/var/log/pods/*/*/*.log | /var/log/pods/ns_pod_uid/c | true",
            "/var/log/pods/*/*/*.log | /var/log/pods/ns_pod_uid/c/deeper | false",
            "/var/log/pods/*/*/*.log | /var/log/other | false",
            "/var/log/pods/*_shop_*/*/*.log | /var/log/pods/order_shop_uid | true",
            "/var/log/pods/*_shop_*/*/*.log | /var/log/pods/order_kube-system_uid | false",
            "/var/log/**/*.log | /var/log/a/b/c | true",
            "/var/log/{a,b}/*.log | /var/log/b | true",
            "/var/log/{a,b}/*.log | /var/log/c | false",
    })
    void directoriesThatMayHoldMatches(String glob, String dir, boolean expected) {
        assertThat(GlobMatcher.compile(glob).mayContainMatches(Path.of(dir))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "/var/log/*.log | /var/log/x.log | true",
            "/var/log/*.log | /var/log/a/x.log | false",
            "/var/log/*.log | /var/log/x.log.1 | false",
            "/var/log/*.log | /var/log/.log | true",
            "/var/log/**/*.log | /var/log/x.log | true",
            "/var/log/**/*.log | /var/log/a/x.log | true",
            "/var/log/**/*.log | /var/log/a/b/c/x.log | true",
            "/var/log/**/*.log | /var/logs/x.log | false",
            "/var/log/** | /var/log/a/b | true",
            "/var/log/pods/*/*/*.log | /var/log/pods/ns_pod_uid/c/0.log | true",
            "/var/log/pods/*/*/*.log | /var/log/pods/ns_pod_uid/c/0.log.20260101-120000 | false",
            "/var/log/pods/*/*/*.log | /var/log/pods/ns_pod_uid/0.log | false",
            "/var/log/?.log | /var/log/a.log | true",
            "/var/log/?.log | /var/log/ab.log | false",
            "/var/log/?.log | /var/log//.log | false",
            "/var/log/[abc].log | /var/log/b.log | true",
            "/var/log/[abc].log | /var/log/d.log | false",
            "/var/log/[!abc].log | /var/log/d.log | true",
            "/var/log/[a-c].log | /var/log/c.log | true",
            "/var/log/{app,web}.log | /var/log/web.log | true",
            "/var/log/{app,web}.log | /var/log/db.log | false",
            "/var/log/{app,*.txt}.log | /var/log/x.txt.log | true",
            "/var/log/{a,b}/{c,d}.log | /var/log/b/c.log | true",
            "/var/log/a+b(1).log | /var/log/a+b(1).log | true",
            "/var/log/a.log | /var/log/aXlog | false",
            "/var/log/*/*.log | /var/log/a/b/c.log | false",
    })
    void matchesLikeDoublestar(String glob, String path, boolean expected) {
        assertThat(GlobMatcher.compile(glob).matches(path)).isEqualTo(expected);
    }

    @Test
    void walksOnlyFromTheLiteralPrefixDirectory() {
        GlobMatcher pods = GlobMatcher.compile("/var/log/pods/*/*/*.log");
        assertThat(pods.literalPrefixDir()).isEqualTo(Path.of("/var/log/pods"));
        assertThat(pods.maxDepth()).isEqualTo(3);

        GlobMatcher deep = GlobMatcher.compile("/var/log/**/*.log");
        assertThat(deep.literalPrefixDir()).isEqualTo(Path.of("/var/log"));
        assertThat(deep.maxDepth()).isEqualTo(Integer.MAX_VALUE);

        assertThat(GlobMatcher.compile("/*.log").literalPrefixDir()).isEqualTo(Path.of("/"));
        assertThat(GlobMatcher.compile("/var/log/app.log").isLiteral()).isTrue();
        assertThat(GlobMatcher.compile("/var/log/app.log").literalPrefixDir()).isEqualTo(Path.of("/var/log"));
    }

    @Test
    void malformedGlobsNameThemselves() {
        assertThatThrownBy(() -> GlobMatcher.compile("/var/log/[ab.log"))
                .hasMessage("glob /var/log/[ab.log: unclosed [ at position 9");
        assertThatThrownBy(() -> GlobMatcher.compile("/var/log/{a,b.log"))
                .hasMessage("glob /var/log/{a,b.log: unclosed { at position 9");
    }

    @Test
    void excludeGlobsUseTheSameSemantics() {
        GlobMatcher exclude = GlobMatcher.compile("/var/log/**/*.gz");
        assertThat(exclude.matches("/var/log/pods/a/b/0.log.20260101.gz")).isTrue();
        assertThat(exclude.matches("/var/log/pods/a/b/0.log")).isFalse();
    }
}
