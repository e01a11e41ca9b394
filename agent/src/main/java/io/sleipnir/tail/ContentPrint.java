package io.sleipnir.tail;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a generation's first bytes were, small enough for the positions file: how many (up to
 * {@value Fingerprint#MAX}) and the first 16 bytes of their SHA-256. Compression keeps the bytes and changes the
 * inode, so this finds a generation that was compressed while we were down. Written as {@code "<length>:<hex>"}.
 */
public record ContentPrint(int length, String digest) {

    static ContentPrint of(byte[] bytes, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes, 0, length);
            return new ContentPrint(length, HexFormat.of().formatHex(sha.digest(), 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Parses {@code "<length>:<hex>"}; throws IllegalArgumentException naming the text. */
    public static ContentPrint parse(String text) {
        int colon = text.indexOf(':');
        try {
            int length = Integer.parseInt(text.substring(0, Math.max(colon, 0)));
            String digest = text.substring(colon + 1);
            HexFormat.of().parseHex(digest);
            if (colon > 0 && length > 0 && length <= Fingerprint.MAX && digest.length() == 32) {
                return new ContentPrint(length, digest);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException bad) {
            // reported below
        }
        throw new IllegalArgumentException("content print is not <length>:<32 hex digits>: \"" + text + "\"");
    }

    public String format() {
        return length + ":" + digest;
    }
}
