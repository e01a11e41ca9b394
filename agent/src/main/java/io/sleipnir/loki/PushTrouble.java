package io.sleipnir.loki;

import java.time.Instant;

/**
 * A client's pushes failing since {@code since}: the url (password and query values masked) and the last cause in
 * plain words. What {@code -exit-on-eof} reports when Loki cannot be reached.
 */
public record PushTrouble(String url, Instant since, String cause) {
}
