package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.model.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which files a target reads, as Promtail 2.8's file target picks them (clients/pkg/promtail/targets/file/
 * filetarget.go, sync()): a {@code __path__} or {@code __path_exclude__} that names an existing file is that file,
 * otherwise it is a doublestar v1.3 glob (github.com/bmatcuk/doublestar, Glob), and the excluded matches are removed.
 */
class PathResolverTest {
    @TempDir
    Path dir;

    private List<String> resolve(String include, String... excludes) {
        PathResolver resolver = new PathResolver();
        resolver.setTargets(List.of(new FileTarget(include, List.of(excludes), Labels.of("job", "t"), e -> { })));
        return resolver.resolve().files().keySet().stream().sorted().toList();
    }

    private void touch(String... names) throws IOException {
        for (String n : names) {
            Path p = dir.resolve(n);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x\n");
        }
    }

    /** filetarget.go sync(): {@code if fi, err := os.Stat(t.path); err == nil && !fi.IsDir()} skips the glob. */
    @Test
    void aPathNamingAnExistingFileIsThatFileNotAGlob() throws IOException {
        touch("app[1].log", "app1.log");
        assertThat(resolve(dir + "/app[1].log")).containsExactly(dir + "/app[1].log");
    }

    /** The same os.Stat check for __path__: until that file exists, the path is a glob. */
    @Test
    void aPathNamingNoFileIsStillAGlob() throws IOException {
        touch("app1.log");
        assertThat(resolve(dir + "/app[1].log")).containsExactly(dir + "/app1.log");
    }

    /** sync() runs the same os.Stat check on __path_exclude__: an existing file excludes only itself. */
    @Test
    void anExcludeNamingAnExistingFileExcludesOnlyThatFile() throws IOException {
        touch("app[1].log", "app1.log", "app2.log");
        assertThat(resolve(dir + "/*.log", dir + "/app[1].log"))
                .containsExactly(dir + "/app1.log", dir + "/app2.log");
    }

    /**
     * doublestar v1.3 matchComponent: {@code **}{@code /e.log} inside {@code {}} is one segment matching any name with
     * {@code e.log} still to come; merged with the other alternatives' full matches, only the "more to come" results
     * survive, so no file directly in the directory is excluded, and {@code **} there never spans directories.
     */
    @Test
    void anAlternativeWithDoublestarInsideBracesExcludesNothingHere() throws IOException {
        touch("a.txt", "x1.log", "keep.log", "s/e.log", "s/t/e.log");
        assertThat(resolve(dir + "/**", dir + "/{**/e.log,*.txt,x*}")).containsExactly(
                dir + "/a.txt", dir + "/keep.log", dir + "/s/t/e.log", dir + "/x1.log");
    }
}
