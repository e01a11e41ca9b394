package io.sleipnir.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A job's {@code journal} block, as Promtail 2.8 reads it.
 *
 * @param json     the whole entry's fields as a JSON object for the line, instead of its {@code MESSAGE}
 * @param maxAge   how far back a first run (no cursor in the positions file) starts; Promtail's default 7h
 * @param path     a journal directory (or one journal file); empty: the system journal
 * @param matches  journal matches such as {@code _SYSTEMD_UNIT=kubelet.service}, as Promtail splits its string
 * @param labels   labels added to every entry
 */
public record JournalConfig(boolean json, Duration maxAge, String path, List<String> matches,
        Map<String, String> labels) implements SourceConfig {
    public static final String KIND = "journal";
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(7);

    public JournalConfig {
        matches = List.copyOf(matches);
        labels = Map.copyOf(labels);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
