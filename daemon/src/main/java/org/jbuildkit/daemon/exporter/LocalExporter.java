package org.jbuildkit.daemon.exporter;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.session.filesync.FileSendCalls;

/**
 * {@code --output type=local,dest=DIR}: the result's tree sent over the session to the client's
 * FileSend target as an fsutil packet stream; the client writes it into DIR (its {@code dest} never
 * reaches the daemon). {@code mode=copy} (the default) leaves files already in DIR; {@code mode=delete}
 * is refused until this daemon can mirror a tree.
 */
public final class LocalExporter implements Exporter {
    static final String MODE = "mode";
    private static final Set<String> KEYS = keys();

    private final Snapshotter snapshotter;
    private final Path mountRoot;
    private final Executor executor;
    private final Clock clock;

    public LocalExporter(Snapshotter snapshotter, Path mountRoot, Executor executor, Clock clock) {
        this.snapshotter = snapshotter;
        this.mountRoot = mountRoot;
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public String type() {
        return "local";
    }

    @Override
    public ExporterInstance resolve(int id, Map<String, String> attrs) throws ExporterException {
        TreeExportOptions options = TreeExportOptions.parse(type(), attrs, KEYS);
        String mode = attrs.getOrDefault(MODE, "");
        if (mode.equals("delete")) {
            throw new ExporterException("mode=delete of output type local is not available in this daemon yet;"
                    + " use mode=copy (the default), which leaves files in the destination that the result lacks");
        }
        if (!mode.isEmpty() && !mode.equals("copy")) {
            throw new ExporterException("invalid local exporter mode: \"" + mode + "\"; use copy or delete");
        }
        return new TreeExport("exporting to client directory", type(), options, snapshotter, mountRoot,
                (root, walk, session, progress) -> {
                    TransferStatus status = TransferStatus.transferring(progress, clock, "copying files");
                    try {
                        FileSendCalls.copyToCaller(session, id, root, walk, executor, status, progress::cancelled);
                    } finally {
                        status.complete();
                    }
                });
    }

    private static Set<String> keys() {
        Set<String> keys = new HashSet<>(TreeExportOptions.COMMON_KEYS);
        keys.add(MODE);
        return Set.copyOf(keys);
    }
}
