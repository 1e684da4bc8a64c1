package org.jbuildkit.daemon.exporter;

import java.util.Map;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.session.manager.Caller;

/** A resolved output: ready to take the build's result once it exists (upstream's {@code ExporterInstance}). */
public interface ExporterInstance {

    /** The name of the export's own vertex on the progress stream, as upstream names it. */
    String name();

    /** Before building: whether the client's session can take this output (e.g. serves a FileSend target). */
    void check(Caller session) throws ExporterException;

    /**
     * Delivers the result; {@code progress} carries the export's statuses and tells of cancellation.
     * Returns entries for {@code SolveResponse.ExporterResponse}.
     */
    Map<String, String> export(ExportSource result, Caller session, ExecContext progress) throws Exception;
}
