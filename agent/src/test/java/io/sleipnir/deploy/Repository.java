package io.sleipnir.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root, found from the test's working directory (Maven runs the agent's tests in agent/). */
final class Repository {
    private Repository() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("deploy/daemonset/kustomization.yaml"))
                    && Files.isDirectory(candidate.resolve("config"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (with deploy/daemonset and config/) above " + dir);
    }

    static String read(String relativePath) {
        try {
            return Files.readString(root().resolve(relativePath), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
