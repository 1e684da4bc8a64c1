package org.jbuildkit.daemon.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jbuildkit.api.pb.ExecOp;
import org.jbuildkit.api.pb.FileAction;
import org.jbuildkit.api.pb.FileActionCopy;
import org.jbuildkit.api.pb.FileActionMkDir;
import org.jbuildkit.api.pb.FileOp;
import org.jbuildkit.api.pb.Input;
import org.jbuildkit.api.pb.Meta;
import org.jbuildkit.api.pb.Mount;
import org.jbuildkit.api.pb.NetMode;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.daemon.ops.ExecRunner;
import org.jbuildkit.daemon.ops.FileOpRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of reason, from the parts the real exec and file runners give. */
class CacheMissExplainerTest {
    private static final String BASE = "sha256:" + "a".repeat(64);
    private static final CacheMissExplainer EXPLAINER = new CacheMissExplainer(ContentDiff.UNKNOWN);

    @TempDir
    Path temp;

    /** An exec on the base image with the given meta and extra mounts. */
    private StepRun exec(Meta.Builder meta, NetMode network, String inputKey, Mount... mounts) {
        ExecOp.Builder exec = ExecOp.newBuilder().setMeta(meta).setNetwork(network)
                .addMounts(Mount.newBuilder().setDest("/").setInput(0).setOutput(0));
        for (Mount m : mounts) {
            exec.addMounts(m);
        }
        Op op = Op.newBuilder().addInputs(Input.newBuilder().setDigest(BASE)).setExec(exec).build();
        CacheMap map = new ExecRunner(null, null, temp.resolve("mounts"), null, java.time.Clock.systemUTC())
                .cacheMap(vertex(op));
        return new StepRun("key-of-" + map.digest() + inputKey, map.digest(), map.parts(),
                List.of("key:" + inputKey + "@0"));
    }

    private static Vertex vertex(Op op) {
        return new Vertex("sha256:" + "f".repeat(64), op, List.of(new Edge(BASE, 0)), OpMetadata.getDefaultInstance());
    }

    private static Meta.Builder meta(String command, String... env) {
        return Meta.newBuilder().addArgs("/bin/sh").addArgs("-c").addArgs(command).addAllEnv(List.of(env)).setCwd("/");
    }

    private String explain(StepRun before, StepRun now, CacheMissExplainer.Input... inputs) {
        return EXPLAINER.explain("step", before, now, List.of(inputs)).text();
    }

    private static CacheMissExplainer.Input base() {
        return new CacheMissExplainer.Input("docker-image://registry/busybox:latest", null);
    }

    @Test
    void aChangedCommandIsNamedWithoutItsText() {
        String reason = explain(exec(meta("make"), NetMode.UNSET, "k1"),
                exec(meta("make test"), NetMode.UNSET, "k1"), base());
        assertThat(reason).isEqualTo("the command changed");
    }

    @Test
    void aChangedEnvVariableIsNamedAndItsValuesAreNeverShown() {
        StepRun before = exec(meta("make", "PATH=/bin", "TOKEN=hunter2"), NetMode.UNSET, "k1");
        StepRun changed = exec(meta("make", "PATH=/bin", "TOKEN=correct-horse"), NetMode.UNSET, "k1");
        StepRun added = exec(meta("make", "PATH=/bin", "TOKEN=hunter2", "DEBUG=1"), NetMode.UNSET, "k1");
        StepRun removed = exec(meta("make", "PATH=/bin"), NetMode.UNSET, "k1");

        assertThat(explain(before, changed, base())).isEqualTo("env variable TOKEN changed");
        assertThat(explain(before, added, base())).isEqualTo("env variable DEBUG was added");
        assertThat(explain(before, removed, base())).isEqualTo("env variable TOKEN was removed");
        assertThat(List.of(explain(before, changed, base()), explain(changed, before, base())))
                .noneMatch(r -> r.contains("hunter2") || r.contains("correct-horse"));
    }

    @Test
    void workingDirectoryUserNetworkAndMountsAreNamed() {
        StepRun before = exec(meta("make"), NetMode.UNSET, "k1");
        assertThat(explain(before, exec(meta("make").setCwd("/src"), NetMode.UNSET, "k1"), base()))
                .isEqualTo("the working directory changed: / → /src");
        assertThat(explain(before, exec(meta("make").setUser("1000"), NetMode.UNSET, "k1"), base()))
                .isEqualTo("the user changed: (none) → 1000");
        assertThat(explain(before, exec(meta("make"), NetMode.NONE, "k1"), base()))
                .isEqualTo("the network mode changed: unset → none");
        assertThat(explain(before, exec(meta("make"), NetMode.UNSET, "k1",
                Mount.newBuilder().setDest("/tmp").setInput(-1).setOutput(-1)
                        .setMountType(org.jbuildkit.api.pb.MountType.TMPFS).build()), base()))
                .isEqualTo("the mount at /tmp was added");
    }

