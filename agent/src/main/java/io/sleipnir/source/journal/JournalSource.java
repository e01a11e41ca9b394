package io.sleipnir.source.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sleipnir.config.JournalConfig;
import io.sleipnir.config.RelabelConfig;
import io.sleipnir.golang.GoJson;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.source.EntryLabels;
import io.sleipnir.source.Source;
import io.sleipnir.source.SourceContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Promtail's {@code journal} target, read by following {@code journalctl -o json} (as Vector does) rather than
 * linking libsystemd. The cursor is kept in the positions file under {@code cursor-<job_name>} (Promtail's key; its
 * legacy {@code journal-<job_name>} is read too) and moves only past entries every client acknowledged
 * ({@link CursorAcks}). A first run starts {@code max_age} back. The pipeline's back-pressure blocks the reader, and
 * journalctl then blocks on its pipe: nothing is buffered without bound.
 */
public final class JournalSource implements Source {
    private static final System.Logger LOG = System.getLogger(JournalSource.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Promtail's {@code __journal_priority_keyword} values, by syslog priority. */
    private static final String[] PRIORITY_KEYWORDS = {"emerg", "alert", "crit", "error", "warning", "notice",
            "info", "debug"};
    private static final String PRIORITY_KEYWORD_LABEL = "__journal_priority_keyword";
    /** Field names remembered with their label names; past this many distinct names the map starts afresh. */
    private static final int FIELD_NAMES_REMEMBERED = 1024;

    private final JournalConfig config;
    private final SourceContext context;
    private final EntryLabels labels;
    private final String program;
    private final String cursorKey;
    private final CursorAcks acks;
    private final JournalMetrics metrics;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Process process;
    private Thread reader;
    /** The cursor of the last entry read (not yet acknowledged): a restarted journalctl continues after it. */
    private volatile String lastRead;
    /**
     * A field's label name ({@code __journal_} and the name in lower case), or "" when no relabel rule can see it
     * (a label name is never empty). Most fields are left out: one that differs per entry (MESSAGE, _PID,
     * _SOURCE_REALTIME_TIMESTAMP) made every label set new, so relabeling ran per entry and each held entry kept a
     * label set of its own.
     * Read by the reader thread only.
     */
    private final Map<String, String> fieldLabels = new HashMap<>();
    private final boolean priorityKeywordSeen;

    public JournalSource(JournalConfig config, List<RelabelConfig> relabelConfigs, SourceContext context) {
        this(config, relabelConfigs, context, "journalctl");
    }

    JournalSource(JournalConfig config, List<RelabelConfig> relabelConfigs, SourceContext context, String program) {
        this.config = config;
        this.context = context;
        this.labels = new EntryLabels(config.labels(), relabelConfigs);
        this.priorityKeywordSeen = labels.used(PRIORITY_KEYWORD_LABEL);
        this.program = program;
        this.cursorKey = "cursor-" + context.jobName();
        this.metrics = JournalMetrics.of(context.metrics());
        this.acks = new CursorAcks(cursor -> {
            if (!context.positions().readOnly()) {
                context.positions().putCursor(cursorKey, cursor);
            }
        });
    }

    @Override
    public String describe() {
        return "journal " + (config.path().isEmpty() ? "(system journal)" : config.path()) + " (job "
                + context.jobName() + ")";
    }

    @Override
    public void start() throws IOException {
        Path executable = findProgram(program);
        if (executable == null) {
            throw new IOException(describe() + ": " + program + " not found on PATH; the journal source runs "
                    + "journalctl, from Debian's package systemd (apt-get install systemd)");
        }
        String saved = context.positions().cursor(cursorKey);
        if (saved == null) {
            saved = context.positions().cursor("journal-" + context.jobName());
        }
        lastRead = saved;
        process = launch(executable, saved);
        reader = new Thread(() -> run(executable), "journal-" + context.jobName());
        reader.setDaemon(true);
        reader.start();
    }

    /** The journalctl command line: after the cursor if there is one, else {@code max_age} back. */
    List<String> command(Path executable, String afterCursor) {
        List<String> cmd = new ArrayList<>(List.of(executable.toString(), "--output=json", "--all", "--follow",
                "--no-tail", "--no-pager", "--quiet"));
        if (!config.path().isEmpty()) {
            cmd.add((Files.isRegularFile(Path.of(config.path())) ? "--file=" : "--directory=") + config.path());
        }
        long since = context.clock().instant().minus(config.maxAge()).getEpochSecond();
        if (afterCursor != null && cursorSeconds(afterCursor) >= since) {
            cmd.add("--after-cursor=" + afterCursor);
        } else {
            // As Promtail: a saved position older than max_age is not used (Loki would refuse its entries as too old).
            cmd.add("--since=@" + since);
        }
        cmd.addAll(config.matches());
        return cmd;
    }

    private Process launch(Path executable, String afterCursor) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(executable, afterCursor));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        Thread errors = new Thread(() -> logErrors(p), "journal-" + context.jobName() + "-stderr");
        errors.setDaemon(true);
        errors.start();
        return p;
    }

    private void logErrors(Process p) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                LOG.log(Level.WARNING, describe() + ": journalctl: " + line);
            }
        } catch (IOException ended) {
            // the process ended
        }
    }

    private void run(Path executable) {
        Process p = process;
        while (true) {
            read(p);
            if (closing.getCount() == 0) {
                return;
            }
            int code;
            try {
                code = p.waitFor();
                LOG.log(Level.WARNING, describe() + ": journalctl exited with code " + code + "; restarting after the last "
                        + "entry read");
                if (closing.await(1, TimeUnit.SECONDS)) {
                    return;
                }
                p = launch(executable, lastRead);
                process = p;
                if (closing.getCount() == 0) {
                    p.destroy();
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, describe() + ": could not restart journalctl", e);
                try {
                    if (closing.await(5, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void read(Process p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8),
                1 << 16)) {
            for (String line; (line = in.readLine()) != null; ) {
                JournalRecord record;
                try {
                    record = JournalRecord.of(JSON.readTree(line));
                } catch (IOException malformed) {
                    metrics.error(JournalMetrics.MALFORMED_JSON);
                    LOG.log(Level.WARNING, describe() + ": skipped a line journalctl printed that is not JSON");
                    continue;
                }
                if (record == null) {
                    continue;
                }
                lastRead = record.cursor();
                handle(record);
            }
        } catch (IOException ended) {
            // closed on stop, or journalctl ended
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(JournalRecord record) throws InterruptedException {
        Delivery delivery = acks.issue(record.cursor());
        String line;
        if (config.json()) {
            line = json(record.fields());
        } else {
            line = record.fields().get("MESSAGE");
            if (line == null) {
                metrics.error(JournalMetrics.NO_MESSAGE);
                delivery.complete(); // Promtail skips an entry without MESSAGE; the cursor moves past it
                return;
            }
        }
        Labels entryLabels = labels.finish(metaLabels(record.fields()));
        if (entryLabels == null || entryLabels.isEmpty()) {
            metrics.error(JournalMetrics.EMPTY_LABELS);
            delivery.complete(); // dropped by relabel_configs, or nothing left to stream it by
            return;
        }
        long ts = record.realtimeMicros() >= 0 ? record.realtimeMicros() * 1000L
                : context.clock().instant().toEpochMilli() * 1_000_000L;
        metrics.lines.inc();
        context.pipeline().accept(LogEntry.of(ts, line, entryLabels, delivery));
    }

    /** Promtail's {@code __journal_*} labels of an entry, those a relabel rule can see. */
    private Map<String, String> metaLabels(Map<String, String> fields) {
        Map<String, String> out = labels.start();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String label = fieldLabel(f.getKey());
            if (!label.isEmpty()) {
                out.put(label, f.getValue());
            }
        }
        String priority = fields.get("PRIORITY");
        if (priority != null && priorityKeywordSeen) {
            out.put(PRIORITY_KEYWORD_LABEL, priorityKeyword(priority));
        }
        return out;
    }

    private String fieldLabel(String field) {
        String label = fieldLabels.get(field);
        if (label == null) {
            label = "__journal_" + field.toLowerCase(Locale.ROOT);
            if (!labels.used(label)) {
                label = "";
            }
            if (fieldLabels.size() >= FIELD_NAMES_REMEMBERED) {
                fieldLabels.clear();
            }
            fieldLabels.put(field, label);
        }
        return label;
    }

    static String priorityKeyword(String priority) {
        if (priority.length() == 1 && priority.charAt(0) >= '0' && priority.charAt(0) <= '7') {
            return PRIORITY_KEYWORDS[priority.charAt(0) - '0'];
        }
        return priority;
    }

    /** Go's {@code json.Marshal} of the fields map: keys sorted. */
    private static String json(Map<String, String> fields) {
        StringBuilder out = new StringBuilder(256).append('{');
        boolean first = true;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            GoJson.quote(f.getKey(), out);
            out.append(':');
            GoJson.quote(f.getValue(), out);
        }
        return out.append('}').toString();
    }

    /** The realtime seconds in a cursor's {@code t=} part (hex microseconds); MAX_VALUE when it has none. */
    static long cursorSeconds(String cursor) {
        for (String part : cursor.split(";")) {
            if (part.startsWith("t=")) {
                try {
                    return Long.parseUnsignedLong(part.substring(2), 16) / 1_000_000L;
                } catch (NumberFormatException e) {
                    return Long.MAX_VALUE;
                }
            }
        }
        return Long.MAX_VALUE;
    }

    static Path findProgram(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? p : null;
        }
        String pathVar = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of((pathVar == null ? "" : pathVar).split(":")));
        dirs.add("/usr/bin");
        dirs.add("/bin");
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Entries read and not yet acknowledged. */
    int inFlight() {
        return acks.inFlight();
    }

    @Override
    public void close() throws InterruptedException {
        closing.countDown();
        Process p = process;
        if (p != null) {
            p.destroy();
        }
        if (reader != null) {
            reader.join(TimeUnit.SECONDS.toMillis(5));
            if (reader.isAlive()) {
                // Blocked handing an entry to a blocked pipeline: that entry is not acknowledged, so the cursor
                // stays before it and the next run reads it again.
                reader.interrupt();
                reader.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
        if (p != null && !p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
