package io.sleipnir.loki;

/**
 * One encoded push: {@code bytes[0..length)} is the snappy block-compressed {@code logproto.PushRequest}.
 * The array may be an encoder's reusable buffer: it is valid until that encoder encodes again, so a
 * {@link PushSender} must copy it before {@code send} returns.
 */
public record PushRequestBody(String tenant, byte[] bytes, int length, int entryCount, long entryBytes) {
}
