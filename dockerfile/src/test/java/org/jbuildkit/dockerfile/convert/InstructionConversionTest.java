package org.jbuildkit.dockerfile.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.FileAction;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.dockerfile.BuildCheck;
import org.jbuildkit.dockerfile.Conversion;
import org.jbuildkit.dockerfile.ConvertOptions;
import org.jbuildkit.dockerfile.DockerfileConverter;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.llb.LlbDefinition;
import org.jbuildkit.llb.LlbVertex;
import org.jbuildkit.llb.Platform;
import org.junit.jupiter.api.Test;

/** Per-instruction conversions beyond the references: ADD sources, COPY --link, here-documents, flags, checks. */
class InstructionConversionTest {

    private static final String BB = "127.0.0.1:5000/busybox:latest";

    private static Conversion convert(String dockerfile) throws Exception {
        return DockerfileConverter.convert(dockerfile.getBytes(StandardCharsets.UTF_8),
                new ConvertOptions("Dockerfile", Map.of(), List.of(), Platform.LINUX_AMD64, ""), new BusyboxResolver());
    }

    private static List<LlbVertex> vertices(Conversion c) {
        return LlbDefinition.parse(c.definition()).vertices();
    }

    private static List<String> rules(Conversion c) {
        return c.checks().stream().map(BuildCheck::rule).toList();
    }

    @Test
    void addUrlDownloadsWithItsChecksum() throws Exception {
        String sum = "sha256:" + "a".repeat(64);
        Conversion c = convert("FROM " + BB + "\nADD --checksum=" + sum + " https://example.com/x/tool.tgz /opt/\n");
        Op http = vertices(c).stream().map(LlbVertex::op)
                .filter(o -> o.hasSource() && o.getSource().getIdentifier().startsWith("https://"))
                .findFirst().orElseThrow();
        assertThat(http.getSource().getAttrsMap()).containsEntry("http.checksum", sum)
                .containsEntry("http.filename", "tool.tgz");
        FileAction copy = vertices(c).stream().map(LlbVertex::op).filter(Op::hasFile).findFirst().orElseThrow()
                .getFile().getActions(0);
        assertThat(copy.getCopy().getSrc()).isEqualTo("/tool.tgz");
        assertThat(copy.getCopy().getAttemptUnpackDockerCompatibility()).isFalse();
    }

    @Test
    void checksumNeedsOneRemoteSource() {
        assertThatThrownBy(() -> convert("FROM " + BB + "\nADD --checksum=sha256:" + "a".repeat(64) + " a b /x/\n"))
                .isInstanceOf(DockerfileException.class).hasMessageContaining("checksum can't be specified for "
                        + "multiple sources");
    }

    @Test
    void addGitUrlChecksOutTheRepository() throws Exception {
        Conversion c = convert("FROM " + BB + "\nADD https://github.com/moby/buildkit.git#v0.11.6:docs /src\n");
        Op git = vertices(c).stream().map(LlbVertex::op)
                .filter(o -> o.hasSource() && o.getSource().getIdentifier().startsWith("git://"))
                .findFirst().orElseThrow();
        assertThat(git.getSource().getIdentifier()).isEqualTo("git://github.com/moby/buildkit.git#v0.11.6:docs");
    }

    @Test
    void copyRefusesUrlsAndGitRefs() {
        assertThatThrownBy(() -> convert("FROM " + BB + "\nCOPY https://example.com/a /a\n"))
                .hasMessageContaining("source can't be a URL for COPY");
    }

    @Test
    void addOfALocalFileAttemptsUnpack() throws Exception {
        Conversion c = convert("FROM " + BB + "\nADD app.tar /x/\n");
        FileAction copy = vertices(c).stream().map(LlbVertex::op).filter(Op::hasFile).findFirst().orElseThrow()
                .getFile().getActions(0);
        assertThat(copy.getCopy().getAttemptUnpackDockerCompatibility()).isTrue();
    }

