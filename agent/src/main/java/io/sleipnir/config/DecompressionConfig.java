package io.sleipnir.config;

import java.time.Duration;

/**
 * A file job's {@code decompression} block, as Promtail 2.8's: when {@code enabled}, every file its targets match is
 * a finished compressed file in {@code format}, read once from its start to its end (no tailing), each new one after
 * {@code initialDelay} (a file found while it is still being compressed).
 */
public record DecompressionConfig(boolean enabled, Duration initialDelay, Format format) {
    public static final DecompressionConfig DISABLED = new DecompressionConfig(false, Duration.ZERO, Format.GZ);

    /** The formats read; Promtail's {@code bz2} is refused at start (no bzip2 in Java's standard library). */
    public enum Format {
        /** gzip (RFC 1952), concatenated members too. */
        GZ("gz"),
        /** zlib (RFC 1950), Go's compress/zlib. */
        Z("z");

        private final String yamlName;

        Format(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }
}
