package io.sleipnir.loki;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Per-client counters that have no Promtail metric: why batches were cut. */
final class ClientStats {
    private final Map<CutReason, LongAdder> cuts = new EnumMap<>(CutReason.class);

    ClientStats() {
        for (CutReason r : CutReason.values()) {
            cuts.put(r, new LongAdder());
        }
    }

    void cut(CutReason reason) {
        cuts.get(reason).increment();
    }

    long cuts(CutReason reason) {
        return cuts.get(reason).sum();
    }
}
