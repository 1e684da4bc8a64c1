package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.DeterministicProto;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.Input;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.SourceOp;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** buildctl build sends an LLB definition from stdin; Solve and Status travel between the real processes. */
class BuildRequestTest {
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    private static CommandResult build(Path stdin, String... extra) {
        List<String> command = new java.util.ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", DAEMON.unixAddress(), "build", "--progress", "plain"));
        command.addAll(List.of(extra));
        return Commands.run(command, Map.of(), 60, stdin);
    }

    @Test
    void emptyStdinSaysWhatToPipeIn(@TempDir Path tmp) throws Exception {
        CommandResult result = build(Files.write(tmp.resolve("empty"), new byte[0]));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("no LLB definition on stdin");
    }

    @Test
    void garbageOnStdinIsNamed(@TempDir Path tmp) throws Exception {
        CommandResult result = build(Files.writeString(tmp.resolve("junk"), "FROM busybox\n"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("stdin is not a marshaled LLB definition");
    }

    @Test
    void aDefinitionWithoutTerminalOpIsRejectedByTheDaemon(@TempDir Path tmp) throws Exception {
        Definition def = Definition.newBuilder().addDef(ByteString.copyFrom(DeterministicProto.marshal(
                Op.newBuilder().setSource(SourceOp.newBuilder().setIdentifier("docker-image://busybox")).build())))
                .build();
        CommandResult result = build(Files.write(tmp.resolve("def"), def.toByteArray()));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("error: failed to solve: invalid LLB definition")
                .contains("terminal op");
    }

    @Test
    void progressStreamsTheFailedStepAndTheErrorEndsTheBuild(@TempDir Path tmp) throws Exception {
        ByteString source = ByteString.copyFrom(DeterministicProto.marshal(
                Op.newBuilder().setSource(SourceOp.newBuilder().setIdentifier("nosuch://example.invalid/repo")).build()));
        String digest = "sha256:" + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(source.toByteArray()));
        Definition def = Definition.newBuilder().addDef(source).addDef(ByteString.copyFrom(DeterministicProto.marshal(
                Op.newBuilder().addInputs(Input.newBuilder().setDigest(digest)).build()))).build();
        CommandResult result = build(Files.write(tmp.resolve("def"), def.toByteArray()));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("#1 nosuch://example.invalid/repo\n")
                .contains("#1 ERROR: sources of type nosuch:// are not supported by this daemon yet (it has docker-image,")
                .contains("error: failed to solve: sources of type nosuch:// are not supported");
    }

    @Test
    void outputsTheDaemonCannotProduceAreRefusedBeforeBuilding(@TempDir Path tmp) throws Exception {
        CommandResult result = build(Files.write(tmp.resolve("def"), minimal().toByteArray()),
                "--output", "type=nosuch,name=example.invalid/app:1");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("output type \"nosuch\" is not available in this daemon: it has docker, image, local, oci, tar")
                .doesNotContain("#1 ");
    }

    private static Definition minimal() throws Exception {
        ByteString source = ByteString.copyFrom(DeterministicProto.marshal(
                Op.newBuilder().setSource(SourceOp.newBuilder().setIdentifier("docker-image://busybox")).build()));
        String digest = "sha256:" + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(source.toByteArray()));
        return Definition.newBuilder().addDef(source).addDef(ByteString.copyFrom(DeterministicProto.marshal(
                Op.newBuilder().addInputs(Input.newBuilder().setDigest(digest)).build()))).build();
    }
}
