package io.sleipnir.pipeline;

import io.sleipnir.model.Labels;
import java.util.HashMap;

/**
 * Adds the {@code stream} label without building a new {@link Labels} per line: the result for stdout and stderr
 * is cached per input label set (usually one instance per file), because the batcher keys streams by label set
 * and the hash and Loki text of a cached instance are already computed. The cache is cleared when it grows past
 * a bound, so files that come and go cannot make it grow forever.
 */
final class StreamLabels {
    static final String NAME = "stream";
    private static final int MAX_CACHED = 4096;

    private final HashMap<Labels, Labels[]> cache = new HashMap<>();

    Labels with(Labels base, String stream) {
        int slot;
        if ("stdout".equals(stream)) {
            slot = 0;
        } else if ("stderr".equals(stream)) {
            slot = 1;
        } else {
            return base.with(NAME, stream);
        }
        Labels[] cached = cache.get(base);
        if (cached == null) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cached = new Labels[2];
            cache.put(base, cached);
        }
        Labels result = cached[slot];
        if (result == null) {
            result = base.with(NAME, stream);
            cached[slot] = result;
        }
        return result;
    }
}