    @Test
    void copyLinkIsAMergeOfTheCopiedLayer() throws Exception {
        Conversion c = convert("FROM " + BB + "\nCOPY --link a /a\n");
        LlbVertex merge = vertices(c).stream().filter(v -> v.op().hasMerge()).findFirst().orElseThrow();
        assertThat(merge.metadata().getDescriptionMap()).containsEntry("llb.customname", "[2/2] LINK COPY --link a /a");
        LlbVertex file = vertices(c).stream().filter(v -> v.op().hasFile()).findFirst().orElseThrow();
        assertThat(file.op().getFile().getActions(0).getInput()).isEqualTo(-1);
        assertThat(file.metadata().getProgressGroup().getWeak()).isTrue();
    }

    @Test
    void copyExcludeBecomesExcludePatterns() throws Exception {
        Conversion c = convert("FROM " + BB + "\nCOPY --exclude=*.md . /src/\n");
        FileAction copy = vertices(c).stream().map(LlbVertex::op).filter(Op::hasFile).findFirst().orElseThrow()
                .getFile().getActions(0);
        assertThat(copy.getCopy().getExcludePatternsList()).containsExactly("*.md");
    }

    @Test
    void heredocWithShebangRunsAsAScript() throws Exception {
        Conversion c = convert("FROM " + BB + "\nRUN <<EOF\n#!/bin/sh\necho hi\nEOF\n");
        Op exec = vertices(c).stream().map(LlbVertex::op).filter(Op::hasExec).findFirst().orElseThrow();
        assertThat(exec.getExec().getMeta().getArgsList()).containsExactly("/dev/pipes/EOF");
        assertThat(exec.getExec().getMountsList()).anyMatch(m -> m.getDest().equals("/dev/pipes/") && m.getReadonly());
    }

    @Test
    void copyHeredocExpandsUnlessTheDelimiterIsQuoted() throws Exception {
        Conversion c = convert("FROM " + BB + "\nENV N=world\nCOPY <<A <<\"B\" /d/\nhello $N\nA\nraw $N\nB\n");
        List<String> files = vertices(c).stream().map(LlbVertex::op)
                .filter(o -> o.hasFile() && o.getFile().getActions(0).hasMkfile())
                .map(o -> o.getFile().getActions(0).getMkfile().getData().toStringUtf8()).toList();
        assertThat(files).containsExactlyInAnyOrder("hello world\n", "raw $N\n");
    }

    @Test
    void unknownFlagIsAnErrorAtTheInstruction() {
        assertThatThrownBy(() -> convert("FROM " + BB + "\nRUN --mout=type=cache,target=/c true\n"))
                .isInstanceOf(DockerfileException.class).hasMessageContaining("--mout")
                .satisfies(e -> assertThat(((DockerfileException) e).ranges().get(0).startLine()).isEqualTo(2));
        assertThatThrownBy(() -> convert("FROM " + BB + "\nENV --x=1 A=b\n")).isInstanceOf(DockerfileException.class);
    }

    @Test
    void badMountIsAnErrorAtTheInstruction() {
        assertThatThrownBy(() -> convert("FROM " + BB + "\nRUN --mount=type=cache true\n"))
                .isInstanceOf(DockerfileException.class)
                .satisfies(e -> assertThat(((DockerfileException) e).ranges().get(0).startLine()).isEqualTo(2));
    }

    @Test
    void unknownStageIndexInFromIsAnError() {
        assertThatThrownBy(() -> convert("FROM " + BB + "\nCOPY --from=3 /a /a\n"))
                .hasMessageContaining("invalid stage index 3");
    }

    @Test
    void copyFromOutsideTheContextIsCleanedAndWarned() throws Exception {
        Conversion c = convert("FROM " + BB + "\nCOPY ../secret /s\n");
        FileAction copy = vertices(c).stream().map(LlbVertex::op).filter(Op::hasFile).findFirst().orElseThrow()
                .getFile().getActions(0);
        assertThat(copy.getCopy().getSrc()).isEqualTo("/secret");
        assertThat(rules(c)).contains("CopyOutsideContext");
    }

