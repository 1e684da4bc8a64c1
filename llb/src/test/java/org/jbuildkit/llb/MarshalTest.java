package org.jbuildkit.llb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.Op;
import org.junit.jupiter.api.Test;

class MarshalTest {

    private static final MarshalOptions OPTS = MarshalOptions.defaults().withDefaultPlatform(Platform.LINUX_AMD64)
            .withLocalUniqueId("fixed");

    private static State graph() {
        State base = Llb.image("busybox").withEnv("Z", "1").withEnv("A", "2");
        State ctx = Llb.local("context", LocalOptions.defaults().withExcludePatterns(List.of("*.tmp", "b", "a")));
        ExecState run = base.run(Run.shell("make").withMount(Mount.bind("/src", ctx).readOnly())
                .withMount(Mount.cache("/root/.cache", "go", CacheSharing.PRIVATE))
                .withMount(Mount.bind("/out", Llb.scratch()))
                .withMount(Mount.secret("/run/secrets/npm", "npm").withMode(0440))
                .withMount(Mount.ssh("default"))
                .withCustomName("build"));
        State files = base.file(FileActions.mkdir("/app", 0755, true, null, null)
                .mkfile("/app/version", 0644, "1".getBytes(StandardCharsets.UTF_8))
                .copy(run.getMount("/out"), "/", "/app/bin", CopyOptions.defaults().withIncludePatterns(List.of("x")))
                .rm("/tmp/junk", true, true)
                .symlink("/app/bin/tool", "/usr/bin/tool"));
        return Llb.merge(files, Llb.diff(base, run.root()));
    }

    @Test
    void sameGraphMarshalsToSameBytesEveryTime() {
        Definition first = graph().marshal(OPTS);
        Definition second = graph().marshal(OPTS);
        assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
        assertThat(org.jbuildkit.api.DeterministicProto.marshal(first))
                .isEqualTo(org.jbuildkit.api.DeterministicProto.marshal(second));
    }

    @Test
    void mapsAreSerializedInKeyOrderWhateverTheInsertionOrder() {
        Definition def = Llb.image("busybox", ImageOptions.defaults().withResolveMode(ImageOptions.ResolveMode.PULL)
                .withRecordType("internal")).marshal(OPTS);
        LlbDefinition parsed = LlbDefinition.parse(def);
        Op source = parsed.vertices().get(0).op();
        assertThat(source.getSource().getAttrsMap().keySet()).containsExactly("image.recordtype", "image.resolvemode");
        assertThat(parsed.vertices().get(0).bytes()).isEqualTo(org.jbuildkit.api.DeterministicProto.marshal(source));
    }

    @Test
    void identicalOpsReachedTwiceAppearOnce() {
        State a = Llb.image("alpine").run("true").root();
        State b = Llb.image("alpine").run("true").root();
        Definition def = Llb.merge(a, b).marshal(OPTS);
        // image + exec + merge + terminal: the second image and exec collapse onto the first
        assertThat(def.getDefCount()).isEqualTo(4);
        LlbDefinition parsed = LlbDefinition.parse(def);
        Op merge = parsed.vertex(parsed.head().orElseThrow()).orElseThrow().op();
        assertThat(merge.getInputs(0)).isEqualTo(merge.getInputs(1));
    }

    @Test
    void terminalOpDeclaresDefinitionCaps() {
        Definition def = Llb.image("busybox").run(Run.args("true").withIgnoreCache().withCustomName("x")).root()
                .marshal(OPTS);
        LlbDefinition parsed = LlbDefinition.parse(def);
        LlbVertex terminal = parsed.vertices().get(parsed.vertices().size() - 1);
        assertThat(terminal.isTerminal()).isTrue();
        assertThat(terminal.metadata().getCapsMap()).containsOnlyKeys("constraints", "platform", "meta.description",
                "meta.ignorecache");
    }

    @Test
    void execMountsAreSortedAndOnlyWritableBindsAreOutputs() {
        ExecState run = Llb.image("busybox").run(Run.args("true")
                .withMount(Mount.bind("/b", Llb.scratch()))
                .withMount(Mount.bind("/a", Llb.image("alpine")).readOnly())
                .withMount(Mount.tmpfs("/t").withSize(1024)));
        LlbDefinition parsed = LlbDefinition.parse(run.getMount("/b").marshal(OPTS));
        LlbVertex exec = parsed.vertex(parsed.head().orElseThrow()).orElseThrow();
        var mounts = exec.op().getExec().getMountsList();
        assertThat(mounts).extracting(m -> m.getDest()).containsExactly("/", "/a", "/b", "/t");
        assertThat(mounts).extracting(m -> m.getOutput()).containsExactly(0L, -1L, 1L, -1L);
        assertThat(mounts).extracting(m -> m.getInput()).containsExactly(0L, 1L, -1L, -1L);
        assertThat(parsed.headInput().orElseThrow().getIndex()).isEqualTo(1);
        assertThat(exec.metadata().getCapsMap()).containsKeys("exec.mount.tmpfs", "exec.mount.tmpfs.size");
        assertThatThrownBy(() -> run.getMount("/t")).hasMessageContaining("tmpfs");
    }

