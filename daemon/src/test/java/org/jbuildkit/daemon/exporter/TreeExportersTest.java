package org.jbuildkit.daemon.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.daemon.ops.SnapshotResult;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ProgressStatus;
import org.jbuildkit.daemon.worker.snapshot.ActiveSnapshot;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotterSelector;
import org.jbuildkit.session.filesync.FileSendMethods;
import org.jbuildkit.session.filesync.FileSendTarget;
import org.jbuildkit.session.grpchijack.LocalTransport;
import org.jbuildkit.session.manager.Caller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The local and tar exporters over real snapshots (both snapshotters, as root), delivering to a real
 * FileSend target over in-JVM gRPC; and what resolving outputs refuses before any build.
 */
class TreeExportersTest {
    @TempDir
    Path tmp;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<ProgressStatus> statuses = new CopyOnWriteArrayList<>();
    private final ExecContext progress = new ExecContext() {
        @Override
        public void log(int stream, byte[] data) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public void status(ProgressStatus status) {
            statuses.add(status);
        }
    };
    private final EventLoopGroup group = LocalTransport.newEventLoopGroup("exporter-test", 2);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        executor.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Path mounts() throws IOException {
        return Files.createDirectories(tmp.resolve("mounts"));
    }

    /** A committed two-layer snapshot: a base with a file, and a layer adding a dir and a symlink. */
    private SnapshotId snapshot(Snapshotter s) throws IOException {
        ActiveSnapshot base = s.prepare("base", null);
        Files.writeString(base.upperDir().resolve("hello"), "hello\n");
        SnapshotId baseId = s.commit("base");
        ActiveSnapshot top = s.prepare("top", baseId);
        Files.createDirectory(top.upperDir().resolve("sub"));
        Files.writeString(top.upperDir().resolve("sub/inner"), "inner");
        Files.createSymbolicLink(top.upperDir().resolve("link"), Path.of("hello"));
        return s.commit("top");
    }

    /** A FileSend target served in the JVM and a session whose client advertises it. */
    private Caller client(FileSendTarget target) throws IOException {
        LocalAddress address = LocalTransport.newAddress("exporter-test", Long.toString(System.nanoTime()));
        Server server = NettyServerBuilder.forAddress(address).channelType(LocalServerChannel.class)
                .bossEventLoopGroup(group).workerEventLoopGroup(group).addService(target.service()).build().start();
        ManagedChannel channel = NettyChannelBuilder.forAddress(address).channelType(LocalChannel.class,
                LocalAddress.class).eventLoopGroup(group).usePlaintext().build();
        toClose.add(server::shutdownNow);
        toClose.add(channel::shutdownNow);
        return session(channel, Set.of(FileSendMethods.URL));
    }

    private static Caller session(Channel channel, Set<String> methods) {
        return new Caller() {
            @Override
            public String id() {
                return "s1";
            }

            @Override
            public String name() {
                return "";
            }

            @Override
            public String sharedKey() {
                return "";
            }

            @Override
            public boolean supports(String methodUrl) {
                return methods.stream().anyMatch(m -> m.equalsIgnoreCase(methodUrl));
            }

            @Override
            public Set<String> methods() {
                return methods;
            }

            @Override
            public Channel channel() {
                return channel;
            }

            @Override
            public CompletableFuture<String> closed() {
                return new CompletableFuture<>();
            }
        };
    }

    private static FileSendTarget.FileOutput into(ByteArrayOutputStream bytes) {
        return metadata -> new FileSendTarget.Sink() {
            @Override
            public void write(ByteString data) throws IOException {
                data.writeTo(bytes);
            }

            @Override
            public void commit() {
            }

            @Override
            public void abort() {
            }
        };
    }

