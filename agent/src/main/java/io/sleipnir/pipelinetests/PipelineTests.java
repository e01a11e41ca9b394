package io.sleipnir.pipelinetests;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ScrapeConfig;
import io.sleipnir.config.StaticConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.pipeline.Pipeline;
import io.sleipnir.relabel.Relabeler;
import io.sleipnir.tail.GlobMatcher;
import io.sleipnir.config.RelabelConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code -test}: runs each case of the given test files through the real pipeline of its scrape job (the job's
 * relabeling of the case's target labels, then its stages), compares the entries that leave it with the expected
 * ones, prints one readable diff per failing case, and answers the exit code (0 all passed, 1 a case failed or a
 * file is bad). With {@code update}, writes what left the pipeline as each case's expectation instead.
 */
public final class PipelineTests {
    private final AgentConfig config;
    private final PrintStream out;
    private final AgentMetrics metrics = new AgentMetrics();

    private PipelineTests(AgentConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public static int run(AgentConfig config, List<String> patterns, boolean update, PrintStream out) {
        return new PipelineTests(config, out).run(patterns, update);
    }

    private int run(List<String> patterns, boolean update) {
        List<Path> files;
        try {
            files = expand(patterns);
        } catch (IOException e) {
            out.println("cannot list test files: " + e.getMessage());
            return 1;
        }
        if (files.isEmpty()) {
            out.println("no test file matches " + String.join(", ", patterns));
            return 1;
        }
        int passed = 0;
        int failed = 0;
        for (Path path : files) {
            TestFile file;
            try {
                file = TestFile.read(path);
            } catch (TestFile.BadTestFile e) {
                out.println("FAIL " + e.getMessage());
                failed++;
                continue;
            }
            List<List<TestCase.Expected>> actuals = new ArrayList<>();
            for (TestCase c : file.cases()) {
                String header = path + ": \"" + c.name() + "\" (job " + c.job() + ")";
                List<TestCase.Expected> actual;
                try {
                    actual = runCase(c);
                } catch (BadCase e) {
                    out.println("FAIL " + header + ": " + e.getMessage());
                    failed++;
                    actuals.add(List.of());
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 1;
                }
                actuals.add(actual);
                List<String> diff = update ? List.of() : diff(c.expect(), actual);
                if (diff.isEmpty()) {
                    out.println("ok   " + header);
                    passed++;
                } else {
                    out.println("FAIL " + header);
                    diff.forEach(out::println);
                    failed++;
                }
            }
            if (update) {
                try {
                    file.update(actuals);
                    out.println("updated " + path);
                } catch (IOException e) {
                    out.println("FAIL cannot write " + path + ": " + e.getMessage());
                    failed++;
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    /** A case that cannot run: an unknown job, no target for its path, a bad read time. */
    private static final class BadCase extends Exception {
        BadCase(String message) {
            super(message);
        }
    }

    private List<TestCase.Expected> runCase(TestCase c) throws BadCase, InterruptedException {
        ScrapeConfig job = config.scrapeConfigs().stream().filter(j -> j.jobName().equals(c.job())).findFirst()
                .orElseThrow(() -> new BadCase("no scrape config has job_name " + c.job() + " (the config has "
                        + config.scrapeConfigs().stream().map(ScrapeConfig::jobName).toList() + ")"));
        Labels discovered = discovered(job, c);
        Labels relabeled = Relabeler.process(discovered, job.relabelConfigs().stream().map(RelabelConfig::rule).toList());
        if (relabeled == null) {
            return List.of(); // the target is dropped by relabeling: nothing is read
        }
        String filename = c.path() != null ? c.path() : relabeled.get("__path__");
        Labels labels = publicLabels(relabeled);
        if (filename != null && !filename.isEmpty()) {
            labels = labels.with("filename", filename);
        }
        long readTime;
        try {
            Instant t = Instant.parse(c.readTime());
            readTime = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            throw new BadCase("read_time: not an RFC 3339 time: " + c.readTime());
        }
        List<LogEntry> left = new ArrayList<>();
        Clock clock = Clock.fixed(Instant.ofEpochSecond(0, readTime), ZoneOffset.UTC);
        Pipeline pipeline = Pipeline.build(job.jobName(), job.pipelineStages(), left::add, metrics, clock);
        for (int i = 0; i < c.lines().size(); i++) {
            pipeline.accept(new LogEntry(readTime + i, c.lines().get(i), labels, Labels.empty(), Delivery.NONE));
        }
        pipeline.flush();
        List<TestCase.Expected> actual = new ArrayList<>();
        for (LogEntry e : left) {
            actual.add(new TestCase.Expected(e.line(), e.labels().withoutInternal().toMap(),
                    Instant.ofEpochSecond(0, e.timestampNanos()).toString(), e.structuredMetadata().toMap(),
                    e.labels().get("__tenant_id__")));
        }
        return actual;
    }

    /** The case's target labels, or those of the job's static target whose {@code __path__} matches its path. */
    private static Labels discovered(ScrapeConfig job, TestCase c) throws BadCase {
        if (!c.targetLabels().isEmpty()) {
            return Labels.of(c.targetLabels());
        }
        for (StaticConfig s : job.staticConfigs()) {
            String glob = s.labels().get("__path__");
            if (glob != null && GlobMatcher.compile(glob).matches(c.path())) {
                Map<String, String> labels = new HashMap<>(s.labels());
                if (!s.targets().isEmpty()) {
                    labels.put("__address__", s.targets().get(0));
                }
                return Labels.of(labels);
            }
        }
        throw new BadCase("no static target of job " + job.jobName() + " has a __path__ matching " + c.path()
                + "; give target_labels");
    }

    /** As the tailer labels a file's lines: without {@code __} labels and empty values. */
    private static Labels publicLabels(Labels relabeled) {
        Map<String, String> kept = new TreeMap<>();
        Labels visible = relabeled.withoutInternal();
        for (int i = 0; i < visible.size(); i++) {
            if (!visible.value(i).isEmpty()) {
                kept.put(visible.name(i), visible.value(i));
            }
        }
        return Labels.of(kept);
    }

    /** Readable differences, entry by entry; empty when the actual entries meet the expectation. */
    static List<String> diff(List<TestCase.Expected> expected, List<TestCase.Expected> actual) {
        List<String> diff = new ArrayList<>();
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String at = "  entry " + (i + 1) + ": ";
            if (i >= actual.size()) {
                diff.add(at + "expected, but the pipeline did not produce it:");
                diff.add("    - " + describe(expected.get(i)));
                continue;
            }
            if (i >= expected.size()) {
                diff.add(at + (expected.isEmpty() ? "expected every line dropped, but the pipeline produced:"
                        : "produced, but not expected:"));
                diff.add("    + " + describe(actual.get(i)));
                continue;
            }
            TestCase.Expected e = expected.get(i);
            TestCase.Expected a = actual.get(i);
            field(diff, at, "line", e.line(), a.line(), GoQuoted::of);
            field(diff, at, "labels", e.labels(), a.labels(), PipelineTests::labels);
            if (e.timestamp() != null && !sameTime(e.timestamp(), a.timestamp())) {
                diff.add(at + "timestamp");
                diff.add("    - " + e.timestamp());
                diff.add("    + " + a.timestamp());
            }
            field(diff, at, "structured_metadata", e.structuredMetadata(), a.structuredMetadata(),
                    PipelineTests::labels);
            field(diff, at, "tenant", e.tenant(), a.tenant(), t -> t == null ? "(none)" : t);
        }
        return diff;
    }

    private static <T> void field(List<String> diff, String at, String name, T expected, T actual,
            java.util.function.Function<T, String> show) {
        if (expected == null || Objects.equals(normalise(expected), normalise(actual))) {
            return;
        }
        diff.add(at + name);
        diff.add("    - " + show.apply(expected));
        diff.add("    + " + show.apply(actual));
    }

    private static Object normalise(Object value) {
        return value instanceof Map<?, ?> m ? new TreeMap<>(m) : value;
    }

    private static boolean sameTime(String expected, String actual) {
        try {
            return Instant.parse(expected).equals(Instant.parse(actual));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String describe(TestCase.Expected e) {
        return (e.timestamp() == null ? "" : e.timestamp() + " ") + (e.labels() == null ? "" : labels(e.labels()) + " ")
                + (e.line() == null ? "" : GoQuoted.of(e.line()));
    }

    private static String labels(Map<String, String> labels) {
        return Labels.of(labels).toLokiString();
    }

    /** A line shown quoted, so that spaces and tabs at its ends are visible. */
    private static final class GoQuoted {
        static String of(String s) {
            return io.sleipnir.golang.GoQuote.quote(s);
        }
    }

    /** Each pattern is a file, or a glob of files (sorted); missing plain files are kept so they fail by name. */
    static List<Path> expand(List<String> patterns) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String pattern : patterns) {
            if (!pattern.matches(".*[*?\\[{].*")) {
                files.add(Path.of(pattern));
                continue;
            }
            int firstGlob = pattern.replaceAll("[*?\\[{].*", "").lastIndexOf('/');
            Path base = firstGlob < 0 ? Path.of(".") : Path.of(pattern.substring(0, Math.max(1, firstGlob)));
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(base)) {
                walk.filter(Files::isRegularFile)
                        .map(p -> firstGlob < 0 ? base.relativize(p) : p)
                        .filter(matcher::matches).sorted().forEach(files::add);
            }
        }
        return files;
    }
}
