package org.jbuildkit.llb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.llb.UpstreamCases.BUSYBOX;
import static org.jbuildkit.llb.UpstreamCases.DEFAULT_PATH;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.DeterministicProto;
import org.jbuildkit.api.pb.Definition;
import org.junit.jupiter.api.Test;

/**
 * Builds, with the Java builder, the graphs upstream's Dockerfile frontend emitted for our reference cases and
 * checks the marshaled definition is the same bytes: same ops, same digests, same metadata.
 */
class UpstreamDefinitionMatchTest {

    private static final MarshalOptions AMD64 = MarshalOptions.defaults().withDefaultPlatform(Platform.LINUX_AMD64);
    private static final String CMD = "com.docker.dockerfile.v1.command";

    private static State busybox(String stageName) {
        return Llb.image(BUSYBOX, ImageOptions.defaults().withPlatform(Platform.LINUX_AMD64)
                        .withConstraints(OpConstraints.none().withDescription(Map.of(
                                CMD, "FROM 127.0.0.1:5000/busybox:latest",
                                OpConstraints.CUSTOM_NAME, "[" + stageName + "] FROM " + BUSYBOX))))
                .withEnv("PATH", DEFAULT_PATH.substring("PATH=".length()))
                .withDir("/");
    }

    private static Run shellRun(String command, String step) {
        return Run.shell(command).withConstraints(OpConstraints.none().withDescription(Map.of(
                CMD, "RUN " + command, OpConstraints.CUSTOM_NAME, "[" + step + "] RUN " + command)));
    }

    private static State context(String uniqueId, String... followPaths) {
        return Llb.local("context", LocalOptions.defaults().withFollowPaths(List.of(followPaths))
                .withSharedKeyHint("context")
                .withConstraints(OpConstraints.customName("[internal] load build context")
                        .withLocalUniqueId(uniqueId)));
    }

    private static void assertSameDefinition(Definition ours, String caseName) {
        Definition upstream = UpstreamCases.definition(caseName);
        assertThat(ours.getDefList()).containsExactlyElementsOf(upstream.getDefList());
        assertThat(ours.getMetadataMap()).isEqualTo(upstream.getMetadataMap());
        // The frontend also attaches a source map (Dockerfile locations per op), which this builder does not
        // produce; everything else must be the same bytes.
        assertThat(HexFormat.of().formatHex(DeterministicProto.marshal(ours)))
                .isEqualTo(HexFormat.of().formatHex(DeterministicProto.marshal(upstream.toBuilder().clearSource().build())));
    }

    @Test
    void fromRunMatchesUpstreamBytes() {
        State st = busybox("1/2").run(shellRun("echo hello > /hello", "2/2")).root();
        assertSameDefinition(st.marshal(AMD64), "01-from-run");
    }

    @Test
    void scratchCopyFromLocalContextMatchesUpstreamBytes() {
        State st = Llb.scratch().withPlatform(Platform.LINUX_AMD64).file(
                FileActions.copy(context("qgomrwmj6a1um2mt8yjsf0phr", "app"), "/app", "/app",
                        CopyOptions.dockerfileCopy()),
                OpConstraints.customName("[1/1] COPY app /app"));
        assertSameDefinition(st.marshal(AMD64), "02-scratch-copy");
    }

    @Test
    void copyChownChmodMatchesUpstreamBytes() {
        State st = busybox("1/2").file(
                FileActions.copy(context("jazazypjywsiopfsdmlbtjnyt", "app"), "/app", "/app",
                        CopyOptions.dockerfileCopy().withChown(Chown.ids(1000, 1000)).withChmod(0755)),
                OpConstraints.customName("[2/2] COPY --chown=1000:1000 --chmod=0755 app /app"));
        Definition upstream = UpstreamCases.definition("11-copy-chown-chmod");
        Definition ours = st.marshal(AMD64);
        assertThat(ours.getDefList()).containsExactlyInAnyOrderElementsOf(upstream.getDefList());
        assertThat(ours.getMetadataMap()).isEqualTo(upstream.getMetadataMap());
    }