    @Test
    void lintRulesAsUpstream() throws Exception {
        Conversion c = convert("ARG IMG=" + BB + "\nFROM ${IMG} AS a\nENV API_TOKEN=x\nCMD [\"a\"]\nCMD [\"b\"]\n"
                + "run true\nFROM --platform=linux/amd64 ${NOPE:-" + BB + "} AS b\n"
                + "FROM --platform=$TARGETPLATFORM " + BB + " AS c\nENV LEGACY v\nCOPY ${MISSING}x /x\n");
        assertThat(rules(c)).contains("SecretsUsedInArgOrEnv", "MultipleInstructionsDisallowed",
                "ConsistentInstructionCasing", "UndefinedVar", "FromPlatformFlagConstDisallowed",
                "RedundantTargetPlatform", "LegacyKeyValueFormat");
        BuildCheck undefined = c.checks().stream().filter(k -> k.rule().equals("UndefinedVar")).findFirst()
                .orElseThrow();
        assertThat(undefined.message()).isEqualTo("Usage of undefined variable '$MISSING'");
        assertThat(undefined.ranges().get(0).startLine()).isEqualTo(10);
    }

    @Test
    void undeclaredArgInFromIsReported() throws Exception {
        Conversion c = convert("ARG TAG1=\nFROM " + BB + "$TAG\n");
        assertThat(c.checks()).filteredOn(k -> k.rule().equals("UndefinedArgInFrom")).singleElement()
                .satisfies(k -> assertThat(k.message()).isEqualTo("FROM argument 'TAG' is not declared "
                        + "(did you mean TAG1?)"));
    }

    @Test
    void workdirIsCreatedOwnedByTheUser() throws Exception {
        Conversion c = convert("FROM " + BB + "\nUSER app\nWORKDIR /w\n");
        FileAction mkdir = vertices(c).stream().map(LlbVertex::op).filter(Op::hasFile).findFirst().orElseThrow()
                .getFile().getActions(0);
        assertThat(mkdir.getMkdir().getPath()).isEqualTo("/w");
        assertThat(mkdir.getMkdir().getOwner().getUser().getByName().getName()).isEqualTo("app");
        JsonNode cfg = new ObjectMapper().readTree(c.imageConfig());
        assertThat(cfg.path("config").path("User").asText()).isEqualTo("app");
        assertThat(cfg.path("config").path("WorkingDir").asText()).isEqualTo("/w");
    }

    @Test
    void metadataInstructionsFillTheConfigAndHistory() throws Exception {
        Conversion c = convert("FROM " + BB + "\nEXPOSE 8000-8001/udp\nVOLUME [\"/data\"]\nSTOPSIGNAL SIGINT\n"
                + "SHELL [\"/bin/ash\", \"-c\"]\nCMD run me\nHEALTHCHECK --interval=5m --timeout=3s CMD true\n");
        JsonNode cfg = new ObjectMapper().readTree(c.imageConfig());
        JsonNode config = cfg.path("config");
        assertThat(config.path("ExposedPorts").has("8000/udp")).isTrue();
        assertThat(config.path("ExposedPorts").has("8001/udp")).isTrue();
        assertThat(config.path("Volumes").has("/data")).isTrue();
        assertThat(config.path("StopSignal").asText()).isEqualTo("SIGINT");
        assertThat(config.path("Cmd").toString()).isEqualTo("[\"/bin/ash\",\"-c\",\"run me\"]");
        List<String> history = new java.util.ArrayList<>();
        cfg.path("history").forEach(h -> history.add(h.path("created_by").asText()));
        assertThat(history).contains("EXPOSE map[8000/udp:{} 8001/udp:{}]", "VOLUME [/data]", "STOPSIGNAL SIGINT",
                "SHELL [/bin/ash -c]", "CMD [\"/bin/ash\" \"-c\" \"run me\"]",
                "HEALTHCHECK &{[\"CMD-SHELL\" \"true\"] \"5m0s\" \"3s\" \"0s\" \"0s\" '\\x00'}");
    }

