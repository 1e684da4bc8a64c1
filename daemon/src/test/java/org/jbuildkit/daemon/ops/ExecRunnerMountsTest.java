package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.api.pb.CacheOpt;
import org.jbuildkit.api.pb.CacheSharingOpt;
import org.jbuildkit.api.pb.ExecOp;
import org.jbuildkit.api.pb.Meta;
import org.jbuildkit.api.pb.Mount;
import org.jbuildkit.api.pb.MountType;
import org.jbuildkit.api.pb.NetMode;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.api.pb.TmpfsOpt;
import org.jbuildkit.daemon.solver.Edge;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.executor.RuncExecutor;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.metadata.RecordFilter;
import org.jbuildkit.daemon.worker.snapshot.ActiveSnapshot;
import org.jbuildkit.daemon.worker.snapshot.Mounter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.SnapshotView;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotterSelector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Exec mounts with real snapshotters and runc over a busybox rootfs (needs root, runc and busybox-static). */
@Timeout(120)
class ExecRunnerMountsTest {
    private static final List<String> APPLETS = List.of("sh", "echo", "cat", "grep", "touch", "mkdir", "ls", "sleep");

    @TempDir
    Path temp;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private volatile java.util.concurrent.CompletableFuture<Void> startedSignal;
    private final List<Path> mounted = new ArrayList<>();
    private int keys;
    private ExecRunner runner;
    private RuncExecutor executor;
    private MetadataStore store;

    private final ExecContext context = new ExecContext() {
        @Override
        public synchronized void log(int stream, byte[] data) {
            output.writeBytes(data);
            if (startedSignal != null) {
                startedSignal.complete(null);
            }
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    @BeforeEach
    void needsRoot() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")) && "root".equals(System.getProperty("user.name")),
                "needs root and /bin/busybox (busybox-static)");
        executor = RuncExecutor.builder(temp.resolve("executor")).build();
    }

