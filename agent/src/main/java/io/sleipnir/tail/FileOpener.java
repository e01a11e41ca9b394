package io.sleipnir.tail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens files for reading; a seam so tests can simulate permission errors (tests run as root). */
interface FileOpener {
    FileOpener DEFAULT = path -> FileChannel.open(path, StandardOpenOption.READ);

    FileChannel open(Path path) throws IOException;
}
