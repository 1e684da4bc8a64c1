package org.jbuildkit.daemon.exporter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.daemon.solver.BuildWarning;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ProgressSink;
import org.jbuildkit.daemon.solver.ProgressStatus;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.registry.image.Digest;

/**
 * An export as its own vertex on the build's progress, as upstream's {@code inBuilderContext}: the
 * digest of {@code <session>-export-<index>}, named by the exporter, with the export's statuses.
 */
public final class ExportProgress implements ExecContext {
    private final Vertex vertex;
    private final ProgressSink sink;
    private final BooleanSupplier cancelled;
    private final Clock clock;

    public ExportProgress(String sessionId, int index, String name, ProgressSink sink, BooleanSupplier cancelled,
            Clock clock) {
        this(sessionId + "-export-" + index, name, sink, cancelled, clock);
    }

    /** A vertex of its own for another task of the build (importing or exporting cache), named {@code name}. */
    public ExportProgress(String seed, String name, ProgressSink sink, BooleanSupplier cancelled, Clock clock) {
        this.vertex = new Vertex(digestOf(seed), Op.getDefaultInstance(), List.of(),
                OpMetadata.newBuilder().putDescription("llb.customname", name).build());
        this.sink = sink;
        this.cancelled = cancelled;
        this.clock = clock;
    }

    public Vertex vertex() {
        return vertex;
    }

    @Override
    public void log(int stream, byte[] data) {
        sink.log(vertex, stream, data, clock.instant());
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }

    @Override
    public void status(ProgressStatus status) {
        sink.status(vertex, status, clock.instant());
    }

    @Override
    public void warning(BuildWarning warning) {
        sink.warning(vertex, warning);
    }

    private static String digestOf(String text) {
        MessageDigest sha = Digest.sha256Digester();
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        return Digest.ofSha256(sha).toString();
    }
}
