package org.jbuildkit.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.jbuildkit.api.auth.FetchTokenResponse;
import org.jbuildkit.api.auth.GetTokenAuthorityRequest;
import org.jbuildkit.api.control.BuildHistoryRecord;
import org.jbuildkit.api.control.Descriptor;
import org.jbuildkit.api.control.Exporter;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.api.control.StatusRequest;
import org.jbuildkit.api.control.UsageRecord;
import org.jbuildkit.api.control.Vertex;
import org.jbuildkit.api.errdefs.Solve;
import org.jbuildkit.api.fsutil.Packet;
import org.jbuildkit.api.fsutil.Stat;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.Meta;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.api.pb.Platform;
import org.jbuildkit.api.pb.ProgressGroup;
import org.jbuildkit.api.pb.SourceOp;
import org.jbuildkit.api.pb.WorkerConstraints;
import org.jbuildkit.api.secrets.GetSecretRequest;
import org.jbuildkit.api.sshforward.CheckAgentRequest;
import org.jbuildkit.api.stack.Stack;
import org.jbuildkit.api.types.BuildkitVersion;
import org.jbuildkit.api.types.GCPolicy;
import org.jbuildkit.api.types.WorkerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message survives serialize → parse unchanged, and the bytes of key fields match what
 * upstream's field numbers and wire types produce (so a renumbered field fails here, not in a build).
 */
class WireRoundTripTest {

    static Stream<PopulatedMessages.Sample> everyMessageType() {
        return PopulatedMessages.all();
    }

