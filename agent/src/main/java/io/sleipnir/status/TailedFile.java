package io.sleipnir.status;

/**
 * A file being read, as the targets page shows it.
 *
 * @param path      the file's absolute path
 * @param readBytes the read position (Promtail's {@code promtail_read_bytes_total})
 * @param fileBytes the file's size when last looked at ({@code promtail_file_bytes_total})
 */
public record TailedFile(String path, long readBytes, long fileBytes) {
}
