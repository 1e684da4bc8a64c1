package org.jbuildkit.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
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
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.api.pb.Position;
import org.jbuildkit.api.pb.Range;
import org.jbuildkit.api.pb.SourceInfo;
import org.jbuildkit.daemon.solver.VertexFailedException;
import org.junit.jupiter.api.Test;

class SolveErrorsTest {
    private static final String RUN = "sha256:" + "1".repeat(64);
    private static final String OTHER = "sha256:" + "2".repeat(64);
    private static final SourceInfo DOCKERFILE = SourceInfo.newBuilder().setFilename("Dockerfile")
            .setData(ByteString.copyFromUtf8("FROM busybox\nRUN echo before\nRUN exit 3\n")).setLanguage("Dockerfile")
            .build();

    private static Range lines(int from, int to) {
        return Range.newBuilder().setStart(Position.newBuilder().setLine(from))
                .setEnd(Position.newBuilder().setLine(to)).build();
    }

    private static Definition definition() {
        return Definition.newBuilder().setSource(org.jbuildkit.api.pb.Source.newBuilder().addInfos(DOCKERFILE)
                .putLocations(RUN, Locations.newBuilder()
                        .addLocations(Location.newBuilder().setSourceIndex(0).addRanges(lines(3, 3)))
                        .addLocations(Location.newBuilder().setSourceIndex(0).addRanges(lines(1, 1)))
                        .build())
                .putLocations(OTHER, Locations.newBuilder()
                        .addLocations(Location.newBuilder().setSourceIndex(7).addRanges(lines(2, 2))).build()))
                .build();
    }

    private static VertexFailedException failure(String digest) {
        org.jbuildkit.daemon.solver.Vertex vertex = new org.jbuildkit.daemon.solver.Vertex(digest,
                Op.getDefaultInstance(), List.of(), OpMetadata.getDefaultInstance());
        return new VertexFailedException(vertex, new IllegalStateException(
                "process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3"));
    }

    @Test
    void aFailedStepTravelsAsUnknownWithItsSourcesLastLocationFirstThenTheVertex() throws Exception {
        StatusRuntimeException sent = SolveErrors.toStatus(failure(RUN), definition());
        com.google.rpc.Status status = StatusProto.fromThrowable(sent);
        assertThat(status.getCode()).isEqualTo(com.google.rpc.Code.UNKNOWN_VALUE);
        assertThat(status.getMessage())
                .isEqualTo("process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3");
        assertThat(status.getDetailsList()).extracting(Any::getTypeUrl).containsExactly(
                "github.com/moby/buildkit/errdefs.Source+json", "github.com/moby/buildkit/errdefs.Source+json",
                "github.com/moby/buildkit/errdefs.Vertex+json");
        // The values are Go JSON, exactly what upstream's json.Marshal of these structs gives.
        assertThat(status.getDetails(0).getValue().toStringUtf8()).isEqualTo("{\"info\":{\"filename\":\"Dockerfile\","
                + "\"data\":\"RlJPTSBidXN5Ym94ClJVTiBlY2hvIGJlZm9yZQpSVU4gZXhpdCAzCg==\",\"language\":\"Dockerfile\"},"
                + "\"ranges\":[{\"start\":{\"line\":1},\"end\":{\"line\":1}}]}");
        assertThat(status.getDetails(2).getValue().toStringUtf8()).isEqualTo("{\"digest\":\"" + RUN + "\"}");

        Source last = (Source) TypedErrorDetails.unpack(status.getDetails(0)).orElseThrow();
        Source first = (Source) TypedErrorDetails.unpack(status.getDetails(1)).orElseThrow();
        assertThat(last).isEqualTo(Source.newBuilder().setInfo(DOCKERFILE).addRanges(lines(1, 1)).build());
        assertThat(first.getRangesList()).containsExactly(lines(3, 3));
        assertThat(TypedErrorDetails.unpack(status.getDetails(2))).contains(Vertex.newBuilder().setDigest(RUN).build());
    }

    @Test
    void aVertexWithoutSourceLocationsCarriesOnlyItsDigest() {
        com.google.rpc.Status plain = SolveErrors.status(failure(RUN), Definition.getDefaultInstance());
        assertThat(plain.getDetailsList()).extracting(Any::getTypeUrl)
                .containsExactly("github.com/moby/buildkit/errdefs.Vertex+json");
        // A location pointing past the source infos is skipped rather than failing the error report.
        com.google.rpc.Status broken = SolveErrors.status(failure(OTHER), definition());
        assertThat(broken.getDetailsCount()).isEqualTo(1);
    }

    @Test
    void cancellationAndInternalFailuresKeepTheirCodes() {
        assertThat(SolveErrors.status(new CancellationException("x"), null).getCode())
                .isEqualTo(com.google.rpc.Code.CANCELLED_VALUE);
        com.google.rpc.Status internal = SolveErrors.status(new IllegalStateException("metadata store closed"), null);
        assertThat(internal.getCode()).isEqualTo(com.google.rpc.Code.INTERNAL_VALUE);
        assertThat(internal.getMessage()).isEqualTo("metadata store closed");
        assertThat(internal.getDetailsCount()).isZero();
    }

    @Test
    void aBuildStoppedByTheEndOfItsSessionIsCanceledWithUpstreamsMessage() {
        com.google.rpc.Status status = SolveErrors.status(
                new org.jbuildkit.session.manager.NoActiveSessionException("abc", "session closed by client"), null);

        assertThat(status.getCode()).isEqualTo(com.google.rpc.Code.CANCELLED_VALUE);
        assertThat(status.getMessage()).isEqualTo("no active session for abc: session closed by client");
    }

    @Test
    void aHugeErrorMessageIsClippedSayingHowMuchWasLeftOut() {
        String huge = "x".repeat(10_000);
        com.google.rpc.Status status = SolveErrors.status(new IllegalStateException(huge), null);
        assertThat(status.getMessage()).hasSizeLessThan(4200).startsWith("xxxx")
                .endsWith("… (5904 more characters clipped)");
        assertThat(SolveErrors.status(new IllegalStateException("short"), null).getMessage()).isEqualTo("short");
    }

    @Test
    void aFrontendErrorTravelsAsUnknownWithTheDockerfileAsItsSource() {
        Source source = Source.newBuilder().setInfo(DOCKERFILE).addRanges(lines(2, 2)).build();
        com.google.rpc.Status status = SolveErrors.status(new org.jbuildkit.daemon.frontend.FrontendException(
                "dockerfile parse error on line 2: unknown instruction: RUNN", source, null), null);
        assertThat(status.getCode()).isEqualTo(com.google.rpc.Code.UNKNOWN_VALUE);
        assertThat(status.getMessage()).isEqualTo("dockerfile parse error on line 2: unknown instruction: RUNN");
        assertThat(status.getDetailsList()).hasSize(1);
        assertThat(TypedErrorDetails.unpack(status.getDetails(0))).contains(source);
    }
}