    @Test
    void proxyBuildArgsReachRunsWithoutBeingDeclared() throws Exception {
        Conversion c = DockerfileConverter.convert(("FROM " + BB + "\nRUN true\n").getBytes(StandardCharsets.UTF_8),
                new ConvertOptions("Dockerfile", Map.of("build-arg:HTTP_PROXY", "http://proxy:3128"), List.of(),
                        Platform.LINUX_AMD64, ""), new BusyboxResolver());
        Op exec = vertices(c).stream().map(LlbVertex::op).filter(Op::hasExec).findFirst().orElseThrow();
        assertThat(exec.getExec().getMeta().getProxyEnv().getHttpProxy()).isEqualTo("http://proxy:3128");
        assertThat(exec.getExec().getMeta().getEnvList()).noneMatch(e -> e.startsWith("HTTP_PROXY"));
    }

    @Test
    void insecureSecurityAndHostNetworkAreExecModes() throws Exception {
        Conversion c = convert("FROM " + BB + "\nRUN --security=insecure --network=host true\n");
        Op exec = vertices(c).stream().map(LlbVertex::op).filter(Op::hasExec).findFirst().orElseThrow();
        assertThat(exec.getExec().getSecurity().name()).isEqualTo("INSECURE");
        assertThat(exec.getExec().getNetwork().name()).isEqualTo("HOST");
    }

    @Test
    void secretAsEnvironmentVariable() throws Exception {
        Conversion c = convert("FROM " + BB + "\nRUN --mount=type=secret,id=tok,env=TOKEN,required true\n");
        Op exec = vertices(c).stream().map(LlbVertex::op).filter(Op::hasExec).findFirst().orElseThrow();
        assertThat(exec.getExec().getSecretenvList()).singleElement().satisfies(e -> {
            assertThat(e.getID()).isEqualTo("tok");
            assertThat(e.getName()).isEqualTo("TOKEN");
            assertThat(e.getOptional()).isFalse();
        });
        assertThat(exec.getExec().getMountsList()).noneMatch(m -> m.getMountType().name().equals("SECRET"));
    }

    @Test
    void exposeWithAHostMappingIsWarned() throws Exception {
        Conversion c = convert("FROM " + BB + "\nEXPOSE 127.0.0.1:8080:80\n");
        assertThat(rules(c)).contains("ExposeInvalidFormat");
        assertThat(new ObjectMapper().readTree(c.imageConfig()).path("config").path("ExposedPorts").has("80/tcp"))
                .isTrue();
    }

    @Test
    void copyParentsKeepsTheSourceDirectories() throws Exception {
        Conversion c = convert("FROM " + BB + "\nCOPY --parents src/./app/*.go /out/\n");
        FileAction copy = vertices(c).stream().map(LlbVertex::op).filter(Op::hasFile).findFirst().orElseThrow()
                .getFile().getActions(0);
        assertThat(copy.getCopy().getSrc()).isEqualTo("/src");
        assertThat(copy.getCopy().getIncludePatternsList()).containsExactly("app/*.go");
        FileAction plain = vertices(convert("FROM " + BB + "\nCOPY --parents a/b.txt /out/\n")).stream()
                .map(LlbVertex::op).filter(Op::hasFile).findFirst().orElseThrow().getFile().getActions(0);
        assertThat(plain.getCopy().getSrc()).isEqualTo("/");
        assertThat(plain.getCopy().getIncludePatternsList()).containsExactly("a/b.txt");
    }

    @Test
    void emptyDefaultBaseImageArgIsWarnedEvenWhenABuildArgIsGiven() throws Exception {
        Conversion c = DockerfileConverter.convert(("ARG IMG\nFROM ${IMG}\n").getBytes(StandardCharsets.UTF_8),
                new ConvertOptions("Dockerfile", Map.of("build-arg:IMG", BB), List.of(), Platform.LINUX_AMD64, ""),
                new BusyboxResolver());
        assertThat(c.checks()).anySatisfy(k -> {
            assertThat(k.rule()).isEqualTo("InvalidDefaultArgInFrom");
            assertThat(k.message()).isEqualTo("Default value for ARG ${IMG} results in empty or invalid base image name");
        });
        assertThat(rules(convert("FROM " + BB + "\n"))).doesNotContain("InvalidDefaultArgInFrom");
    }
}
