package org.jbuildkit.daemon.exporter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.session.filesync.FileSendCalls;

/**
 * {@code --output type=tar,dest=FILE|-}: the result's tree as one tar streamed over the session to
 * the client's FileSend target, which writes it to FILE or its stdout.
 */
public final class TarExporter implements Exporter {
    private final Snapshotter snapshotter;
    private final Path mountRoot;
    private final Clock clock;

    public TarExporter(Snapshotter snapshotter, Path mountRoot, Clock clock) {
        this.snapshotter = snapshotter;
        this.mountRoot = mountRoot;
        this.clock = clock;
    }

    @Override
    public String type() {
        return "tar";
    }

    @Override
    public ExporterInstance resolve(int id, Map<String, String> attrs) throws ExporterException {
        TreeExportOptions options = TreeExportOptions.parse(type(), attrs, TreeExportOptions.COMMON_KEYS);
        return new TreeExport("exporting to client tarball", type(), options, snapshotter, mountRoot,
                (root, walk, session, progress) -> {
                    TransferStatus status = TransferStatus.oneOff(progress, clock, "sending tarball");
                    FileSendCalls.FileStream out = FileSendCalls.fileWriter(session, id, Map.of());
                    try {
                        TreeTarWriter.write(root, walk, out, progress::cancelled);
                        out.close();
                    } catch (IOException | RuntimeException e) {
                        out.abort(String.valueOf(e.getMessage()));
                        throw e;
                    } finally {
                        status.complete();
                    }
                });
    }
}