    @Test
    void fileActionsChainThroughRelativeIndexes() {
        State st = Llb.image("busybox").withDir("/work").file(FileActions.mkdir("out", 0755)
                .mkfile("out/f", 0600, new byte[] {1}).rm("tmp"));
        LlbDefinition parsed = LlbDefinition.parse(st.marshal(OPTS));
        var actions = parsed.vertex(parsed.head().orElseThrow()).orElseThrow().op().getFile().getActionsList();
        assertThat(actions).extracting(a -> a.getInput()).containsExactly(0L, 1L, 2L);
        assertThat(actions).extracting(a -> a.getOutput()).containsExactly(-1L, -1L, 0L);
        assertThat(actions.get(0).getMkdir().getPath()).isEqualTo("/work/out");
        assertThat(actions.get(2).getRm().getPath()).isEqualTo("/work/tmp");
    }

    @Test
    void imageReferencesAreNormalizedLikeDocker() {
        assertThat(ImageReferences.normalize("busybox")).isEqualTo("docker.io/library/busybox:latest");
        assertThat(ImageReferences.normalize("me/app:1")).isEqualTo("docker.io/me/app:1");
        assertThat(ImageReferences.normalize("localhost:5000/x")).isEqualTo("localhost:5000/x:latest");
        assertThat(ImageReferences.normalize("r.io/x@sha256:ab")).isEqualTo("r.io/x@sha256:ab");
    }

    @Test
    void dotOutputNamesEveryOpAndEdge() {
        LlbDefinition parsed = LlbDefinition.parse(UpstreamCases.bytes("13-run-mount-cache", "llb.pb"));
        String dot = DotRenderer.render(parsed);
        assertThat(dot).startsWith("digraph {\n").endsWith("}\n")
                .contains("[label=\"/bin/sh -c echo x >> /cache/log && cat /cache/log\" shape=\"box\"];")
                .contains("\"sha256:01eb668923e598b86cd5881a4422778d09f371653ada1740814de2a4cbdba4c6\" -> "
                        + "\"sha256:f07ea95157c1235dc0fdec91fa3a34d653d02fedef04916c22949b536979c87e\" [label=\"\"];");
    }

    @Test
    void gitAndHttpSourcesCarryUpstreamIdentifiersAndAttrs() {
        LlbDefinition git = LlbDefinition.parse(Llb.git("https://github.com/moby/buildkit.git", "v0.11.6", true,
                "/docs/", OpConstraints.none()).marshal(OPTS));
        var src = git.vertices().get(0).op().getSource();
        assertThat(src.getIdentifier()).isEqualTo("git://github.com/moby/buildkit.git#v0.11.6:docs");
        assertThat(src.getAttrsMap()).containsEntry("git.keepgitdir", "true")
                .containsEntry("git.fullurl", "https://github.com/moby/buildkit.git");
        assertThat(git.vertices().get(0).op().hasPlatform()).isFalse();

        LlbDefinition http = LlbDefinition.parse(Llb.http("https://example.com/a.tgz", HttpOptions.defaults()
                .withChecksum("sha256:00").withFilename("a.tgz").withChmod(0644)).marshal(OPTS));
        assertThat(http.vertices().get(0).op().getSource().getAttrsMap()).containsEntry("http.perm", "0644")
                .containsEntry("http.checksum", "sha256:00").containsEntry("http.filename", "a.tgz");
        assertThat(http.vertices().get(0).metadata().getCapsMap()).containsKeys("source.http",
                "source.http.checksum", "source.http.perm");
    }

    @Test
    void aFileRemoteKeepsItsWholeUrlInTheIdentifierAsUpstream() {
        var src = LlbDefinition.parse(Llb.git("file:///srv/git/app.git", "main").marshal(OPTS)).vertices().get(0).op()
                .getSource();
        assertThat(src.getIdentifier()).isEqualTo("git://file:///srv/git/app.git#main");
        assertThat(src.getAttrsMap()).containsEntry("git.fullurl", "file:///srv/git/app.git");
    }
}
