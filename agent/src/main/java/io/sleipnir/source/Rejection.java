package io.sleipnir.source;

/** Why a network source did not hand on a message it received; the {@code reason} of the rejected counter. */
public enum Rejection {
    /** Not valid syslog or GELF (a bad header, a bad timestamp, not JSON). */
    MALFORMED("malformed"),
    /** Longer than the limit ({@code max_message_length}, or a GELF message past its bound). */
    TOO_LONG("too_long"),
    /** A TCP stream whose framing could not be followed (neither octet counting nor a line); the connection closes. */
    BAD_FRAMING("bad_framing"),
    /** A syslog message without a MSG part (Promtail's {@code promtail_syslog_empty_messages_total}). */
    EMPTY("empty"),
    /** Dropped by a {@code drop}/{@code keep} rule of the job's {@code relabel_configs}. */
    RELABEL_DROPPED("relabel_dropped"),
    /** A chunked GELF message whose chunks did not all arrive within 5 s, or too many messages in assembly. */
    INCOMPLETE_CHUNKS("incomplete_chunks"),
    /** Received, but the agent stopped before the pipeline could take it (it was blocked by back-pressure). */
    STOPPED("stopped");

    private final String label;

    Rejection(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
