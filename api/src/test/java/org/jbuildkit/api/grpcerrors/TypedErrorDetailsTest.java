package org.jbuildkit.api.grpcerrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import org.jbuildkit.api.errdefs.FileAction;
import org.jbuildkit.api.errdefs.Solve;
import org.jbuildkit.api.errdefs.Vertex;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.LinuxResources;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.api.pb.SourceInfo;
import org.jbuildkit.api.stack.Frame;
import org.jbuildkit.api.stack.Stack;
import org.junit.jupiter.api.Test;

class TypedErrorDetailsTest {

    @Test
    void detailsCarryUpstreamsTypeUrls() {
        assertThat(TypedErrorDetails.pack(Vertex.newBuilder().setDigest("sha256:ab").build()).getTypeUrl())
                .isEqualTo("github.com/moby/buildkit/errdefs.Vertex+json");
        assertThat(TypedErrorDetails.typeUrl(Stack.getDefaultInstance()))
                .isEqualTo("github.com/moby/buildkit/stack.Stack+json");
        assertThatThrownBy(() -> TypedErrorDetails.pack(Definition.getDefaultInstance()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pb.Definition");
    }

    @Test
    void valuesAreGoJsonWithNumbersForWideIntegersSortedMapsAndOneofsUnderTheirGoNames() {
        Solve solve = Solve.newBuilder().addInputIDs("in<1>").setFile(FileAction.newBuilder().setIndex(3))
                .putDescription("z", "last").putDescription("a", "first").build();
        assertThat(GoProtoJson.encode(solve)).isEqualTo("{\"inputIDs\":[\"in\\u003c1\\u003e\"],"
                + "\"Subject\":{\"File\":{\"index\":3}},\"description\":{\"a\":\"first\",\"z\":\"last\"}}");
        SourceInfo info = SourceInfo.newBuilder().setFilename("Dockerfile").setDefinition(Definition.newBuilder()
                .addDef(ByteString.copyFromUtf8("op")).putMetadata("sha256:x", OpMetadata.newBuilder()
                        .setLinuxResources(LinuxResources.newBuilder().setMemory(1L << 33)).build()))
                .build();
        assertThat(GoProtoJson.encode(info)).isEqualTo("{\"filename\":\"Dockerfile\",\"definition\":{\"def\":[\"b3A=\"],"
                + "\"metadata\":{\"sha256:x\":{\"linux_resources\":{\"memory\":8589934592}}}}}");
    }

    @Test
    void unpackingReadsGoJsonAndThePlainProtobufFormAndSkipsWhatItDoesNotKnow() {
        Stack stack = Stack.newBuilder().addFrames(Frame.newBuilder().setName("main").setLine(12)).setPid(7).build();
        assertThat(TypedErrorDetails.unpack(TypedErrorDetails.pack(stack))).contains(stack);
        Vertex vertex = Vertex.newBuilder().setDigest("sha256:cd").build();
        Any binary = Any.pack(vertex);
        assertThat(binary.getTypeUrl()).isEqualTo("type.googleapis.com/errdefs.Vertex");
        assertThat(TypedErrorDetails.unpack(binary)).contains(vertex);
        Any unknownField = Any.newBuilder().setTypeUrl("github.com/moby/buildkit/errdefs.Vertex+json")
                .setValue(ByteString.copyFromUtf8("{\"digest\":\"sha256:ef\",\"future\":1}")).build();
        assertThat(TypedErrorDetails.unpack(unknownField)).contains(Vertex.newBuilder().setDigest("sha256:ef").build());
        assertThat(TypedErrorDetails.unpack(Any.newBuilder().setTypeUrl("example.com/Other").build())).isEmpty();
        assertThat(TypedErrorDetails.unpack(Any.newBuilder().setTypeUrl("github.com/moby/buildkit/errdefs.Vertex+json")
                .setValue(ByteString.copyFromUtf8("not json")).build())).isEmpty();
    }
}
