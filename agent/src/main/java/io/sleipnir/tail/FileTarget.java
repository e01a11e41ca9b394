package io.sleipnir.tail;

import io.sleipnir.model.EntrySink;
import io.sleipnir.model.Labels;
import java.util.List;

/**
 * Files to tail: {@code pathGlob} is Promtail's {@code __path__}, {@code excludeGlobs} its {@code __path_exclude__};
 * every line goes to {@code sink} with {@code labels} plus {@code filename} = the file's absolute path.
 */
public record FileTarget(String pathGlob, List<String> excludeGlobs, Labels labels, EntrySink sink) {
    public FileTarget {
        if (pathGlob == null || pathGlob.isEmpty()) {
            throw new IllegalArgumentException("pathGlob must not be empty");
        }
        excludeGlobs = List.copyOf(excludeGlobs);
        if (labels == null || sink == null) {
            throw new NullPointerException("labels and sink must not be null");
        }
    }
}