    /**
     * Both stages start from the same image, so its source op appears once. Which stage's name its metadata keeps
     * depends on upstream's visiting order, which in the v0.11 builder came from Go map iteration (random); ours
     * is fixed (base before copy source), so the shared source's description is checked separately.
     */
    @Test
    void multistageSharesTheSourceOpAndMatchesUpstreamOps() {
        State build = busybox("build 1/2").run(shellRun("mkdir /out && echo built > /out/artifact", "build 2/2"))
                .root();
        State st = busybox("stage-1 1/2").file(
                FileActions.copy(build, "/out/artifact", "/artifact", CopyOptions.dockerfileCopy()),
                OpConstraints.customName("[stage-1 2/2] COPY --from=build /out/artifact /artifact"));
        Definition upstream = UpstreamCases.definition("09-multistage");
        Definition ours = st.marshal(AMD64);
        assertThat(ours.getDefList()).containsExactlyElementsOf(upstream.getDefList());
        assertThat(ours.getMetadataMap().keySet()).isEqualTo(upstream.getMetadataMap().keySet());
        String source = "sha256:01eb668923e598b86cd5881a4422778d09f371653ada1740814de2a4cbdba4c6";
        upstream.getMetadataMap().forEach((digest, md) -> {
            if (!digest.equals(source)) {
                assertThat(ours.getMetadataMap().get(digest)).isEqualTo(md);
            }
        });
        assertThat(ours.getMetadataMap().get(source).getCapsMap())
                .isEqualTo(upstream.getMetadataMap().get(source).getCapsMap());
        assertThat(ours.getMetadataMap().get(source).getDescriptionMap().get(OpConstraints.CUSTOM_NAME))
                .isIn("[build 1/2] FROM " + BUSYBOX, "[stage-1 1/2] FROM " + BUSYBOX);
    }

    @Test
    void runMountCacheLockedMatchesUpstreamBytes() {
        String cmd = "echo x >> /cache/log && cat /cache/log";
        String line = "--mount=type=cache,target=/cache,id=mycache,sharing=locked " + cmd;
        State st = busybox("stage-0 1/2").run(Run.shell(cmd)
                .withMount(Mount.cache("/cache", "/mycache", CacheSharing.LOCKED))
                .withConstraints(OpConstraints.none().withDescription(Map.of(CMD, "RUN " + line,
                        OpConstraints.CUSTOM_NAME, "[stage-0 2/2] RUN " + line)))).root();
        assertSameDefinition(st.marshal(AMD64), "13-run-mount-cache");
    }

    @Test
    void runMountSecretMatchesUpstreamBytes() {
        String cmd = "cat /run/secrets/token > /dev/null";
        String line = "--mount=type=secret,id=token,required=true " + cmd;
        State st = busybox("stage-0 1/2").run(Run.shell(cmd)
                .withMount(Mount.secret("/run/secrets/token", "token"))
                .withConstraints(OpConstraints.none().withDescription(Map.of(CMD, "RUN " + line,
                        OpConstraints.CUSTOM_NAME, "[stage-0 2/2] RUN " + line)))).root();
        assertSameDefinition(st.marshal(AMD64), "14-run-mount-secret");
    }

    @Test
    void runNetworkNoneMatchesUpstreamBytes() {
        String cmd = "echo isolated";
        String line = "--network=none " + cmd;
        State st = busybox("1/2").run(Run.shell(cmd).withNetwork(NetMode.NONE)
                .withConstraints(OpConstraints.none().withDescription(Map.of(CMD, "RUN " + line,
                        OpConstraints.CUSTOM_NAME, "[2/2] RUN " + line)))).root();
        assertSameDefinition(st.marshal(AMD64), "16-run-network-none");
    }

    @Test
    void runMountTmpfsMatchesUpstreamBytes() {
        String cmd = "echo x > /scratch/f && ls /scratch";
        String line = "--mount=type=tmpfs,target=/scratch " + cmd;
        State st = busybox("stage-0 1/2").run(Run.shell(cmd).withMount(Mount.tmpfs("/scratch"))
                .withConstraints(OpConstraints.none().withDescription(Map.of(CMD, "RUN " + line,
                        OpConstraints.CUSTOM_NAME, "[stage-0 2/2] RUN " + line)))).root();
        assertSameDefinition(st.marshal(AMD64), "33-run-mount-tmpfs");
    }
}
