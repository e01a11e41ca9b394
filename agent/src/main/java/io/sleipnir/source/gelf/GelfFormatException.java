package io.sleipnir.source.gelf;

/** A datagram or frame that is not a GELF message; the message says why. */
final class GelfFormatException extends Exception {
    GelfFormatException(String message) {
        super(message, null, false, false);
    }
}
