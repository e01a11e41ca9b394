package io.sleipnir.source.docker;

/**
 * Where a container's log was delivered up to: the Docker timestamp of the last record, and how many records with
 * exactly that timestamp, counted from the first of them, are behind it. The count is what makes resuming exact
 * when timestamps repeat: podman's API gives whole seconds, and a burst of lines shares one second.
 *
 * <p>In the positions file as {@code <unix seconds>.<nanoseconds, 9 digits>:<count>} under Promtail's key
 * {@code cursor-<container id>}; Promtail's own value (unix seconds alone) reads as "from that second on", which
 * sends that second's lines again, as Promtail would.
 */
record DockerPosition(long nanos, int count) implements Comparable<DockerPosition> {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The daemon's {@code since}: whole seconds, inclusive, so the records at {@link #nanos} are all in it. */
    long sinceSeconds() {
        return Math.floorDiv(nanos, NANOS_PER_SECOND);
    }

    /** Whether the record {@code (nanos, ordinal)} (ordinal 1 for the first with its timestamp) was already read. */
    boolean covers(long recordNanos, int ordinal) {
        return recordNanos < nanos || (recordNanos == nanos && ordinal <= count);
    }

    String text() {
        return sinceSeconds() + "." + String.format("%09d", Math.floorMod(nanos, NANOS_PER_SECOND)) + ":" + count;
    }

    /** Null when the text is neither ours nor Promtail's (the container is then read from its first line). */
    static DockerPosition parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            int colon = text.indexOf(':');
            String time = colon < 0 ? text : text.substring(0, colon);
            int count = colon < 0 ? 0 : Integer.parseInt(text.substring(colon + 1));
            int dot = time.indexOf('.');
            long seconds = Long.parseLong(dot < 0 ? time : time.substring(0, dot));
            long fraction = 0;
            if (dot >= 0) {
                String digits = time.substring(dot + 1);
                if (digits.length() != 9 || !digits.chars().allMatch(Character::isDigit)) {
                    return null;
                }
                fraction = Long.parseLong(digits);
            }
            if (count < 0) {
                return null;
            }
            return new DockerPosition(Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), fraction), count);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    @Override
    public int compareTo(DockerPosition o) {
        int byTime = Long.compare(nanos, o.nanos);
        return byTime != 0 ? byTime : Integer.compare(count, o.count);
    }
}