    @AfterEach
    void unmountAndCheckNoLeaks() throws IOException {
        if (store != null) {
            store.close();
        }
        for (int i = mounted.size() - 1; i >= 0; i--) {
            Mounter.unmount(mounted.get(i));
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(temp.toString());
        if (Files.isDirectory(temp.resolve("mounts"))) {
            try (var left = Files.list(temp.resolve("mounts"))) {
                assertThat(left).as("temp mount dirs left behind").isEmpty();
            }
        }
    }

    private Snapshotter setUp(String name) throws IOException {
        Snapshotter s = SnapshotterSelector.forConfig(name, temp.resolve(name + "-root"));
        store = MetadataStore.open(temp);
        runner = new ExecRunner(s, executor, Files.createDirectories(temp.resolve("mounts")), store,
                java.time.Clock.systemUTC());
        return s;
    }

    private SnapshotId busybox(Snapshotter s) throws IOException {
        String key = "busybox-" + keys++;
        ActiveSnapshot active = s.prepare(key, null);
        Path bin = Files.createDirectories(active.upperDir().resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(active.upperDir().resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\n");
        Files.writeString(etc.resolve("hosts"), "");
        Files.writeString(etc.resolve("resolv.conf"), "");
        Files.createDirectories(active.upperDir().resolve("tmp"));
        return s.commit(key);
    }

    private SnapshotId data(Snapshotter s, String file, String content) throws IOException {
        String key = "data-" + keys++;
        ActiveSnapshot active = s.prepare(key, null);
        Path path = active.upperDir().resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
        Files.createSymbolicLink(active.upperDir().resolve("escape"), Path.of("/../../.."));
        return s.commit(key);
    }

    private static Mount.Builder root() {
        return Mount.newBuilder().setInput(0).setDest("/").setOutput(0).setMountType(MountType.BIND);
    }

    private List<ResultRef> run(String script, List<SnapshotId> inputs, Mount.Builder... mounts) throws Exception {
        ExecOp.Builder exec = ExecOp.newBuilder().setNetwork(NetMode.NONE)
                .setMeta(Meta.newBuilder().addArgs("/bin/sh").addArgs("-c").addArgs(script).setCwd("/")
                        .addEnv("PATH=/bin"));
        for (Mount.Builder m : mounts) {
            exec.addMounts(m);
        }
        Op op = Op.newBuilder().setExec(exec).build();
        List<Edge> edges = inputs.stream().map(i -> new Edge(i.value(), 0)).toList();
        Vertex vertex = new Vertex("sha256:test", op, edges, OpMetadata.getDefaultInstance());
        return runner.exec(vertex, inputs.stream().<ResultRef>map(SnapshotResult::new).toList(), context);
    }

    private Path tree(Snapshotter s, ResultRef ref) throws IOException {
        SnapshotView v = s.view("check-" + keys++, ((SnapshotResult) ref).snapshot());
        Path target = temp.resolve("check-" + mounted.size());
        Mounter.mount(v.mounts(), target);
        mounted.add(target);
        return target;
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlayfs"})
    void aReadOnlyBindOfAnotherInputIsReadableAtItsSelectorButNotWritable(String name) throws Exception {
        Snapshotter s = setUp(name);
        SnapshotId other = data(s, "data/msg", "from-other");
        List<ResultRef> out = run("cat /in/msg > /copied; touch /in/x 2>/dev/null && echo wrote; echo done",
                List.of(busybox(s), other),
                root(), Mount.newBuilder().setInput(1).setSelector("/data").setDest("/in").setReadonly(true)
                        .setOutput(-1).setMountType(MountType.BIND));
        assertThat(out).hasSize(1);
        assertThat(Files.readString(tree(s, out.get(0)).resolve("copied"))).isEqualTo("from-other");
        assertThat(output()).isEqualTo("done\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlayfs"})
    void aWritableBindWithAnOutputIsCommittedAsThatOutput(String name) throws Exception {
        Snapshotter s = setUp(name);
        SnapshotId other = data(s, "data/msg", "from-other");
        List<ResultRef> out = run("echo added > /w/new; echo root > /r", List.of(busybox(s), other),
                root(), Mount.newBuilder().setInput(1).setDest("/w").setOutput(1).setMountType(MountType.BIND));
        assertThat(out).hasSize(2);
        Path written = tree(s, out.get(1));
        assertThat(Files.readString(written.resolve("new"))).isEqualTo("added\n");
        assertThat(Files.readString(written.resolve("data/msg"))).isEqualTo("from-other");
        assertThat(Files.readString(tree(s, out.get(0)).resolve("r"))).isEqualTo("root\n");
        assertThat(tree(s, new SnapshotResult(other)).resolve("new")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlayfs"})
    void aWritableBindWithoutAnOutputIsThrownAway(String name) throws Exception {
        Snapshotter s = setUp(name);
        SnapshotId other = data(s, "data/msg", "from-other");
        List<ResultRef> out = run("echo scratch > /w/new && cat /w/new", List.of(busybox(s), other),
                root(), Mount.newBuilder().setInput(1).setDest("/w").setOutput(-1).setMountType(MountType.BIND));
        assertThat(out).hasSize(1);
        assertThat(output()).isEqualTo("scratch\n");
        assertThat(tree(s, new SnapshotResult(other)).resolve("new")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlayfs"})
    void aTmpfsIsWritableWithItsSize(String name) throws Exception {
        Snapshotter s = setUp(name);
        List<ResultRef> out = run("echo x > /t/f && cat /t/f && grep ' /t ' /proc/mounts", List.of(busybox(s)),
                root(), Mount.newBuilder().setInput(-1).setDest("/t").setOutput(-1).setMountType(MountType.TMPFS)
                        .setTmpfsOpt(TmpfsOpt.newBuilder().setSize(1 << 20)));
        assertThat(output()).startsWith("x\ntmpfs /t tmpfs ").contains("size=1024k");
        assertThat(tree(s, out.get(0)).resolve("t/f")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlayfs"})
    void aCacheMountKeepsItsContentAcrossSteps(String name) throws Exception {
        Snapshotter s = setUp(name);
        SnapshotId base = busybox(s);
        String script = "n=$(cat /c/count 2>/dev/null || echo 0); n=$((n+1)); echo $n > /c/count; echo count=$n";
        Mount.Builder cache = Mount.newBuilder().setInput(-1).setDest("/c").setOutput(-1)
                .setMountType(MountType.CACHE)
                .setCacheOpt(CacheOpt.newBuilder().setID("counter").setSharing(CacheSharingOpt.LOCKED));
        run(script, List.of(base), root(), cache);
        List<ResultRef> out = run(script + " # changed", List.of(base), root(), cache);
        assertThat(output()).isEqualTo("count=1\ncount=2\n");
        Path dir = temp.resolve("cachemounts").resolve(OpDigests.of("counter").replace("sha256:", ""));
        assertThat(Files.readString(dir.resolve("count"))).isEqualTo("2\n");
        assertThat(tree(s, out.get(0)).resolve("c/count")).doesNotExist();
        assertThat(store.read((org.jbuildkit.daemon.worker.metadata.Tx tx) -> tx.usage()
                .matching(RecordFilter.parse("type==exec.cachemount"))))
                .singleElement().satisfies(r -> {
                    assertThat(r.description()).isEqualTo("cached mount /c from exec /bin/sh -c " + script
                            + " with id \"counter\"");
                    assertThat(r.usageCount()).isEqualTo(2);
                    assertThat(r.inUse()).isFalse();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlayfs"})
    void aFailingStepLeavesNoMountsOrSnapshotsBehind(String name) throws Exception {
        Snapshotter s = setUp(name);
        SnapshotId other = data(s, "data/msg", "from-other");
        assertThatThrownBy(() -> run("exit 3", List.of(busybox(s), other), root(),
                Mount.newBuilder().setInput(1).setDest("/w").setOutput(1).setMountType(MountType.BIND),
                Mount.newBuilder().setInput(1).setDest("/r").setReadonly(true).setOutput(-1)
                        .setMountType(MountType.BIND)))
                .hasMessageContaining("exit code: 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlayfs"})
    void aCancelledStepLeavesNoMountsOrSnapshotsBehind(String name) throws Exception {
        Snapshotter s = setUp(name);
        SnapshotId other = data(s, "data/msg", "from-other");
        SnapshotId base = busybox(s);
        java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
        Thread step = new Thread(() -> {
            try {
                run("echo started; exec sleep 60", List.of(base, other), root(),
                        Mount.newBuilder().setInput(1).setDest("/w").setOutput(1).setMountType(MountType.BIND),
                        Mount.newBuilder().setInput(1).setDest("/r").setReadonly(true).setOutput(-1)
                                .setMountType(MountType.BIND),
                        Mount.newBuilder().setInput(-1).setDest("/c").setOutput(-1).setMountType(MountType.CACHE)
                                .setCacheOpt(CacheOpt.newBuilder().setID("cancel").setSharing(CacheSharingOpt.LOCKED)));
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        startedSignal = new java.util.concurrent.CompletableFuture<>();
        step.start();
        startedSignal.get(30, java.util.concurrent.TimeUnit.SECONDS);
        step.interrupt();
        assertThat(failure.get(30, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        step.join();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(temp.toString());
        output.reset();
        run("echo next", List.of(base), root(),
                Mount.newBuilder().setInput(-1).setDest("/c").setOutput(-1).setMountType(MountType.CACHE)
                        .setCacheOpt(CacheOpt.newBuilder().setID("cancel").setSharing(CacheSharingOpt.LOCKED)));
        assertThat(output()).as("the LOCKED cache was released").isEqualTo("next\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlayfs"})
    void aSelectorLeavingItsInputIsRefused(String name) throws Exception {
        Snapshotter s = setUp(name);
        SnapshotId other = data(s, "data/msg", "from-other");
        assertThatThrownBy(() -> run("true", List.of(busybox(s), other), root(),
                Mount.newBuilder().setInput(1).setSelector("/data/../../etc").setDest("/in").setReadonly(true)
                        .setOutput(-1).setMountType(MountType.BIND)))
                .hasMessageContaining("selector /data/../../etc leaves its input");
        List<ResultRef> out = run("cat /in/data/msg", List.of(busybox(s), other), root(),
                Mount.newBuilder().setInput(1).setSelector("/escape").setDest("/in").setReadonly(true)
                        .setOutput(-1).setMountType(MountType.BIND));
        assertThat(out).hasSize(1);
        assertThat(output()).isEqualTo("from-other");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SECRET", "SSH"})
    void aSecretOrSshMountInABuildWithoutASessionNamesTheFlagAndAnOptionalOneIsSkipped(String type)
            throws Exception {
        Snapshotter s = setUp("native");
        Mount.Builder required = Mount.newBuilder().setInput(-1).setDest("/run/x").setOutput(-1)
                .setMountType(MountType.valueOf(type));
        if (type.equals("SECRET")) {
            required.setSecretOpt(org.jbuildkit.api.pb.SecretOpt.newBuilder().setID("token").setMode(0400));
        } else {
            required.setSSHOpt(org.jbuildkit.api.pb.SSHOpt.newBuilder().setID("default").setMode(0600));
        }
        assertThatThrownBy(() -> run("true", List.of(busybox(s)), root(), required.clone()))
                .hasMessageContaining(type.equals("SECRET") ? "--secret id=token" : "--ssh");
        Mount.Builder optional = required.clone();
        if (type.equals("SECRET")) {
            optional.getSecretOptBuilder().setOptional(true);
        } else {
            optional.getSSHOptBuilder().setOptional(true);
        }
        assertThat(run("test ! -e /run/x && echo skipped", List.of(busybox(s)), root(), optional)).hasSize(1);
        assertThat(output()).contains("skipped");
    }

    @org.junit.jupiter.api.Test
    void aCacheMountsIdAndSharingAreNotPartOfTheCacheKeyUnlessTheyAreDockerfilesDefault() throws Exception {
        setUp("native");
        assertThat(cacheKey("a", "/c", CacheSharingOpt.LOCKED)).isEqualTo(cacheKey("b", "/c", CacheSharingOpt.SHARED))
                .isEqualTo(cacheKey("/c", "/c", CacheSharingOpt.LOCKED));
        assertThat(cacheKey("/c", "/c", CacheSharingOpt.SHARED))
                .isNotEqualTo(cacheKey("a", "/c", CacheSharingOpt.SHARED));
        assertThat(cacheKey("ns//c", "/c", CacheSharingOpt.SHARED))
                .isNotEqualTo(cacheKey("ns2//c", "/c", CacheSharingOpt.SHARED));
    }

    private String cacheKey(String id, String dest, CacheSharingOpt sharing) {
        ExecOp exec = ExecOp.newBuilder().setMeta(Meta.newBuilder().addArgs("true"))
                .addMounts(root())
                .addMounts(Mount.newBuilder().setInput(-1).setDest(dest).setOutput(-1).setMountType(MountType.CACHE)
                        .setCacheOpt(CacheOpt.newBuilder().setID(id).setSharing(sharing)))
                .build();
        Vertex vertex = new Vertex("sha256:test", Op.newBuilder().setExec(exec).build(), List.of(),
                OpMetadata.getDefaultInstance());
        return runner.cacheMap(vertex).digest();
    }
}