    static Stream<Message> llbSamples() {
        return LlbSamples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMessageType")
    void populatedMessageRoundTrips(PopulatedMessages.Sample sample) throws InvalidProtocolBufferException {
        Message original = sample.message();
        assertThat(original.getAllFields())
                .hasSize(PopulatedMessages.expectedFieldCount(original.getDescriptorForType()));

        byte[] wire = DeterministicProto.marshal(original);
        Message parsed = original.getParserForType().parseFrom(wire);

        assertThat(parsed).isEqualTo(original);
        assertThat(UnknownFields.in(parsed)).isEmpty();
        assertThat(DeterministicProto.marshal(parsed)).isEqualTo(wire);
    }

    @ParameterizedTest
    @MethodSource("llbSamples")
    void realisticLlbRoundTrips(Message original) throws InvalidProtocolBufferException {
        Message parsed = original.getParserForType().parseFrom(DeterministicProto.marshal(original));
        assertThat(parsed).isEqualTo(original);
        assertThat(UnknownFields.in(parsed)).isEmpty();
    }

    @Test
    void unknownFieldsAreDetected() throws InvalidProtocolBufferException {
        // field 99, varint 1: something a newer upstream might send
        byte[] withExtra = concat(DeterministicProto.marshal(LlbSamples.sourceOp()), hex("98 06 01"));
        assertThat(UnknownFields.in(Op.parseFrom(withExtra))).containsExactly("pb.Op: [99]");
    }

    @Test
    void controlFieldNumbers() {
        assertWire(StatusRequest.newBuilder().setRef("x").build(), "0a 01 78");
        assertWire(SolveRequest.newBuilder().setSession("s").build(), "2a 01 73");
        assertWire(SolveRequest.newBuilder().putFrontendAttrs("k", "v").build(), "3a 06 0a 01 6b 12 01 76");
        assertWire(SolveRequest.newBuilder().addEntitlements("e").build(), "4a 01 65");
        assertWire(SolveRequest.newBuilder().addExporters(Exporter.newBuilder().setType("t")).build(),
                "6a 03 0a 01 74");
        assertWire(SolveRequest.newBuilder().setProxyNetwork(true).build(), "88 01 01");
        assertWire(UsageRecord.newBuilder().addParents("p").setRecordType("r").build(),
                "52 01 72 62 01 70");
        assertWire(Vertex.newBuilder().setProgressGroup(ProgressGroup.newBuilder().setWeak(true)).build(),
                "42 02 18 01");
        assertWire(BuildHistoryRecord.newBuilder().setNumWarnings(1).build(), "98 01 01");
        assertWire(Descriptor.newBuilder().setSize(1).putAnnotations("a", "b").build(),
                "18 01 2a 06 0a 01 61 12 01 62");
    }

    @Test
    void workerFieldNumbers() {
        assertWire(WorkerRecord.newBuilder().addPlatforms(Platform.newBuilder().setOS("linux")).build(),
                "1a 07 12 05 6c 69 6e 75 78");
        assertWire(WorkerRecord.newBuilder().setBuildkitVersion(BuildkitVersion.newBuilder().setDockerfileVersion("1"))
                .build(), "2a 03 22 01 31");
        assertWire(GCPolicy.newBuilder().setReservedSpace(2).addFilters("f").setMinFreeSpace(3).build(),
                "18 02 22 01 66 30 03");
    }

    @Test
    void llbFieldNumbers() {
        assertWire(Op.newBuilder().setPlatform(Platform.newBuilder().setArchitecture("amd64")).build(),
                "52 07 0a 05 61 6d 64 36 34");
        assertWire(Op.newBuilder().setConstraints(WorkerConstraints.getDefaultInstance()).build(), "5a 00");
        assertWire(Op.newBuilder().setSource(SourceOp.newBuilder().setIdentifier("local")).build(),
                "1a 07 0a 05 6c 6f 63 61 6c");
        assertWire(Meta.newBuilder().addValidExitCodes(0).addValidExitCodes(1).build(), "62 02 00 01");
        assertWire(Definition.newBuilder().addDef(ByteString.copyFrom(hex("5a 00")))
                .putMetadata("d", OpMetadata.newBuilder().putCaps("c", true).build()).build(),
                "0a 02 5a 00 12 0c 0a 01 64 12 07 2a 05 0a 01 63 10 01");
        // Each op type sits at its upstream oneof number (wire type 2): exec=2 … diff=7.
        assertThat(LlbSamples.eachOpType().map(op -> firstBytesHex(op.toBuilder().clearInputs().build(), 1)))
                .containsExactly("12", "1a", "22", "2a", "32", "3a");
        // Mount options: mountType=6, TmpfsOpt=19, cacheOpt=20, secretOpt=21, SSHOpt=22.
        assertThat(LlbSamples.execOp().getExec().getMountsList().stream()
                .map(m -> firstBytesHex(m.toBuilder().clearInput().clearDest().clearOutput().clearSelector()
                        .clearReadonly().clearMountType().build(), 2)))
                .containsExactly("", "a201", "aa01", "b201", "9a01");
        // File actions: copy=4, mkfile=5, mkdir=6, rm=7, symlink=8.
        assertThat(LlbSamples.fileOp().getFile().getActionsList().stream()
                .map(a -> DeterministicProto.marshal(a.toBuilder().clearInput().clearSecondaryInput()
                        .clearOutput().build())[0] & 0xff))
                .containsExactly(0x22, 0x2a, 0x32, 0x3a, 0x42);
    }

    @Test
    void sessionFieldNumbers() {
        assertWire(Packet.newBuilder().setType(Packet.PacketType.PACKET_DATA).setID(5)
                .setData(ByteString.copyFromUtf8("ab")).build(), "08 02 18 05 22 02 61 62");
        assertWire(Stat.newBuilder().setPath("a").setMode(0x800001ed).setModTime(1).setLinkname("l")
                .putXattrs("x", ByteString.copyFromUtf8("y")).build(),
                "0a 01 61 10 ed 83 80 80 08 30 01 3a 01 6c 52 06 0a 01 78 12 01 79");
        assertWire(org.jbuildkit.api.filesync.BytesMessage.newBuilder().setData(ByteString.copyFromUtf8("z")).build(),
                "0a 01 7a");
        assertWire(FetchTokenResponse.newBuilder().setExpiresIn(60).setIssuedAt(1).build(), "10 3c 18 01");
        assertWire(GetTokenAuthorityRequest.newBuilder().setSalt(ByteString.copyFromUtf8("s")).build(), "12 01 73");
        assertWire(GetSecretRequest.newBuilder().setID("id").build(), "0a 02 69 64");
        assertWire(CheckAgentRequest.newBuilder().setID("a").build(), "0a 01 61");
    }

    @Test
    void errorDetailFieldNumbers() {
        assertWire(org.jbuildkit.api.errdefs.Vertex.newBuilder().setDigest("d").build(), "0a 01 64");
        assertWire(Solve.newBuilder().setOp(Op.getDefaultInstance())
                .setFile(org.jbuildkit.api.errdefs.FileAction.newBuilder().setIndex(2)).build(),
                "1a 00 22 02 08 02");
        assertWire(Stack.newBuilder().setPid(7).setRevision("r").build(), "18 07 2a 01 72");
    }

    private static void assertWire(Message message, String expectedHex) {
        assertThat(HexFormat.of().formatHex(DeterministicProto.marshal(message)))
                .as("wire bytes of %s", message.getDescriptorForType().getFullName())
                .isEqualTo(expectedHex.replace(" ", ""));
    }

    private static String firstBytesHex(Message message, int count) {
        byte[] wire = DeterministicProto.marshal(message);
        return HexFormat.of().formatHex(wire, 0, Math.min(count, wire.length));
    }

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
