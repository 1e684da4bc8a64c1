package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.jbuildkit.api.pb.CacheOpt;
import org.jbuildkit.api.pb.ExecOp;
import org.jbuildkit.api.pb.FileAction;
import org.jbuildkit.api.pb.FileActionMkDir;
import org.jbuildkit.api.pb.FileActionMkFile;
import org.jbuildkit.api.pb.FileOp;
import org.jbuildkit.api.pb.Input;
import org.jbuildkit.api.pb.Meta;
import org.jbuildkit.api.pb.Mount;
import org.jbuildkit.api.pb.MountType;
import org.jbuildkit.api.pb.NetMode;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.api.pb.Platform;
import org.jbuildkit.daemon.solver.Edge;
import org.jbuildkit.daemon.solver.Vertex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runners' cache-map digests, pinned: a change here changes every cache key, so every build
 * after an upgrade would miss. Explaining cache misses must not move them.
 */
class CacheMapDigestPinTest {
    private static final String INPUT = "sha256:" + "a".repeat(64);

    @TempDir
    Path temp;

    static Vertex exec(String command, String... env) {
        Op op = Op.newBuilder()
                .addInputs(Input.newBuilder().setDigest(INPUT).setIndex(0))
                .setExec(ExecOp.newBuilder()
                        .setMeta(Meta.newBuilder().addArgs("/bin/sh").addArgs("-c").addArgs(command)
                                .addAllEnv(List.of(env)).setCwd("/src").setUser("1000"))
                        .addMounts(Mount.newBuilder().setDest("/").setInput(0).setOutput(0))
                        .addMounts(Mount.newBuilder().setDest("/go/cache").setInput(-1).setOutput(-1)
                                .setMountType(MountType.CACHE)
                                .setCacheOpt(CacheOpt.newBuilder().setID("gocache")))
                        .setNetwork(NetMode.NONE))
                .setPlatform(Platform.newBuilder().setOS("linux").setArchitecture("amd64"))
                .build();
        return new Vertex("sha256:" + "b".repeat(64), op, List.of(new Edge(INPUT, 0)), OpMetadata.getDefaultInstance());
    }

    static Vertex fileOp() {
        Op op = Op.newBuilder()
                .addInputs(Input.newBuilder().setDigest(INPUT).setIndex(0))
                .setFile(FileOp.newBuilder()
                        .addActions(FileAction.newBuilder().setInput(0).setSecondaryInput(-1).setOutput(-1)
                                .setMkdir(FileActionMkDir.newBuilder().setPath("/app").setMode(0755)
                                        .setMakeParents(true)))
                        .addActions(FileAction.newBuilder().setInput(1).setSecondaryInput(-1).setOutput(0)
                                .setMkfile(FileActionMkFile.newBuilder().setPath("/app/config")
                                        .setMode(0644).setData(com.google.protobuf.ByteString.copyFromUtf8("x=1")))))
                .build();
        return new Vertex("sha256:" + "c".repeat(64), op, List.of(new Edge(INPUT, 0)), OpMetadata.getDefaultInstance());
    }

    @Test
    void execDigestsStayAsTheyWere() {
        ExecRunner runner = new ExecRunner(null, null, temp.resolve("mounts"), null, java.time.Clock.systemUTC());
        assertThat(runner.cacheMap(exec("make", "A=1", "B=2")).digest())
                .isEqualTo("sha256:e5cf0b6e6523bd10d4efdaef05236339ef01ecf076b54fc9adc3e5062b44d698");
        assertThat(runner.cacheMap(exec("make test", "A=1")).digest())
                .isEqualTo("sha256:3a6725277d9dab146add920d54b1221bd52b255cf594415e2b8859960fe0f27f");
    }

    @Test
    void fileOpDigestStaysAsItWas() {
        assertThat(new FileOpRunner(null, temp).cacheMap(fileOp()).digest())
                .isEqualTo("sha256:ed605c1950980e0c8eac78a3bde657ac73e0e06560fe8f535de076aed764b447");
    }

    @Test
    void imageDigestFormulaStaysAsItWas() {
        assertThat(ImageSourceRunner.keyDigest("127.0.0.1:5000/busybox",
                org.jbuildkit.registry.image.Digest.parse("sha256:" + "d".repeat(64)),
                org.jbuildkit.registry.image.Platform.parse("linux/amd64")))
                .isEqualTo("sha256:717035a56c30f9d345fb4e10196f75e68c8bbff6aab71826e73e4b86229489da");
    }
}
