package org.jbuildkit.client.failure;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jbuildkit.api.errdefs.Source;
import org.jbuildkit.api.errdefs.Vertex;
import org.jbuildkit.api.grpcerrors.TypedErrorDetails;

/**
 * A failed Solve as upstream's client decodes it ({@code grpcerrors.FromGRPC}): the status code and
 * message, plus the typed details from {@code grpc-status-details-bin} — the failing vertices and
 * the source locations (Dockerfile lines) they came from, in the order the daemon sent them.
 */
public record SolveFailure(Status.Code code, String message, List<String> vertices, List<Source> sources) {
    public SolveFailure {
        vertices = List.copyOf(vertices);
        sources = List.copyOf(sources);
    }

    public static SolveFailure from(StatusRuntimeException e) {
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        String message = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
        List<String> vertices = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        if (details != null) {
            message = details.getMessage();
            for (Any any : details.getDetailsList()) {
                Optional<Message> detail = TypedErrorDetails.unpack(any);
                if (detail.isPresent() && detail.get() instanceof Vertex v) {
                    vertices.add(v.getDigest());
                } else if (detail.isPresent() && detail.get() instanceof Source s) {
                    sources.add(s);
                }
            }
        }
        return new SolveFailure(e.getStatus().getCode(), message, vertices, sources);
    }

    /** The failing vertex the daemon named, if it named one. */
    public Optional<String> vertex() {
        return vertices.isEmpty() ? Optional.empty() : Optional.of(vertices.get(0));
    }

    /** The error as upstream words it: the message alone when the code is Unknown, else {@code Code: message}. */
    public String describe() {
        if (code == Status.Code.UNKNOWN || code == Status.Code.OK) {
            return message;
        }
        return goName(code) + ": " + message;
    }

    /** Go's {@code codes.Code.String()}: {@code InvalidArgument}, {@code Canceled}, … */
    static String goName(Status.Code code) {
        if (code == Status.Code.CANCELLED) {
            return "Canceled";
        }
        StringBuilder out = new StringBuilder();
        for (String part : code.name().split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
