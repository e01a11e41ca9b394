package io.sleipnir.positions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrittenFilesTest {
    @TempDir
    Path dir;

    @Test
    void filesAsWrittenAreUnchangedUntilSomeoneElseTouchesThem() throws Exception {
        Path sidecar = dir.resolve("positions.yaml.sleipnir");
        Path main = dir.resolve("positions.yaml");
        WrittenFiles onDisk = new WrittenFiles(sidecar, main);
        assertThat(onDisk.unchanged()).as("nothing recorded yet").isFalse();

        onDisk.recorded(AtomicFiles.write(sidecar, bytes("s")), AtomicFiles.write(main, bytes("positions: {}\n")));
        assertThat(onDisk.unchanged()).isTrue();

        Files.setLastModifiedTime(main, FileTime.fromMillis(0));
        assertThat(onDisk.unchanged()).as("the same content with another modification time").isFalse();
    }

    @Test
    void aChangeRightAfterTheWriteIsNotTakenForTheWrite() throws Exception {
        Path sidecar = dir.resolve("positions.yaml.sleipnir");
        Path main = dir.resolve("positions.yaml");
        WrittenFiles onDisk = new WrittenFiles(sidecar, main);
        BasicFileAttributes sidecarWritten = AtomicFiles.write(sidecar, bytes("s"));
        BasicFileAttributes mainWritten = AtomicFiles.write(main, bytes("positions: {}\n"));
        // Someone touches the file between the rename and the writer's bookkeeping: the writer must still see that
        // the file is no longer its own (read back, the touched file would have been recorded as written).
        Files.setLastModifiedTime(main, FileTime.fromMillis(0));
        onDisk.recorded(sidecarWritten, mainWritten);

        assertThat(onDisk.unchanged()).isFalse();
    }

    @Test
    void aDeletedFileIsNotUnchanged() throws Exception {
        Path sidecar = dir.resolve("positions.yaml.sleipnir");
        Path main = dir.resolve("positions.yaml");
        WrittenFiles onDisk = new WrittenFiles(sidecar, main);
        onDisk.recorded(AtomicFiles.write(sidecar, bytes("s")), AtomicFiles.write(main, bytes("p")));

        Files.delete(sidecar);

        assertThat(onDisk.unchanged()).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
