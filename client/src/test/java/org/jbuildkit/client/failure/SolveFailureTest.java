package org.jbuildkit.client.failure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.jbuildkit.api.errdefs.Source;
import org.jbuildkit.api.errdefs.Vertex;
import org.jbuildkit.api.grpcerrors.TypedErrorDetails;
import org.jbuildkit.api.pb.Position;
import org.jbuildkit.api.pb.Range;
import org.jbuildkit.api.pb.SourceInfo;
import org.jbuildkit.api.stack.Stack;
import org.junit.jupiter.api.Test;

class SolveFailureTest {
    private static final String DOCKERFILE = "FROM busybox\nRUN echo one\nRUN echo two\nRUN exit 3\nRUN echo after\n"
            + "RUN echo more\n";

    private static Source source(int from, int to) {
        return Source.newBuilder().setInfo(SourceInfo.newBuilder().setFilename("Dockerfile")
                        .setData(ByteString.copyFromUtf8(DOCKERFILE)))
                .addRanges(Range.newBuilder().setStart(Position.newBuilder().setLine(from))
                        .setEnd(Position.newBuilder().setLine(to)))
                .build();
    }

    private static String excerpt(Source source) {
        StringWriter out = new StringWriter();
        SourceExcerpt.print(source, new PrintWriter(out, true));
        return out.toString();
    }

    @Test
    void theDaemonsTypedDetailsNameTheVertexAndTheSourceInOrder() {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder().setCode(com.google.rpc.Code.UNKNOWN_VALUE)
                .setMessage("process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3")
                .addDetails(TypedErrorDetails.pack(Stack.newBuilder().setPid(1).build()))
                .addDetails(TypedErrorDetails.pack(source(4, 4)))
                .addDetails(Any.newBuilder().setTypeUrl("example.com/Unknown").build())
                .addDetails(TypedErrorDetails.pack(Vertex.newBuilder().setDigest("sha256:abc").build()))
                .build();
        SolveFailure failure = SolveFailure.from(StatusProto.toStatusRuntimeException(status));
        assertThat(failure.vertex()).contains("sha256:abc");
        assertThat(failure.sources()).containsExactly(source(4, 4));
        assertThat(failure.describe())
                .isEqualTo("process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3");
    }

    @Test
    void aBareStatusStillDescribesItselfAsUpstreamDoes() {
        SolveFailure failure = SolveFailure.from(new StatusRuntimeException(
                Status.INVALID_ARGUMENT.withDescription("invalid LLB definition: no ops")));
        assertThat(failure.vertex()).isEmpty();
        assertThat(failure.sources()).isEmpty();
        assertThat(failure.describe()).isEqualTo("InvalidArgument: invalid LLB definition: no ops");
        assertThat(SolveFailure.goName(Status.Code.CANCELLED)).isEqualTo("Canceled");
        assertThat(SolveFailure.goName(Status.Code.DEADLINE_EXCEEDED)).isEqualTo("DeadlineExceeded");
    }

    @Test
    void aSingleFailingLineIsShownWithFourLinesOfContext() {
        assertThat(excerpt(source(4, 4))).isEqualTo(String.join("\n",
                "Dockerfile:4",
                "--------------------",
                "   2 |     RUN echo one",
                "   3 |     RUN echo two",
                "   4 | >>> RUN exit 3",
                "   5 |     RUN echo after",
                "   6 |     RUN echo more",
                "--------------------",
                ""));
    }

    @Test
    void aRangeOfLinesIsMarkedWholeWithLessContextAndOutOfFileRangesShowNothing() {
        assertThat(excerpt(source(1, 2))).isEqualTo(String.join("\n",
                "Dockerfile:1",
                "--------------------",
                "   1 | >>> FROM busybox",
                "   2 | >>> RUN echo one",
                "   3 |     RUN echo two",
                "--------------------",
                ""));
        assertThat(excerpt(source(40, 41))).isEmpty();
        assertThat(excerpt(Source.getDefaultInstance())).isEmpty();
    }
}
