package org.jbuildkit.daemon.exporter;

import java.nio.file.Path;
import java.util.Map;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.session.filesync.FileSendMethods;
import org.jbuildkit.session.filesync.TreeWalk;
import org.jbuildkit.session.manager.Caller;

/**
 * A resolved output that hands the result's file tree to the client: checks the client serves a
 * FileSend target, opens a read-only view of the result for the delivery, and releases it after.
 */
final class TreeExport implements ExporterInstance {

    /** How the tree travels: as a packet stream, as a tar. */
    @FunctionalInterface
    interface Delivery {
        void deliver(Path root, TreeWalk walk, Caller session, ExecContext progress) throws Exception;
    }

    private final String name;
    private final String type;
    private final TreeExportOptions options;
    private final Snapshotter snapshotter;
    private final Path mountRoot;
    private final Delivery delivery;

    TreeExport(String name, String type, TreeExportOptions options, Snapshotter snapshotter, Path mountRoot,
            Delivery delivery) {
        this.name = name;
        this.type = type;
        this.options = options;
        this.snapshotter = snapshotter;
        this.mountRoot = mountRoot;
        this.delivery = delivery;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void check(Caller session) throws ExporterException {
        if (!session.supports(FileSendMethods.URL)) {
            throw new ExporterException("output type " + type + " is written by the client, but the client of"
                    + " session " + session.id() + " serves no FileSend target (" + FileSendMethods.URL + "); use a"
                    + " client that attaches one for its --output, as buildctl does");
        }
    }

    @Override
    public Map<String, String> export(ExportSource result, Caller session, ExecContext progress) throws Exception {
        try (ResultView view = ResultView.open(snapshotter, mountRoot, result)) {
            delivery.deliver(view.root(), options.walk(), session, progress);
        }
        return Map.of();
    }
}
