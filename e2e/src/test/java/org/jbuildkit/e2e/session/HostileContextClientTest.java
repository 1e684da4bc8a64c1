package org.jbuildkit.e2e.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jbuildkit.api.BuildkitAddress;
import org.jbuildkit.api.Identity;
import org.jbuildkit.api.control.ControlGrpc;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.api.filesync.FileSyncGrpc;
import org.jbuildkit.api.fsutil.Packet;
import org.jbuildkit.api.fsutil.Packet.PacketType;
import org.jbuildkit.api.fsutil.Stat;
import org.jbuildkit.client.connection.DaemonConnection;
import org.jbuildkit.client.connection.TlsOptions;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.llb.FileActions;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.session.Session;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hostile client against the real daemon: its FileSync answers the daemon's request for the context
 * with paths that climb out ({@code ../}), are absolute, or go through a symlink it sent first. The
 * daemon refuses each, names the path, and writes nothing outside its copy.
 */
class HostileContextClientTest {
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    private static final int FILE = 0644;
    private static final int SYMLINK = 1 << 27 | 0777;

    static Stream<List<Stat>> listings() {
        return Stream.of(
                List.of(stat("../escaped-by-dotdot", FILE, "")),
                List.of(stat("/tmp/escaped-absolute", FILE, "")),
                List.of(stat("link", SYMLINK, "/"), stat("link/escaped-through-link", FILE, "")));
    }

    private static Stat stat(String path, int mode, String linkname) {
        return Stat.newBuilder().setPath(path).setMode(mode).setSize(linkname.isEmpty() ? 5 : 0)
                .setLinkname(linkname).build();
    }

    /** Lists the given stats, then answers every request with "owned". */
    private static ServerServiceDefinition hostileFileSync(List<Stat> listing) {
        return ServerServiceDefinition.builder(FileSyncGrpc.SERVICE_NAME)
                .addMethod(FileSyncGrpc.getDiffCopyMethod(), ServerCalls.asyncBidiStreamingCall(
                        (StreamObserver<Packet> responses) -> {
                            for (Stat s : listing) {
                                responses.onNext(Packet.newBuilder().setType(PacketType.PACKET_STAT).setStat(s).build());
                            }
                            responses.onNext(Packet.newBuilder().setType(PacketType.PACKET_STAT).build());
                            return new Requests(responses);
                        }))
                .build();
    }

    /** Answers every request of the daemon with the same five bytes. */
    private record Requests(StreamObserver<Packet> responses) implements StreamObserver<Packet> {
        @Override
        public void onNext(Packet p) {
            if (p.getType() == PacketType.PACKET_REQ) {
                responses.onNext(Packet.newBuilder().setType(PacketType.PACKET_DATA).setID(p.getID())
                        .setData(ByteString.copyFromUtf8("owned")).build());
                responses.onNext(Packet.newBuilder().setType(PacketType.PACKET_DATA).setID(p.getID()).build());
            }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
            responses.onCompleted();
        }
    }

    @ParameterizedTest
    @MethodSource("listings")
    void theDaemonRefusesThePathAndWritesNothingOutsideItsCopy(List<Stat> listing) throws Exception {
        String bad = listing.get(listing.size() - 1).getPath();
        String name = bad.substring(bad.lastIndexOf('/') + 1);
        try (DaemonConnection connection = DaemonConnection.open(new BuildkitAddress.Unix(DAEMON.socket()),
                TlsOptions.none(), 10);
                Session session = Session.create("hostile", "")) {
            session.allow(hostileFileSync(listing));
            session.run(ControlGrpc.newStub(connection.channel()));
            SolveRequest request = SolveRequest.newBuilder().setRef(Identity.newId()).setSession(session.id())
                    .setDefinition(Llb.scratch().file(FileActions.copy(Llb.local("context"), "/", "/")).marshal())
                    .build();
            assertThatThrownBy(() -> ControlGrpc.newBlockingStub(connection.channel()).solve(request))
                    .isInstanceOf(StatusRuntimeException.class)
                    .hasMessageContaining(bad)
                    .hasMessageContaining("refusing");
        }
        try (Stream<Path> all = Stream.concat(Files.walk(DAEMON.root().getParent()), Files.walk(Path.of("/tmp"), 1))) {
            assertThat(all.filter(p -> p.getFileName() != null && p.getFileName().toString().equals(name)))
                    .as("files named " + name).isEmpty();
        }
    }
}
