package io.sleipnir.pipelinetests;

import java.util.List;
import java.util.Map;

/**
 * One case of a pipeline test file: lines given to a scrape job's pipeline as a target with {@code targetLabels}
 * (relabeled by the job's {@code relabel_configs}) or as the file {@code path} a static target's glob matches, and
 * the entries expected to leave it ({@code expect}; an empty list: every line dropped or held).
 *
 * @param readTime the read time of the first line, RFC 3339 (each further line is 1ns later, as the tailer reads)
 */
record TestCase(String name, String job, Map<String, String> targetLabels, String path, String readTime,
        List<String> lines, List<Expected> expect) {

    /** An expected entry; a null field is not compared. */
    record Expected(String line, Map<String, String> labels, String timestamp, Map<String, String> structuredMetadata,
            String tenant) {
    }
}
