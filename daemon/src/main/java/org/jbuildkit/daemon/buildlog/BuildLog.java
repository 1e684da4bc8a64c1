package org.jbuildkit.daemon.buildlog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logs of one running build, one file per vertex. Keeping logs never fails a build: a file that
 * cannot be written is reported once and left as far as it got. Writes are serialized per build
 * (they only reach the page cache), so none can slip in after the build closed its files.
 */
public final class BuildLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BuildLog.class);

    private final BuildLogStore store;
    private final String ref;
    private final Path dir;
    private final long headBytes;
    private final int tailBytes;
    private final Map<String, VertexLogFile> files = new HashMap<>();
    private final Set<String> broken = new HashSet<>();
    private boolean closed;

    BuildLog(BuildLogStore store, String ref, Path dir, long headBytes, int tailBytes) {
        this.store = store;
        this.ref = ref;
        this.dir = dir;
        this.headBytes = headBytes;
        this.tailBytes = tailBytes;
    }

    /** A build whose logs go nowhere (e.g. a request rejected before it starts). */
    public static BuildLog discarding() {
        return new BuildLog(null, "", null, 0, 0);
    }

    /** Appends a chunk of a vertex's output (stdout and stderr share one file, in the order written). */
    public synchronized void append(String vertexDigest, byte[] data) {
        if (dir == null || closed || data.length == 0 || broken.contains(vertexDigest)) {
            return;
        }
        VertexLogFile file = files.computeIfAbsent(vertexDigest,
                d -> new VertexLogFile(dir.resolve(BuildLogStore.fileName(d)), headBytes, tailBytes));
        try {
            file.append(data);
        } catch (IOException e) {
            broken.add(vertexDigest);
            LOG.warn("cannot keep the log of vertex {} of build {} in {}: {}", vertexDigest, ref, dir, e.toString());
        }
    }

    /** The build ended: the files get their kept tails and are closed; the store may prune it later. */
    @Override
    public synchronized void close() {
        // Output that arrives after the build ended (a step torn down late) is not kept: nothing would close its file.
        closed = true;
        for (Map.Entry<String, VertexLogFile> file : files.entrySet()) {
            try {
                file.getValue().close();
            } catch (IOException e) {
                LOG.warn("cannot finish the log of vertex {} of build {}: {}", file.getKey(), ref, e.toString());
            }
        }
        if (store != null) {
            store.finished(ref);
        }
    }
}
