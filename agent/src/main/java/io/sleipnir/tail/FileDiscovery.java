package io.sleipnir.tail;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which files to tail, on its own timers: the targets' globs are walked whole ({@link PathResolver}) at start,
 * every sync period where events cannot be relied on (else every {@value #SAFETY_NET_SYNC_PERIODS} as a safety
 * net), and after an event overflow; after other file-system events ({@link DirectoryWatcher}) only the
 * directories where something was created are walked, {@value #EVENT_DEBOUNCE_MILLIS} ms later. Events that name
 * a tailed file make its {@link PollTimers} due. Reader thread only.
 */
final class FileDiscovery {
    static final long EVENT_DEBOUNCE_MILLIS = 100;
    /**
     * Where events can be relied on: how often a quiet file is still polled, and the whole glob walked again, in
     * sync periods (five minutes by default). A safety net only: events name the files that change.
     */
    static final int SAFETY_NET_SYNC_PERIODS = 30;

    private final PathResolver resolver = new PathResolver();
    private final DirectoryWatcher watcher;
    private final TailedPaths paths;
    private final ReportingOpener opener;
    private final Clock clock;
    private final long syncMillis;
    private long lastResolveMillis = Long.MIN_VALUE / 2;
    private long lastFullResolveMillis = Long.MIN_VALUE / 2;
    private boolean resolveRequested;
    private boolean fullResolveRequested;
    /** Directories where events said something was created, to look at again after the debounce. */
    private final Set<Path> changedDirs = new HashSet<>();

    FileDiscovery(DirectoryWatcher watcher, TailedPaths paths, ReportingOpener opener, Clock clock, long syncMillis) {
        this.watcher = watcher;
        this.paths = paths;
        this.opener = opener;
        this.clock = clock;
        this.syncMillis = syncMillis;
    }

    /** Replaces the targets and resolves them at once. */
    void setTargets(List<FileTarget> targets) {
        resolver.setTargets(targets);
        resolve();
    }

    /** File-system events: the paths they name are read and checked at once, new files looked for soon. */
    void takeEvents() {
        Set<Path> structural = watcher.takeStructural();
        if (!structural.isEmpty()) {
            changedDirs.addAll(structural);
            resolveRequested = true;
        }
        if (watcher.takeOverflow()) {
            fullResolveRequested = true;
            resolveRequested = true;
            for (TailedPath tp : paths.all()) {
                tp.timers.eventSeen();
            }
        }
        for (String path : watcher.takeChanged()) {
            TailedPath tp = paths.get(path);
            if (tp != null) {
                tp.timers.eventSeen();
            }
        }
    }

    /** Resolves what is due: everything, or the directories events named. */
    void resolveIfDue(long now) {
        boolean eventDue = resolveRequested && now - lastResolveMillis >= EVENT_DEBOUNCE_MILLIS;
        if (fullResolveRequested && eventDue || now - lastFullResolveMillis >= fullResolvePeriodMillis()) {
            resolve();
        } else if (eventDue) {
            resolveChanged();
        }
    }

    /** How long the reader may sleep before an event resolution is due; {@code Long.MAX_VALUE} when none. */
    long untilDue(long now) {
        return resolveRequested ? Math.max(1, lastResolveMillis + EVENT_DEBOUNCE_MILLIS - now) : Long.MAX_VALUE;
    }

    /**
     * How often every glob is walked again: each sync period where events cannot be relied on (a directory without
     * a watch, a file that could not be opened), else every {@value #SAFETY_NET_SYNC_PERIODS} sync periods, as a
     * safety net; events find new files in between. Walking 10,000 files was most of the idle cost.
     */
    private long fullResolvePeriodMillis() {
        return watcher.incomplete() || opener.anyUnreadable() || paths.anyDelayed() ? syncMillis : SAFETY_NET_SYNC_PERIODS * syncMillis;
    }

    /** After events: only the directories where something was created are walked, and only new files start. */
    private void resolveChanged() {
        lastResolveMillis = clock.millis();
        resolveRequested = false;
        Set<Path> dirs = new HashSet<>(changedDirs);
        changedDirs.clear();
        PathResolver.Resolution r = resolver.resolveUnder(dirs);
        paths.startNew(r.files());
        watchAlso(r, false);
        paths.publish();
    }

    private void resolve() {
        lastResolveMillis = clock.millis();
        lastFullResolveMillis = lastResolveMillis;
        resolveRequested = false;
        fullResolveRequested = false;
        changedDirs.clear();
        PathResolver.Resolution r = resolver.resolve();
        paths.resolved(r.files());
        watchAlso(r, true);
        paths.publish();
    }

    private void watchAlso(PathResolver.Resolution r, boolean complete) {
        Set<Path> added = watcher.update(r.directories(), complete);
        if (!added.isEmpty()) {
            changedDirs.addAll(added); // watched only now: look once more at what they held before
            resolveRequested = true;
        }
    }
}
