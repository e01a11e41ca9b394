package io.sleipnir.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The words a log line gets for what the file system refused, from real failures. */
class IoErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsNamedInPlainWords() {
        IOException e = failure(() -> FileChannel.open(dir.resolve("gone.log")));
        assertThat(IoErrors.describe(e)).isEqualTo("no such file or directory").doesNotContain("Exception");
    }

    @Test
    void aFileThatIsNotADirectoryIsNamedInPlainWords() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        IOException e = failure(() -> Files.newDirectoryStream(file));
        assertThat(IoErrors.describe(e)).isEqualTo("not a directory");
    }

    @Test
    void anUnreadableFileIsPermissionDeniedUnlessRunAsRoot() throws IOException {
        Path file = Files.writeString(dir.resolve("secret.log"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        try {
            FileChannel.open(file).close();
            // root reads it anyway (as in CI here): then the words for the same exception type are checked
            assertThat(IoErrors.describe(new java.nio.file.AccessDeniedException(file.toString())))
                    .isEqualTo("permission denied");
        } catch (IOException e) {
            assertThat(IoErrors.describe(e)).isEqualTo("permission denied");
        }
    }

    @Test
    void anOperatingSystemReasonIsKeptWithoutTheClassName() {
        IOException e = new java.nio.file.FileSystemException("/var/log/a.log", null, "Too many open files");
        assertThat(IoErrors.describe(e)).isEqualTo("Too many open files");
    }

    private interface Failing {
        AutoCloseable run() throws IOException;
    }

    private static IOException failure(Failing action) {
        try (AutoCloseable ignored = action.run()) {
            throw new AssertionError("expected a failure");
        } catch (IOException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