    private static List<String> tarNames(byte[] tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName() + (entry.isSymbolicLink() ? " -> " + entry.getLinkName() : ""));
            }
        }
        return names;
    }

    private void assertNothingLeftMounted() throws IOException {
        try (Stream<Path> left = Files.list(mounts())) {
            assertThat(left).isEmpty();
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(tmp.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlayfs"})
    void localAndTarExportsCarryTheSnapshotsTreeAndReleaseTheView(String name) throws Exception {
        Snapshotter s = SnapshotterSelector.forConfig(name, tmp.resolve(name));
        SnapshotId id = snapshot(s);
        Path dest = tmp.resolve("dest");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        Caller session = client(new FileSendTarget(executor).directory(0, dest).file(1, into(tar)));
        Exporters exporters = Exporters.standard(s, mounts(), executor, Clock.systemUTC());
        ExportSource result = ExportSource.of(new SnapshotResult(id));

        new LocalExporter(s, mounts(), executor, Clock.systemUTC()).resolve(0, Map.of())
                .export(result, session, progress);
        new TarExporter(s, mounts(), Clock.systemUTC()).resolve(1, Map.of()).export(result, session, progress);

        assertThat(Files.readString(dest.resolve("hello"))).isEqualTo("hello\n");
        assertThat(Files.readString(dest.resolve("sub/inner"))).isEqualTo("inner");
        assertThat(Files.readSymbolicLink(dest.resolve("link"))).isEqualTo(Path.of("hello"));
        assertThat(tarNames(tar.toByteArray())).containsExactly("hello", "link -> hello", "sub/", "sub/inner");
        assertThat(statuses).extracting(ProgressStatus::id).contains("copying files", "sending tarball");
        assertThat(statuses).filteredOn(st -> st.id().equals("copying files")).last()
                .satisfies(st -> assertThat(st.completion()).isPresent())
                .satisfies(st -> assertThat(st.current()).isPositive());
        assertNothingLeftMounted();
        assertThat(exporters.resolve(SolveRequest.getDefaultInstance()).isEmpty()).isTrue();
    }

    @Test
    void aScratchResultExportsAnEmptyDirectoryAndAnEmptyTar() throws Exception {
        Snapshotter s = SnapshotterSelector.forConfig("native", tmp.resolve("native"));
        Path dest = tmp.resolve("empty-dest");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        Caller session = client(new FileSendTarget(executor).directory(0, dest).file(1, into(tar)));

        new LocalExporter(s, mounts(), executor, Clock.systemUTC()).resolve(0, Map.of())
                .export(ExportSource.of(null), session, progress);
        new TarExporter(s, mounts(), Clock.systemUTC()).resolve(1, Map.of())
                .export(ExportSource.scratch(), session, progress);

        assertThat(dest).isDirectory().isEmptyDirectory();
        assertThat(tar.size()).isPositive().isEqualTo(tar.size() / 512 * 512);
        assertThat(tarNames(tar.toByteArray())).isEmpty();
        assertNothingLeftMounted();
    }

    @Test
    void resolvingRefusesWhatCannotBeExportedAndNamesTheFix() throws Exception {
        Snapshotter s = SnapshotterSelector.forConfig("native", tmp.resolve("native"));
        Exporters exporters = Exporters.standard(s, mounts(), executor, Clock.systemUTC());

        assertThatThrownBy(() -> exporters.resolve(request("image", Map.of("name", "x"))))
                .hasMessageContaining("output type \"image\" is not available in this daemon: it has local, tar");
        assertThatThrownBy(() -> exporters.resolve(request("local", Map.of("dest", "/tmp/x"))))
                .hasMessageContaining("has no attribute \"dest\"").hasMessageContaining("client");
        assertThatThrownBy(() -> exporters.resolve(request("local", Map.of("mode", "delete"))))
                .hasMessageContaining("mode=delete").hasMessageContaining("mode=copy");
        assertThatThrownBy(() -> exporters.resolve(request("local", Map.of("mode", "mirror"))))
                .hasMessageContaining("invalid local exporter mode: \"mirror\"");
        assertThatThrownBy(() -> exporters.resolve(request("tar", Map.of("source-date-epoch", "yesterday"))))
                .hasMessageContaining("invalid source-date-epoch: \"yesterday\"");
        assertThatThrownBy(() -> exporters.resolve(request("tar", Map.of("platform-split", "maybe"))))
                .hasMessageContaining("non-bool value for platform-split");
        assertThat(exporters.resolve(request("tar", Map.of("platform-split", "true", "attestation-prefix", "p-")))
                .isEmpty()).isFalse();

        ExporterInstance local = exporters.resolve(request("local", Map.of())).instances().get(0);
        assertThatThrownBy(() -> local.check(session(null, Set.of("/grpc.health.v1.Health/Check"))))
                .isInstanceOf(ExporterException.class).hasMessageContaining(FileSendMethods.URL);
    }

    @Test
    void aPre013RequestsSingleExporterAndTheEpochBuildArgAreHonoured() throws Exception {
        Snapshotter s = SnapshotterSelector.forConfig("native", tmp.resolve("native"));
        Exporters exporters = Exporters.standard(s, mounts(), executor, Clock.systemUTC());
        SolveRequest legacy = SolveRequest.newBuilder().setExporterDeprecated("tar")
                .putExporterAttrsDeprecated("colour", "red").build();
        assertThatThrownBy(() -> exporters.resolve(legacy)).hasMessageContaining("output type tar has no attribute");

        Path dest = tmp.resolve("dest");
        Caller session = client(new FileSendTarget(executor).directory(0, dest));
        SolveRequest withEpoch = request("local", Map.of()).toBuilder()
                .putFrontendAttrs("build-arg:SOURCE_DATE_EPOCH", "1700000000").build();
        exporters.resolve(withEpoch).instances().get(0)
                .export(ExportSource.of(new SnapshotResult(snapshot(s))), session, progress);
        assertThat(Files.getLastModifiedTime(dest.resolve("sub/inner")).toInstant().getEpochSecond())
                .isEqualTo(1_700_000_000L);

        SolveRequest unparsable = withEpoch.toBuilder().putFrontendAttrs("build-arg:SOURCE_DATE_EPOCH", "soon").build();
        assertThat(exporters.resolve(unparsable).instances()).hasSize(1);
    }

    private static SolveRequest request(String type, Map<String, String> attrs) {
        return SolveRequest.newBuilder().addExporters(org.jbuildkit.api.control.Exporter.newBuilder().setType(type)
                .putAllAttrs(attrs)).build();
    }
}
