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
            "/var/log/[^abc].log | /var/log/d.log | true",
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

    /**
     * Promtail 2.8 globs with github.com/bmatcuk/doublestar v1.3 (v4 only from Loki 3.4.0, loki#17001); its
     * doublestar.go matchComponent is the reference for each row.
     */
    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // "if classRunes[0] == '^'": only ^ negates, so [!a] is the class of '!' and 'a'
            "/d/x[!a].log | /d/xa.log | true",
            "/d/x[!a].log | /d/x!.log | true",
            "/d/x[!a].log | /d/x1.log | false",
            "/d/x[^a].log | /d/x1.log | true",
            "/d/x[^a].log | /d/xa.log | false",
            // ranges, and '\\' escaping inside a class
            "/d/[a-c0-2].log | /d/1.log | true",
            "/d/[a-c0-2].log | /d/d.log | false",
            "/d/[\\]].log | /d/].log | true",
            // '\\' escapes outside a class
            "/d/a\\*.log | /d/a*.log | true",
            "/d/a\\*.log | /d/ab.log | false",
            // {} alternatives: the merged results keep only those with path still to match
            "/d/{**/e.log,*.txt,x*} | /d/a.txt | false",
            "/d/{**/e.log,*.txt,x*} | /d/s/e.log | true",
            "/d/{**/e.log,*.txt,x*} | /d/s/t/e.log | false",
            "/d/{*.txt,x*} | /d/a.txt | true",
            // alternatives may hold a '/', and nest
            "/d/{a/b,c}.log | /d/a/b.log | true",
            "/d/{a/b,c}.log | /d/c.log | true",
            "/d/{a,b{1,2}}.log | /d/b2.log | true",
            "/d/{a,b{1,2}}.log | /d/b3.log | false",
            // ** only as a whole segment spans directories; inside a segment it is *
            "/d/**.log | /d/a.log | true",
            "/d/**.log | /d/a/b.log | false",
            "/d/a**/*.log | /d/ab/c.log | true",
            "/d/a**/*.log | /d/ab/c/d.log | false",
            // no special case for hidden files: * matches a leading dot
            "/d/*.log | /d/.hidden.log | true",
            "/d/**/*.log | /d/.git/x.log | true",
    })
    void matchesLikePromtailsDoublestarV1(String glob, String path, boolean expected) {
        assertThat(GlobMatcher.compile(glob).matches(path)).isEqualTo(expected);
    }

    /** filetarget.go sync(): a glob whose very path is an existing file picks that file, and only it. */
    @Test
    void aGlobNamingAnExistingFileSelectsOnlyThatFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        GlobMatcher g = GlobMatcher.compile(dir + "/app[1].log");
        assertThat(g.selects(dir + "/app1.log")).isTrue();
        java.nio.file.Files.writeString(dir.resolve("app[1].log"), "x\n");
        assertThat(g.selects(dir + "/app1.log")).isFalse();
        assertThat(g.selects(dir + "/app[1].log")).isTrue();
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
