package org.jbuildkit.daemon.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;

/**
 * Which snapshots are copies of a client's {@code --local} directory, with the patterns the client
 * filtered it by, so that a COPY of a missing path can say whether the ignore rules excluded it.
 * Remembered in memory for the recent local sources (a local source is synced afresh by every build).
 */
public final class LocalContexts {
    private static final int REMEMBERED = 1024;

    /** A synced local directory: its name and the client's include and exclude patterns. */
    public record LocalContext(String name, List<String> includePatterns, List<String> excludePatterns) {
        public LocalContext {
            includePatterns = List.copyOf(includePatterns);
            excludePatterns = List.copyOf(excludePatterns);
        }
    }

    private final Map<SnapshotId, LocalContext> bySnapshot = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SnapshotId, LocalContext> eldest) {
            return size() > REMEMBERED;
        }
    };

    public synchronized void remember(SnapshotId snapshot, LocalContext context) {
        bySnapshot.put(snapshot, context);
    }

    public synchronized Optional<LocalContext> find(SnapshotId snapshot) {
        return Optional.ofNullable(bySnapshot.get(snapshot));
    }
}
