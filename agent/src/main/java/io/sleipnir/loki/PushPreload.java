package io.sleipnir.loki;

import io.netty.buffer.ByteBufAllocator;
import java.lang.System.Logger.Level;
import org.xerial.snappy.Snappy;

/**
 * The two costliest pieces of set-up the first push needs, begun on a short-lived daemon thread before the config
 * is read, so that they overlap it instead of sitting on the start's path: snappy-java's native library (copied out
 * of the jar into {@code java.io.tmpdir} and checked: 37–49 ms) and Netty's buffer allocator (its classes' static
 * set-up: about 40 ms of the main thread's start in a profile). A use that comes sooner waits for it (the JVM
 * initialises a class once); a failure is logged here with its cause, and the use fails as it would have.
 */
public final class PushPreload {
    private static final System.Logger LOG = System.getLogger(PushPreload.class.getName());

    private PushPreload() {
    }

    public static void start() {
        Thread loader = new Thread(PushPreload::load, "push-preload");
        loader.setDaemon(true);
        loader.start();
    }

    private static void load() {
        try {
            Snappy.maxCompressedLength(0);
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "snappy-java's native library could not be loaded (it is copied into java.io.tmpdir, "
                    + System.getProperty("java.io.tmpdir") + ", which must be writable): " + e
                    + (e.getCause() == null ? "" : ", caused by " + e.getCause()));
        }
        try {
            ByteBufAllocator.DEFAULT.getClass();
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "Netty's buffer allocator could not be set up: " + e);
        }
    }
}
