package org.jbuildkit.daemon.source.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.Identity;
import org.jbuildkit.api.fsutil.Stat;
import org.jbuildkit.daemon.ops.LocalContexts;
import org.jbuildkit.daemon.ops.SnapshotResult;
import org.jbuildkit.daemon.solver.BuildWarning;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.CachePart;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.daemon.solver.ThrottledStatus;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.metadata.RecordType;
import org.jbuildkit.daemon.worker.snapshot.ActiveSnapshot;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.session.filesync.GoFileMode;
import org.jbuildkit.session.filesync.LocalDirCalls;
import org.jbuildkit.session.filesync.ReceiveOptions;
import org.jbuildkit.session.manager.Caller;

/**
 * {@code local://NAME} sources: the client's {@code --local NAME=DIR}, synced over its session into the
 * daemon's copy of that directory (only what changed crosses), then frozen into a snapshot. As upstream,
 * the key is the session (every build reads the client's directory afresh); steps that read it are
 * keyed by the content checksum of what they read, so an unchanged file keeps them cached.
 */
public final class LocalSourceRunner implements OpRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalSyncDirs syncDirs;
    private final Snapshotter snapshotter;
    private final Clock clock;
    private final LocalContexts contexts;

    /** {@code contexts} learns each synced snapshot, so file ops can explain a path the client did not send. */
    public LocalSourceRunner(Path root, Snapshotter snapshotter, Clock clock, LocalContexts contexts)
            throws java.io.IOException {
        this.contexts = contexts;
        this.syncDirs = new LocalSyncDirs(root);
        this.snapshotter = snapshotter;
        this.clock = clock;
    }

    @Override
    public CacheMap cacheMap(Vertex vertex) {
        return cacheMap(vertex, SessionGroup.NONE);
    }

    /** Upstream's key: the session with the patterns, so each build syncs and later steps key by content. */
    @Override
    public CacheMap cacheMap(Vertex vertex, SessionGroup sessions) {
        LocalSourceAttrs attrs = LocalSourceAttrs.parse(vertex.op().getSource());
        String session = !attrs.sessionId().isEmpty() ? attrs.sessionId()
                : sessions.ids().isEmpty() ? "" : sessions.ids().get(0);
        if (session.isEmpty()) {
            throw new IllegalStateException("local source \"" + attrs.name() + "\" needs the client's session to"
                    + " read from, and this build has none; build with buildctl build --local " + attrs.name()
                    + "=DIR");
        }
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("SessionID", session);
        key.put("IncludePatterns", attrs.includePatterns());
        key.put("ExcludePatterns", attrs.excludePatterns());
        key.put("FollowPaths", attrs.followPaths());
        String json;
        try {
            json = JSON.writeValueAsString(key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String digest = Digest.sha256(("session:" + attrs.name() + ":" + json).getBytes(StandardCharsets.UTF_8))
                .toString();
        // Keyed by the session, the source misses in every build; the reason says so rather than "its definition".
        return CacheMap.byKeys(digest, 0).withParts(List.of(new CachePart("session", "its client session",
                Digest.sha256(session.getBytes(StandardCharsets.UTF_8)).toString(), null)));
    }

    @Override
    public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
        LocalSourceAttrs attrs = LocalSourceAttrs.parse(vertex.op().getSource());
        Caller caller = context.sessions().caller();
        String sharedKey = attrs.name() + ":" + attrs.sharedKeyHint() + ":" + caller.sharedKey();
        ThrottledStatus status = ThrottledStatus.start(context, clock, "transferring " + attrs.name() + ":",
                "transferring " + attrs.name() + ":", 0);
        try (LocalSyncDirs.Lease copy = syncDirs.acquire(sharedKey)) {
            LocalDirCalls.SyncResult sync;
            ReceiveOptions receiving = ReceiveOptions.localCopy(stat -> context.warning(skipped(attrs.name(), stat)));
            try {
                sync = LocalDirCalls.sync(caller, attrs.request(), copy.dir(),
                        attrs.differ().equals("none") ? receiving.requestingEverything() : receiving,
                        (bytes, last) -> status.update(bytes));
            } finally {
                status.complete();
            }
            context.log(2, (TransferSummary.of(attrs.name(), sync) + "\n").getBytes(StandardCharsets.UTF_8));
            return List.of(snapshot(attrs, copy.dir()));
        }
    }

    private SnapshotResult snapshot(LocalSourceAttrs attrs, Path copy) throws java.io.IOException {
        String key = "local-" + Identity.newId();
        ActiveSnapshot active = snapshotter.prepare(key, null);
        boolean committed = false;
        try {
            LinkedTreeCopy.copy(copy, active.upperDir());
            SnapshotId id = snapshotter.commit(key);
            committed = true;
            contexts.remember(id, new LocalContexts.LocalContext(attrs.name(), attrs.includePatterns(),
                    attrs.excludePatterns()));
            return new SnapshotResult(id, RecordType.LOCAL_SOURCE, "local source for " + attrs.name());
        } finally {
            if (!committed) {
                snapshotter.remove(key);
            }
        }
    }

    private static BuildWarning skipped(String name, Stat stat) {
        String kind = (stat.getMode() & GoFileMode.DEVICE) != 0 ? "device file" : "special file";
        return BuildWarning.of("local " + name + ": skipped " + kind + " \"" + stat.getPath() + "\": devices,"
                + " fifos and sockets are not copied from a build context");
    }
}
