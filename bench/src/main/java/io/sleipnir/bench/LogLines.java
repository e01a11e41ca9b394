package io.sleipnir.bench;

import io.sleipnir.model.Labels;
import java.time.Instant;
import java.util.Random;

/**
 * Deterministic Kubernetes-style log lines for the micro-benchmarks: a seeded generator, so every run measures the
 * same input. Payloads are a mix of logfmt (40%), JSON (35%) and plain text (25%), as an application pod writes
 * them; whole lines (CRI or Docker framing included) are 150 to 200 bytes of ASCII.
 */
final class LogLines {
    static final long SEED = 42;
    /** 2026-11-25T10:00:00Z; lines are 1 ms apart. */
    private static final long BASE_NANOS = 1_795_600_800_000_000_000L;

    private static final String[] PATHS = {"/api/v1/orders", "/api/v1/parcels", "/api/v1/carts/42/items", "/healthz",
        "/api/v1/payments", "/metrics"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin"};
    private static final String[] MESSAGES = {"request served", "cache miss, loading from database",
        "retrying upstream call", "order accepted", "parcel handed to carrier", "connection pool exhausted"};
    private static final String[] LEVELS = {"info", "info", "info", "debug", "warn", "error"};
    private static final String[] APPS = {"order", "delivery", "payment", "cart", "gateway"};

    private final Random random;
    private long sequence;

    LogLines() {
        this(SEED);
    }

    LogLines(long seed) {
        this.random = new Random(seed);
    }

    /** The timestamp of the n-th generated line, in RFC 3339 with nanoseconds as the runtimes write it. */
    String nextTime() {
        return Instant.ofEpochSecond(0, BASE_NANOS + 1_000_000L * sequence++ + random.nextInt(1_000_000)).toString();
    }

    /** A payload of exactly {@code length} characters (logfmt, JSON or plain text). */
    String payload(int length) {
        StringBuilder b = new StringBuilder(length + 64);
        int kind = random.nextInt(100);
        String level = pick(LEVELS);
        String method = pick(METHODS);
        String path = pick(PATHS);
        int status = random.nextInt(10) < 8 ? 200 : 404 + random.nextInt(2) * 96;
        String trace = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        if (kind < 40) {
            b.append("level=").append(level).append(" msg=\"").append(pick(MESSAGES)).append("\" method=").append(method)
                    .append(" path=").append(path).append(" status=").append(status).append(" duration_ms=")
                    .append(random.nextInt(900)).append(" user=").append(pick(USERS)).append(" trace_id=").append(trace);
            pad(b, length, " extra=");
        } else if (kind < 75) {
            b.append("{\"level\":\"").append(level).append("\",\"msg\":\"").append(pick(MESSAGES))
                    .append("\",\"status\":").append(status);
            appendIfRoom(b, length - 1, ",\"method\":\"" + method + "\"");
            appendIfRoom(b, length - 1, ",\"path\":\"" + path + "\"");
            appendIfRoom(b, length - 1, ",\"trace_id\":\"" + trace + "\"");
            if (b.length() + 12 <= length - 1) {
                b.append(",\"pad\":\"");
                while (b.length() < length - 2) {
                    b.append((char) ('a' + random.nextInt(26)));
                }
                b.append('"');
            }
            while (b.length() < length - 1) {
                b.append(' '); // whitespace before '}' keeps the object valid JSON
            }
            return b.append('}').toString();
        } else {
            b.append(level.toUpperCase(java.util.Locale.ROOT)).append(' ').append(pick(MESSAGES)).append(": ")
                    .append(method).append(' ').append(path).append(" returned ").append(status).append(" for user ")
                    .append(pick(USERS)).append(" after ").append(random.nextInt(900)).append(" ms (trace ").append(trace)
                    .append(')');
            pad(b, length, " ...");
        }
        b.setLength(length);
        return b.toString();
    }

    /** A CRI line {@code <time> <stream> <flag> <payload>} of 150 to 200 characters, no trailing newline. */
    String criLine(char flag) {
        String prefix = nextTime() + (random.nextInt(10) == 0 ? " stderr " : " stdout ") + flag + " ";
        return prefix + payload(150 + random.nextInt(51) - prefix.length());
    }

    /**
     * A Docker json-file line of 150 to 200 characters. The payload is JSON-escaped; the {@code \n} Docker adds is
     * included.
     */
    String dockerLine() {
        String time = nextTime();
        String stream = random.nextInt(10) == 0 ? "stderr" : "stdout";
        int target = 150 + random.nextInt(51);
        int overhead = "{\"log\":\"\\n\",\"stream\":\"\",\"time\":\"\"}".length() + stream.length() + time.length();
        StringBuilder b = new StringBuilder(target + 64);
        for (int room = target - overhead; ; room -= 8) {
            String payload = payload(Math.max(60, room));
            b.setLength(0);
            b.append("{\"log\":\"");
            for (int i = 0; i < payload.length(); i++) {
                char c = payload.charAt(i);
                if (c == '"' || c == '\\') {
                    b.append('\\');
                }
                b.append(c);
            }
            b.append("\\n\",\"stream\":\"").append(stream).append("\",\"time\":\"").append(time).append("\"}");
            if (b.length() <= 200 || room < 60) {
                return b.toString();
            }
        }
    }

    /** The labels a file target gives a pod's log file (before the stage adds {@code stream}). */
    static Labels fileLabels(int pod) {
        String app = APPS[pod % APPS.length];
        return Labels.of("job", "kubernetes-pods", "namespace", "shop", "app", app, "container", app,
                "pod", app + "-7d9f8c6b5-" + Integer.toString(10_000 + pod, 36),
                "filename", "/var/log/pods/shop_" + app + "-" + pod + "/" + app + "/0.log");
    }

    long nanosAt(int i) {
        return BASE_NANOS + 1_000_000L * i;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static void appendIfRoom(StringBuilder b, int limit, String field) {
        if (b.length() + field.length() <= limit) {
            b.append(field);
        }
    }

    private void pad(StringBuilder b, int length, String lead) {
        if (b.length() < length) {
            b.append(lead);
        }
        while (b.length() < length) {
            b.append((char) ('a' + random.nextInt(26)));
        }
    }
}
