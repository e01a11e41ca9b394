package io.sleipnir.tail;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import io.sleipnir.config.DecompressionConfig;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A rotated generation that was compressed before it was read to its end (the kubelet's
 * {@code 0.log.20261201-101500.gz}), read as the file it was: offsets are those of the uncompressed bytes, so the
 * committed offset of the original file is where reading resumes. A read-only {@link FileChannel} over
 * {@link GZIPInputStream} (concatenated members too), so the reader's generation chain takes it like any file: reads
 * go forward (a read before the current offset starts the stream over); {@link #size()} is the gzip trailer's size
 * until the end is reached, then exact. The same for a file of a job with {@code decompression} (gzip or zlib);
 * zlib has no size trailer, so its size is learnt by decoding it through once. A damaged or cut-off stream ends the generation where the damage starts:
 * what was decoded before is delivered, {@code damaged} is told once, and the reader finishes it as usual. Reader
 * thread, and {@link #size()} from the paused-watch thread.
 */
final class CompressedGeneration extends FileChannel {
    private static final int BUFFER = 64 * 1024;

    private final FileChannel compressed;
    private final DecompressionConfig.Format format;
    private final Consumer<IOException> damaged;
    /** gzip's size hint; -1 for zlib, which has none. */
    private final long trailerSize;
    /** The uncompressed size once the end was reached (the file is finished: it stays so); -1 before. */
    private long exactSize = -1;
    /** The stream may be decoded more than once (a read before the current offset): damage is told once. */
    private boolean damageTold;
    private InputStream in;
    private final byte[] chunk = new byte[BUFFER];
    /** Uncompressed bytes consumed from the stream. */
    private long streamPos;
    private boolean ended;
    private long position;

    CompressedGeneration(FileChannel compressed, Consumer<IOException> damaged) {
        this(compressed, DecompressionConfig.Format.GZ, damaged);
    }

    CompressedGeneration(FileChannel compressed, DecompressionConfig.Format format, Consumer<IOException> damaged) {
        this.compressed = compressed;
        this.format = format;
        this.damaged = damaged;
        this.trailerSize = format == DecompressionConfig.Format.GZ ? trailerSize(compressed) : -1;
    }

    /** gzip's ISIZE: the last member's uncompressed length modulo 2^32; only a hint. */
    private static long trailerSize(FileChannel ch) {
        try {
            long size = ch.size();
            if (size < 18) {
                return 0;
            }
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b, size - 4 + b.position()) > 0) {
                // fill
            }
            return b.hasRemaining() ? 0 : Integer.toUnsignedLong(b.getInt(0));
        } catch (IOException e) {
            return 0;
        }
    }

    /** True when the end was reached (cleanly or at damage). */
    synchronized boolean ended() {
        return ended;
    }

    @Override
    public synchronized int read(ByteBuffer dst, long at) throws IOException {
        ensureOpen();
        if (at < streamPos) {
            restart();
        }
        while (streamPos < at && !ended) {
            int n = next((int) Math.min(chunk.length, at - streamPos));
            if (n > 0) {
                streamPos += n;
            }
        }
        if (ended || !dst.hasRemaining()) {
            return ended ? -1 : 0;
        }
        int n = next(Math.min(chunk.length, dst.remaining()));
        if (n <= 0) {
            return -1;
        }
        dst.put(chunk, 0, n);
        streamPos += n;
        return n;
    }

    /** Reads up to {@code max} bytes into {@link #chunk}; -1 at the end or at damage (then {@link #ended}). */
    private int next(int max) {
        try {
            if (in == null) {
                compressed.position(0);
                // Closing the gzip stream frees its Inflater; the channel underneath stays ours to close.
                InputStream raw = new FilterInputStream(Channels.newInputStream(compressed)) {
                    @Override
                    public void close() {
                    }
                };
                in = format == DecompressionConfig.Format.GZ ? new GZIPInputStream(raw, BUFFER) : zlib(raw);
            }
            int n = in.read(chunk, 0, max);
            if (n < 0) {
                ended = true;
            }
            return n;
        } catch (IOException e) {
            ended = true;
            if (!damageTold) {
                damageTold = true;
                damaged.accept(e);
            }
            return -1;
        }
    }

    /** Go's compress/zlib: one RFC 1950 stream. Our own Inflater, so it is ended on close. */
    private static InputStream zlib(InputStream raw) {
        return new InflaterInputStream(raw, new Inflater(), BUFFER) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    inf.end();
                }
            }
        };
    }

    private void restart() {
        if (ended) {
            exactSize = streamPos;
        }
        closeStream();
        streamPos = 0;
        ended = false;
    }

    @Override
    public synchronized long size() throws IOException {
        ensureOpen();
        if (ended) {
            exactSize = streamPos;
        }
        if (exactSize >= 0) {
            return exactSize;
        }
        if (trailerSize < 0) {
            // No size trailer: decode to the end once; the next read before it starts the stream over.
            while (!ended) {
                int n = next(chunk.length);
                if (n > 0) {
                    streamPos += n;
                }
            }
            exactSize = streamPos;
            return exactSize;
        }
        return Math.max(streamPos + 1, trailerSize);
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (dsts[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(BUFFER, count));
        int n = read(b, at);
        if (n <= 0) {
            return 0;
        }
        b.flip();
        return target.write(b);
    }

    @Override
    public void force(boolean metaData) {
        // read-only: nothing to flush
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) {
        throw new UnsupportedOperationException("a compressed generation cannot be mapped");
    }

    @Override
    public FileLock lock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("a compressed generation cannot be locked");
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("a compressed generation cannot be locked");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        synchronized (this) {
            closeStream();
        }
        compressed.close();
    }

    private void closeStream() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // only the Inflater is released here
            }
            in = null;
        }
    }

    private void ensureOpen() throws IOException {
        if (!isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
    }
}
