package io.sleipnir.pipeline;

/**
 * ASCII bytes read as characters, without making a String: the {@code cri} stage reads a line's prefix (time, stream,
 * flags) this way when the line is held as bytes. Only for bytes below 0x80, where a byte is its character. Reused:
 * {@link #of} points it at other bytes; one per stage, used under the pipeline's lock.
 */
final class AsciiText implements CharSequence {
    private byte[] bytes;
    private int offset;
    private int length;

    AsciiText of(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) bytes[offset + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        return new String(bytes, offset, length, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
