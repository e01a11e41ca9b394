package io.sleipnir.status;

/**
 * A file being read, as the targets page shows it.
 *
 * @param path           the file's absolute path
 * @param readBytes      the read position (Promtail's {@code promtail_read_bytes_total})
 * @param deliveredBytes the offset Loki acknowledged every line up to ({@code sleipnir_delivered_bytes}); -1 when
 *                       not known yet
 * @param fileBytes      the file's size when last looked at ({@code promtail_file_bytes_total})
 */
public record TailedFile(String path, long readBytes, long deliveredBytes, long fileBytes) {
    /** Bytes read but not yet acknowledged by Loki (0 when caught up or not known). */
    public long lagBytes() {
        return deliveredBytes < 0 ? 0 : Math.max(0, readBytes - deliveredBytes);
    }

    /** Bytes in the file not read yet. */
    public long unreadBytes() {
        return Math.max(0, fileBytes - readBytes);
    }

    /** True when something read has not been delivered yet. */
    public boolean lagging() {
        return lagBytes() > 0;
    }
}