    @Test
    void aChangedBaseImageShowsBothShortDigests() {
        String old = "sha256:" + "1".repeat(12) + "a".repeat(52);
        String now = "sha256:" + "2".repeat(12) + "b".repeat(52);
        StepRun before = new StepRun("k-old", "d-old", List.of(CachePart.shown("image", "the image", "r/busybox"),
                CachePart.shown("image.digest", "the image digest", old)), List.of());
        StepRun after = new StepRun("k-new", "d-new", List.of(CachePart.shown("image", "the image", "r/busybox"),
                CachePart.shown("image.digest", "the image digest", now)), List.of());
        assertThat(explain(before, after))
                .isEqualTo("the image digest changed: sha256:111111111111 → sha256:222222222222");
    }

    @Test
    void aChangedFileActionIsNamedByPositionAndWhatItDoes() {
        StepRun before = fileOp("/app");
        StepRun after = fileOp("/srv");
        assertThat(explain(before, after, base())).isEqualTo("file action 2 (copy /src → /srv) changed");
    }

    private StepRun fileOp(String dest) {
        Op op = Op.newBuilder().addInputs(Input.newBuilder().setDigest(BASE)).setFile(FileOp.newBuilder()
                .addActions(FileAction.newBuilder().setInput(0).setSecondaryInput(-1).setOutput(-1)
                        .setMkdir(FileActionMkDir.newBuilder().setPath("/app").setMode(0755)))
                .addActions(FileAction.newBuilder().setInput(1).setSecondaryInput(0).setOutput(0)
                        .setCopy(FileActionCopy.newBuilder().setSrc("/src").setDest(dest))))
                .build();
        CacheMap map = new FileOpRunner(null, temp).cacheMap(vertex(op));
        return new StepRun("key-" + map.digest(), map.digest(), map.parts(), List.of("key:k1@0"));
    }

    @Test
    void aChangedInputIsNamedWithTheReasonItChanged() {
        StepRun before = exec(meta("make"), NetMode.UNSET, "k1");
        StepRun after = exec(meta("make"), NetMode.UNSET, "k2");
        String input = "[2/4] RUN apk add make";

        assertThat(explain(before, after, new CacheMissExplainer.Input(input, null)))
                .isEqualTo("input `[2/4] RUN apk add make` changed");
        assertThat(explain(before, after, new CacheMissExplainer.Input(input, new MissCause(input,
                "the command changed")))).isEqualTo("input `[2/4] RUN apk add make` changed: the command changed");
        assertThat(explain(before, after, new CacheMissExplainer.Input(input, new MissCause("[1/4] FROM busybox",
                "the image digest changed: sha256:111111111111 → sha256:222222222222"))))
                .isEqualTo("input `[2/4] RUN apk add make` changed, because `[1/4] FROM busybox` changed: the image"
                        + " digest changed: sha256:111111111111 → sha256:222222222222");
    }

    @Test
    void theCauseOfAMissIsPassedOnToTheStepsReadingIt() {
        StepRun before = exec(meta("make"), NetMode.UNSET, "k1");
        MissCause root = new MissCause("[1/4] FROM busybox", "the image digest changed");
        var explained = EXPLAINER.explain("[3/4] RUN make", before, exec(meta("make"), NetMode.UNSET, "k2"),
                List.of(new CacheMissExplainer.Input("[2/4] RUN apk", root)));
        assertThat(explained.root()).isEqualTo(root);
        var own = EXPLAINER.explain("[3/4] RUN make", before, exec(meta("make test"), NetMode.UNSET, "k1"),
                List.of(base()));
        assertThat(own.root()).isEqualTo(new MissCause("[3/4] RUN make", "the command changed"));
    }

    @Test
    void changedContentNamesTheInputOrThePathOnceChecksumsKnowIt() {
        StepRun before = new StepRun("k1", "d", List.of(), List.of("content:c1"));
        StepRun after = new StepRun("k2", "d", List.of(), List.of("content:c2"));
        CacheMissExplainer.Input context = new CacheMissExplainer.Input("local://context", null);
        assertThat(EXPLAINER.explain("COPY", before, after, List.of(context)).text())
                .isEqualTo("a file's content or mode changed in input `local://context`");
        CacheMissExplainer knowing = new CacheMissExplainer((was, is) -> Optional.of("src/main.go"));
        assertThat(knowing.explain("COPY", before, after, List.of(context)).text())
                .isEqualTo("a file's content or mode changed: src/main.go");
    }

    @Test
    void theSameKeyMeansTheResultWasPrunedAndAnUnnamedChangeStillGetsAReason() {
        StepRun run = exec(meta("make"), NetMode.UNSET, "k1");
        assertThat(explain(run, run, base())).contains("its cached result has been pruned");
        StepRun unnamed = new StepRun("k1", "d1", List.of(), List.of());
        assertThat(explain(unnamed, new StepRun("k2", "d2", List.of(), List.of())))
                .isEqualTo("its definition changed");
        assertThat(explain(new StepRun("k1", "d", List.of(), List.of("key:a@0")),
                new StepRun("k2", "d", List.of(), List.of("key:a@0", "key:b@0"))))
                .isEqualTo("its inputs changed (1 → 2)");
    }

    @Test
    void longStepNamesAreShortened() {
        String name = "/bin/sh -c " + "x".repeat(200);
        assertThat(CacheMissExplainer.shorten(name)).hasSize(60).endsWith("…");
    }
}
