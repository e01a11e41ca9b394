package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIdentityTest {
    @TempDir
    Path dir;

    @Test
    void renameKeepsTheIdentityAndRecreateChangesIt() throws IOException {
        Path log = Files.writeString(dir.resolve("0.log"), "x\n");
        FileIdentity before = FileIdentity.of(log);
        Path rotated = Files.move(log, dir.resolve("0.log.20260101-120000"));
        assertThat(FileIdentity.of(rotated)).isEqualTo(before);
        Files.writeString(log, "y\n");
        assertThat(FileIdentity.of(log)).isNotEqualTo(before);
    }

    @Test
    void roundTripsThroughItsText() {
        FileIdentity id = new FileIdentity(2049, 1234567);
        assertThat(id.format()).isEqualTo("2049:1234567");
        assertThat(FileIdentity.parse("2049:1234567")).isEqualTo(id);
        assertThatThrownBy(() -> FileIdentity.parse("2049")).hasMessage("identity is not <dev>:<inode>: \"2049\"");
        assertThatThrownBy(() -> FileIdentity.parse("a:b")).hasMessage("identity is not <dev>:<inode>: \"a:b\"");
    }
}
