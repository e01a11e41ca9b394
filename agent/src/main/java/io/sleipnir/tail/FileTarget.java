package io.sleipnir.tail;

import io.sleipnir.config.DecompressionConfig;
import io.sleipnir.model.EntrySink;
import io.sleipnir.model.Labels;
import java.util.List;

/**
 * Files to tail: {@code pathGlob} is Promtail's {@code __path__}, {@code excludeGlobs} its {@code __path_exclude__};
 * every line goes to {@code sink} with {@code labels} plus {@code filename} = the file's absolute path. With
 * {@code decompression} enabled its files are compressed and read through the decompressor, once.
 */
public record FileTarget(String pathGlob, List<String> excludeGlobs, Labels labels, EntrySink sink,
        DecompressionConfig decompression) {
    public FileTarget {
        if (pathGlob == null || pathGlob.isEmpty()) {
            throw new IllegalArgumentException("pathGlob must not be empty");
        }
        excludeGlobs = List.copyOf(excludeGlobs);
        if (labels == null || sink == null) {
            throw new NullPointerException("labels and sink must not be null");
        }
        if (decompression == null) {
            decompression = DecompressionConfig.DISABLED;
        }
    }

    /** Files that are not compressed. */
    public FileTarget(String pathGlob, List<String> excludeGlobs, Labels labels, EntrySink sink) {
        this(pathGlob, excludeGlobs, labels, sink, DecompressionConfig.DISABLED);
    }
}
