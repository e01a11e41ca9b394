package io.sleipnir.config;

import io.sleipnir.config.NodeConverter.Keys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Binds a job's {@code journal} block into a {@link JournalConfig}, with Promtail's defaults. */
final class JournalBinder {
    static final Keys JOURNAL = Keys.of("json", "max_age", "path", "matches", "labels");

    private JournalBinder() {
    }

    /** Adds the job's journal source, if any, to {@code out}. */
    static void bind(MappingReader scrape, List<SourceConfig> out) throws ConfigException {
        MappingReader m = scrape.mapping(JournalConfig.KIND, JOURNAL);
        if (m == null) {
            return;
        }
        Duration maxAge = m.duration("max_age", JournalConfig.DEFAULT_MAX_AGE);
        if (maxAge.isZero()) {
            maxAge = JournalConfig.DEFAULT_MAX_AGE; // Promtail: an empty max_age means the default
        }
        if (maxAge.isNegative()) {
            throw m.error("max_age", "must not be negative");
        }
        List<String> matches = new ArrayList<>();
        // Promtail splits the string on spaces; each part is FIELD=value (journalctl reads the same form); like
        // Promtail, no "+" (OR): matches on different fields are ANDed, on one field ORed.
        for (String match : m.string("matches", "").trim().split("\\s+")) {
            if (match.isEmpty()) {
                continue;
            }
            int eq = match.indexOf('=');
            if (eq <= 0) {
                throw m.error("matches", "error parsing journal reader 'matches' config value: " + match
                        + " (want FIELD=value)");
            }
            matches.add(match);
        }
        out.add(new JournalConfig(m.bool("json", false), maxAge, m.string("path", ""), matches,
                m.stringMap("labels", true)));
    }
}
