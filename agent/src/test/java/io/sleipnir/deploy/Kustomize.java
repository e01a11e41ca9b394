package io.sleipnir.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize}, as a user installing it would, and parses the output into
 * Kubernetes objects, with kustomize's default load restrictor (the ConfigMaps come from config/kustomization.yaml).
 */
final class Kustomize {
    private static final long TIMEOUT_SECONDS = 60;

    private Kustomize() {
    }

    /** Whether {@code kubectl version --client} runs; CI machines may have no kubectl. */
    static boolean kubectlAvailable() {
        try {
            Result result = run(Path.of("."), List.of("kubectl", "version", "--client"));
            return result.exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The objects of {@code kubectl kustomize <directory>}, run from the repository's root. */
    static List<KubeObject> render(String directory) {
        Path root = Repository.root();
        try {
            Result result = run(root, List.of("kubectl", "kustomize", directory));
            if (result.exitCode() != 0) {
                throw new AssertionError("kubectl kustomize " + directory + " failed (" + result.exitCode() + "): "
                        + result.stderr());
            }
            List<KubeObject> objects = new ArrayList<>();
            try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class)
                    .readValues(result.stdout())) {
                while (documents.hasNext()) {
                    JsonNode document = documents.next();
                    if (document != null && !document.isNull() && !document.isMissingNode()) {
                        objects.add(new KubeObject(document));
                    }
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(Path directory, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
        process.getOutputStream().close();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static String drain(InputStream stream) {
        try (stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
