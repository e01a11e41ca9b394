package io.sleipnir.positions;

import java.nio.file.Path;

/** The positions file exists but cannot be understood; start-up stops unless ignore_invalid_yaml is set. */
public final class PositionsCorruptException extends RuntimeException {
    private final Path file;
    private final String reason;

    PositionsCorruptException(Path file, String reason) {
        super(problem(file, reason) + "; set positions.ignore_invalid_yaml: true to start afresh");
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public String reason() {
        return reason;
    }

    /** What is wrong, without the advice of the message: "positions file X is corrupt: reason". */
    public String problem() {
        return problem(file, reason);
    }

    private static String problem(Path file, String reason) {
        return "positions file " + file + " is corrupt: " + reason;
    }
}
