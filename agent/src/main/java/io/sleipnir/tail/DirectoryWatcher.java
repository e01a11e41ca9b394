package io.sleipnir.tail;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * File-system events for the tailer: one watch per directory that can hold matches, and a thread that turns the
 * events into "these paths changed" (read them now) and "something was created or removed" (resolve the globs
 * again). The reader thread calls {@link #update} and drains {@link #takeChanged}; the watch thread only records.
 */
final class DirectoryWatcher implements AutoCloseable {
    private final WatchService service;
    private final Thread thread;
    private final Runnable wake;
    /** Reader thread only. */
    private final Map<Path, WatchKey> watched = new HashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    /** Files and directories created (or moved in). */
    private final Set<Path> structural = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean overflow = new AtomicBoolean();
    private volatile boolean running = true;

    DirectoryWatcher(Runnable wake) throws IOException {
        this.service = Path.of("/").getFileSystem().newWatchService();
        this.wake = wake;
        this.thread = new Thread(this::loop, "tail-watcher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Whether the last {@link #update} could not watch some directory (e.g. the inotify watch limit). */
    private boolean incomplete;

    /**
     * Watches {@code dirs}, and with {@code removeOthers} only them. Returns the directories watched only now:
     * what they held before their watch existed is seen only by another look, so the caller looks again.
     */
    Set<Path> update(Set<Path> dirs, boolean removeOthers) {
        for (var it = watched.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (removeOthers && !dirs.contains(e.getKey()) || !e.getValue().isValid()) {
                e.getValue().cancel();
                it.remove();
            }
        }
        Set<Path> added = new java.util.HashSet<>();
        boolean failed = false;
        for (Path dir : dirs) {
            if (watched.containsKey(dir)) {
                continue;
            }
            try {
                watched.put(dir, dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
                added.add(dir);
            } catch (IOException | ClosedWatchServiceException e) {
                failed = true; // polling and the periodic re-glob still cover this directory
            }
        }
        incomplete = removeOthers ? failed : incomplete || failed;
        return added;
    }

    /** Some directory that can hold matches has no watch: only the periodic re-glob finds new files there. */
    boolean incomplete() {
        return incomplete;
    }

    /** Whether {@code dir} has a live watch: files in it may back off their polling further. Reader thread. */
    boolean isWatched(Path dir) {
        WatchKey key = watched.get(dir);
        return key != null && key.isValid();
    }

    /** The paths named by events since the last call. Reader thread. */
    Set<String> takeChanged() {
        if (changed.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new java.util.HashSet<>();
        for (var it = changed.iterator(); it.hasNext(); ) {
            out.add(it.next());
            it.remove();
        }
        return out;
    }

    /** The files and directories created since the last call. */
    Set<Path> takeStructural() {
        if (structural.isEmpty()) {
            return Set.of();
        }
        Set<Path> out = new java.util.HashSet<>();
        for (var it = structural.iterator(); it.hasNext(); ) {
            out.add(it.next());
            it.remove();
        }
        return out;
    }

    /** Events were lost (the kernel queue overflowed): every file must be looked at. */
    boolean takeOverflow() {
        return overflow.getAndSet(false);
    }

    private void loop() {
        try {
            while (running) {
                WatchKey key = service.take();
                Path dir = key.watchable() instanceof Path p ? p : null;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        overflow.set(true);
                        continue;
                    }
                    if (dir != null && event.context() instanceof Path name) {
                        Path child = dir.resolve(name);
                        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                            structural.add(child);
                        }
                        changed.add(child.toString());
                    }
                }
                key.reset();
                wake.run();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        try {
            service.close();
        } catch (IOException ignored) {
            // closing only wakes the watcher thread
        }
        if (thread.getState() != Thread.State.NEW) {
            thread.join(10_000);
        }
    }
}
