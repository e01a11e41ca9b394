package io.sleipnir.loki;

import io.sleipnir.golang.GoDuration;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What one (client, tenant) says about failing pushes: the first failure at {@code warn} at once (url with the
 * password masked, the cause in plain words, when the next try is), then at most one summary per
 * {@link #SUMMARY_EVERY}, and the recovery at {@code info} with how long it lasted. Durations are in Go's syntax.
 * Used by its client's sending thread only; {@link #trouble()} may be read from any thread.
 */
final class TroubleLog {
    static final Duration SUMMARY_EVERY = Duration.ofSeconds(30);
    static final int MAX_ANSWER_BYTES = 256;
    private static final System.Logger LOG = System.getLogger(TroubleLog.class.getName());

    private final String url;
    private final String tenant;
    private final Clock clock;
    private Instant since;
    private Instant lastSummary;
    private int tries;
    private volatile PushTrouble trouble;

    TroubleLog(String url, String tenant, Clock clock) {
        this.url = url;
        this.tenant = tenant;
        this.clock = clock;
    }

    /** A push failed and will be tried again after {@code nextTry}. */
    void failed(PushResponse response, Duration nextTry, long entriesWaiting, Instant oldestRead) {
        Instant now = clock.instant();
        tries++;
        String cause = cause(response);
        if (since == null) {
            since = now;
            lastSummary = now;
            LOG.log(Level.WARNING, "push to " + url + tenantText() + " failed: " + cause + "; " + entries(entriesWaiting)
                    + " waiting; next try in " + go(nextTry));
        } else if (!now.isBefore(lastSummary.plus(SUMMARY_EVERY))) {
            lastSummary = now;
            LOG.log(Level.WARNING, "push to " + url + tenantText() + " still failing after " + go(Duration.between(since,
                    now)) + ": " + tries + " tries, " + entries(entriesWaiting) + " waiting, oldest read "
                    + go(Duration.between(oldestRead, now)) + " ago; last: " + cause + "; next try in " + go(nextTry));
        } else {
            LOG.log(Level.DEBUG, () -> "push to " + url + tenantText() + " failed again: " + cause + "; next try in "
                    + go(nextTry));
        }
        trouble = new PushTrouble(url, since, cause);
    }

    /** Loki answered (accepted, or rejected for good): an outage, if any, is over. */
    void answered() {
        if (since != null) {
            Duration outage = Duration.between(since, clock.instant());
            LOG.log(Level.INFO, "push to " + url + tenantText() + " works again after " + go(outage) + " ("
                    + tries + (tries == 1 ? " failed try)" : " failed tries)"));
        }
        since = null;
        tries = 0;
        trouble = null;
    }

    /** The ongoing failure, or null when the last push was answered. */
    PushTrouble trouble() {
        return trouble;
    }

    static String entries(long n) {
        return n == 1 ? "1 entry" : n + " entries";
    }

    private String tenantText() {
        return tenant.isEmpty() ? "" : " (tenant \"" + tenant + "\")";
    }

    /** {@code HTTP 500 Internal Server Error: <first 256 bytes of Loki's answer>}, or the transport failure. */
    static String cause(PushResponse response) {
        if (response.isConnectionError()) {
            return response.body();
        }
        String answer = firstBytes(response.body().strip(), MAX_ANSWER_BYTES);
        String reason = io.netty.handler.codec.http.HttpResponseStatus.valueOf(response.status()).reasonPhrase();
        return "HTTP " + response.status() + " " + reason + (answer.isEmpty() ? "" : ": " + answer);
    }

    /** Go syntax, to the millisecond: {@code 1.5s}, {@code 1m30s}. */
    static String go(Duration d) {
        return GoDuration.format(d.isNegative() ? Duration.ZERO : d.truncatedTo(ChronoUnit.MILLIS));
    }

    private static String firstBytes(String s, int maxBytes) {
        String oneLine = s.replace('\n', ' ').replace('\r', ' ');
        String cut = LokiClient.truncateUtf8(oneLine, maxBytes);
        return cut.length() < oneLine.length() ? cut + "…" : cut;
    }
}
