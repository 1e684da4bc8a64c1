package org.jbuildkit.daemon.exporter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.session.filesync.FileSendCalls;
import org.jbuildkit.session.manager.Caller;

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
        return new Instance(id, TreeExportOptions.parse(type(), attrs, TreeExportOptions.COMMON_KEYS));
    }

    private final class Instance implements ExporterInstance {
        private final int id;
        private final TreeExportOptions options;

        Instance(int id, TreeExportOptions options) {
            this.id = id;
            this.options = options;
        }

        @Override
        public String name() {
            return "exporting to client tarball";
        }

        @Override
        public void check(Caller session) throws ExporterException {
            FileSendTargets.require(session, type());
        }

        @Override
        public Map<String, String> export(ExportSource result, Caller session, ExecContext progress) throws Exception {
            try (ResultView view = ResultView.open(snapshotter, mountRoot, result)) {
                TransferStatus status = TransferStatus.oneOff(progress, clock, "sending tarball");
                FileSendCalls.FileStream out = FileSendCalls.fileWriter(session, id, Map.of());
                try {
                    TreeTarWriter.write(view.root(), options.walk(), out, progress::cancelled);
                    out.close();
                } catch (IOException | RuntimeException e) {
                    out.abort(String.valueOf(e.getMessage()));
                    throw e;
                } finally {
                    status.complete();
                }
            }
            return Map.of();
        }
    }
}
