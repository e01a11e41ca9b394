package io.sleipnir.config;

import java.util.ServiceLoader;

/** Holds the {@link StageCatalog} installed under {@code META-INF/services}, found on first use. */
final class InstalledStageCatalog {
    static final StageCatalog CATALOG = ServiceLoader.load(StageCatalog.class).findFirst()
            .orElseThrow(() -> new IllegalStateException("no StageCatalog installed (META-INF/services)"));

    private InstalledStageCatalog() {
    }
}
