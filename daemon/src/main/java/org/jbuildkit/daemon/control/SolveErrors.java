package org.jbuildkit.daemon.control;

import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.jbuildkit.api.errdefs.Source;
import org.jbuildkit.api.errdefs.Vertex;
import org.jbuildkit.api.grpcerrors.TypedErrorDetails;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.Location;
import org.jbuildkit.api.pb.Locations;
import org.jbuildkit.daemon.frontend.FrontendException;
import org.jbuildkit.daemon.solver.VertexFailedException;
import org.jbuildkit.session.manager.NoActiveSessionException;

/**
 * A failed build as upstream's daemon reports it on {@code Control.Solve}: a gRPC status whose
 * {@code grpc-status-details-bin} is a {@code google.rpc.Status} with typed details, so upstream's
 * buildctl (and ours) can name the failing vertex and show the source lines it came from. Details
 * come in upstream's order: one {@code errdefs.Source} per location of the vertex in the
 * definition's source map, the last location first (each wraps the error again), then the
 * {@code errdefs.Vertex}.
 */
final class SolveErrors {
    private SolveErrors() {
    }

    static StatusRuntimeException toStatus(Throwable error, Definition definition) {
        return StatusProto.toStatusRuntimeException(status(error, definition));
    }

    static com.google.rpc.Status status(Throwable error, Definition definition) {
        if (error instanceof NoActiveSessionException) {
            // Upstream wraps context.Canceled, which its clients show as Canceled.
            return com.google.rpc.Status.newBuilder().setCode(Code.CANCELLED_VALUE).setMessage(message(error)).build();
        }
        if (error instanceof CancellationException) {
            return com.google.rpc.Status.newBuilder().setCode(Code.CANCELLED_VALUE).setMessage("build cancelled").build();
        }
        if (error instanceof FrontendException frontend) {
            // As upstream's frontend errors: Unknown, the message alone, the source lines as errdefs.Source.
            com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder().setCode(Code.UNKNOWN_VALUE)
                    .setMessage(message(frontend));
            frontend.source().ifPresent(source -> status.addDetails(TypedErrorDetails.pack(source)));
            return status.build();
        }
        if (!(error instanceof VertexFailedException failed)) {
            return com.google.rpc.Status.newBuilder().setCode(Code.INTERNAL_VALUE).setMessage(message(error)).build();
        }
        Throwable cause = failed.getCause() == null ? failed : failed.getCause();
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder().setCode(Code.UNKNOWN_VALUE)
                .setMessage(message(cause));
        List<Source> sources = sources(definition, failed.vertex());
        for (int i = sources.size() - 1; i >= 0; i--) {
            status.addDetails(TypedErrorDetails.pack(sources.get(i)));
        }
        status.addDetails(TypedErrorDetails.pack(Vertex.newBuilder().setDigest(failed.vertex()).build()));
        return status.build();
    }

    /** Where the definition's source map places a vertex, one Source per location (skipping broken indexes). */
    static List<Source> sources(Definition definition, String vertexDigest) {
        if (definition == null || !definition.hasSource()) {
            return List.of();
        }
        Locations locations = definition.getSource().getLocationsMap().get(vertexDigest);
        if (locations == null) {
            return List.of();
        }
        int infos = definition.getSource().getInfosCount();
        return locations.getLocationsList().stream()
                .filter(location -> location.getSourceIndex() >= 0 && location.getSourceIndex() < infos)
                .map(location -> source(definition, location))
                .toList();
    }

    private static Source source(Definition definition, Location location) {
        return Source.newBuilder().setInfo(definition.getSource().getInfos(location.getSourceIndex()))
                .addAllRanges(location.getRangesList()).build();
    }

    /**
     * The error text, clipped: it travels in HTTP/2 trailers, which clients limit (grpc-java to
     * 8 KiB by default), and an error longer than a screen helps nobody.
     */
    static String message(Throwable t) {
        String text = t.getMessage() == null ? t.toString() : t.getMessage();
        if (text.length() <= MAX_MESSAGE_CHARS) {
            return text;
        }
        return text.substring(0, MAX_MESSAGE_CHARS) + "… (" + (text.length() - MAX_MESSAGE_CHARS)
                + " more characters clipped)";
    }

    private static final int MAX_MESSAGE_CHARS = 4096;
}
