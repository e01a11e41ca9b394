package io.sleipnir.source.push;

/**
 * A push request as the worker decodes it: the body copied out of Netty's buffers, and the two headers that say
 * how to read it. {@code raw}: Promtail's plain-lines endpoint.
 */
record IncomingPush(byte[] body, String contentType, String contentEncoding, boolean raw) {
}
