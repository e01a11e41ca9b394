package io.sleipnir.cli;

import io.sleipnir.model.Labels;
import io.sleipnir.pipeline.PipelineEntry;
import io.sleipnir.pipeline.StageObserver;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code -inspect}: prints, for each entry, what each stage changed. One block per entry read:
 * <pre>
 * [inspect] job=app entry 2024-05-01T10:00:00.000000000+0000 {filename="/var/log/a.log"} "2024-05-01T10:00:00Z stdout F hi"
 * [inspect]   cri: line "2024-05-01T10:00:00Z stdout F hi" -> "hi"
 * [inspect]   cri: timestamp 2024-05-01T10:00:01.000000000+0000 -> 2024-05-01T10:00:00.000000000+0000
 * [inspect]   cri: labels +stream="stdout"
 * [inspect]   cri: extracted +content="hi" +flags="F" +stream="stdout" +time="2024-05-01T10:00:00Z"
 * [inspect]   labels: no change
 * [inspect]   multiline: holds the entry (buffered, merged or dropped)
 * [inspect]   multiline: emits a buffered entry 2024-... {..} "first\nsecond"
 * [inspect]   timestamp: "25/11/2026" does not match RFC3339, timestamp unchanged
 * [inspect]   match {app="order"}: selector matched, 2 stages ran
 * [inspect]   match[3]/regex: no match
 * [inspect]   drop: dropped (reason "healthcheck")
 * </pre>
 * A stage that reports what it did or could not do (see {@link StageObserver#reported}) is not also said to have
 * made "no change" or to "hold the entry".
 * Changed extracted values read {@code ~name="old" -> "new"}, removed ones {@code -name}. The entries that leave
 * the pipeline are then printed by the dry-run printer.
 */
final class InspectPrinter implements StageObserver {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnnZ")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_STAGES = 256;

    private final PrintStream out;
    private final String jobName;
    private final Frame[] frames = new Frame[MAX_STAGES];

    private record Snapshot(long timestamp, String line, Labels labels, Map<String, Object> extracted) {
        static Snapshot of(PipelineEntry e) {
            return new Snapshot(e.timestampNanos(), e.line(), e.labels(), new TreeMap<>(e.extractedView()));
        }
    }

    private static final class Frame {
        final PipelineEntry entry;
        final Snapshot before;
        boolean passedOn;
        /** The stage said what it did ({@link #reported}): "no change" and "holds the entry" would say less. */
        boolean reported;

        Frame(PipelineEntry entry, Snapshot before) {
            this.entry = entry;
            this.before = before;
        }
    }

    /** Null without -dry-run.query. */
    private final DryRunQuery query;

    InspectPrinter(PrintStream out, String jobName) {
        this(out, jobName, null);
    }

    InspectPrinter(PrintStream out, String jobName, DryRunQuery query) {
        this.out = out;
        this.jobName = jobName;
        this.query = query;
    }

    @Override
    public void entering(int stage, String stageName, PipelineEntry entry) {
        if (stage >= MAX_STAGES) {
            return;
        }
        if (stage == 0) {
            if (query != null) {
                query.startBlock();
            }
            print("[inspect] job=" + jobName + " entry " + describe(entry));
        }
        frames[stage] = new Frame(entry, Snapshot.of(entry));
    }

    @Override
    public void passedOn(int stage, String stageName, PipelineEntry entry) {
        Frame f = stage < MAX_STAGES ? frames[stage] : null;
        if (f == null || f.entry != entry) {
            print("[inspect]   " + stageName + ": emits a buffered entry " + describe(entry));
            return;
        }
        f.passedOn = true;
        List<String> changes = changes(f.before, Snapshot.of(entry));
        if (changes.isEmpty() && !f.reported) {
            print("[inspect]   " + stageName + ": no change");
        }
        for (String c : changes) {
            print("[inspect]   " + stageName + ": " + c);
        }
    }

    @Override
    public void done(int stage, String stageName, PipelineEntry entry) {
        if (stage >= MAX_STAGES) {
            return;
        }
        Frame f = frames[stage];
        frames[stage] = null;
        if (f != null && !f.passedOn && !f.reported) {
            print("[inspect]   " + stageName + ": holds the entry (buffered, merged or dropped)");
        }
    }

    @Override
    public void reported(int stage, String stagePath, String message) {
        Frame f = stage < MAX_STAGES ? frames[stage] : null;
        if (f != null) {
            f.reported = true;
        }
        print("[inspect]   " + stagePath + ": " + message);
    }

    static List<String> changes(Snapshot before, Snapshot after) {
        List<String> out = new ArrayList<>();
        if (!before.line().equals(after.line())) {
            out.add("line " + quote(before.line()) + " -> " + quote(after.line()));
        }
        if (before.timestamp() != after.timestamp()) {
            out.add("timestamp " + time(before.timestamp()) + " -> " + time(after.timestamp()));
        }
        String labels = diff(before.labels().toMap(), after.labels().toMap());
        if (!labels.isEmpty()) {
            out.add("labels" + labels);
        }
        String extracted = diff(before.extracted(), after.extracted());
        if (!extracted.isEmpty()) {
            out.add("extracted" + extracted);
        }
        return out;
    }

    private static String diff(Map<String, ?> before, Map<String, ?> after) {
        StringBuilder sb = new StringBuilder();
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            boolean had = before.containsKey(k);
            boolean has = after.containsKey(k);
            if (had && !has) {
                sb.append(" -").append(k);
            } else if (!had && has) {
                sb.append(" +").append(k).append('=').append(value(after.get(k)));
            } else if (!Objects.equals(before.get(k), after.get(k))) {
                sb.append(" ~").append(k).append('=').append(value(before.get(k))).append(" -> ")
                        .append(value(after.get(k)));
            }
        }
        return sb.toString();
    }

    private static String value(Object v) {
        return v instanceof String s ? quote(s) : String.valueOf(v);
    }

    private static String describe(PipelineEntry e) {
        return time(e.timestampNanos()) + " " + e.labels().toLokiString() + " " + quote(e.line());
    }

    private static String time(long nanos) {
        return TIME.format(Instant.ofEpochSecond(0, nanos));
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private void print(String line) {
        if (query != null) {
            query.hold(line + "\n");
            return;
        }
        DryRunPrinter.printUtf8(out, line + "\n");
    }
}
