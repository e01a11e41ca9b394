package io.sleipnir.cli;

/**
 * What a config reload did: applied the new config, found nothing changed, or refused it (an invalid config, or
 * one that could not start) with {@code error}, the text {@code /reload} answers and the log holds.
 */
public record ReloadOutcome(Result result, String error) {
    public enum Result { APPLIED, UNCHANGED, REFUSED }

    static final ReloadOutcome APPLIED = new ReloadOutcome(Result.APPLIED, null);
    static final ReloadOutcome UNCHANGED = new ReloadOutcome(Result.UNCHANGED, null);

    static ReloadOutcome refused(String error) {
        return new ReloadOutcome(Result.REFUSED, error);
    }

    public boolean refused() {
        return result == Result.REFUSED;
    }
}
