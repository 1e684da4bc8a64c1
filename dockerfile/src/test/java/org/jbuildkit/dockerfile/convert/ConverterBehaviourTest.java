package org.jbuildkit.dockerfile.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.Definition;
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

/** Conversion behaviour the upstream references do not cover: options, errors, checks, source map, config. */
class ConverterBehaviourTest {

    private static final String BB = "127.0.0.1:5000/busybox:latest";

    private static Conversion convert(String dockerfile, Map<String, String> attrs) throws Exception {
        return DockerfileConverter.convert(dockerfile.getBytes(StandardCharsets.UTF_8),
                new ConvertOptions("Dockerfile", attrs, List.of(), Platform.LINUX_AMD64, ""), new BusyboxResolver());
    }

    private static List<Op> ops(Conversion c) {
        return LlbDefinition.parse(c.definition()).vertices().stream().map(LlbVertex::op).toList();
    }

    private static JsonNode config(Conversion c) throws Exception {
        return new ObjectMapper().readTree(c.imageConfig());
    }

    @Test
    void targetBuildsOnlyTheStagesItNeeds() throws Exception {
        Conversion c = convert("FROM " + BB + " AS a\nRUN echo a\nFROM " + BB + " AS b\nRUN echo b\n",
                Map.of("target", "a"));
        assertThat(ops(c)).filteredOn(Op::hasExec).hasSize(1)
                .allSatisfy(op -> assertThat(op.getExec().getMeta().getArgsList()).contains("echo a"));
    }

    @Test
    void unknownTargetListsTheStages() {
        assertThatThrownBy(() -> convert("FROM " + BB + " AS build\nFROM scratch AS final\n",
                Map.of("target", "nope"))).isInstanceOf(DockerfileException.class)
                .hasMessageContaining("target stage \"nope\" could not be found")
                .hasMessageContaining("build, final");
    }

    @Test
    void noCacheMarksTheNamedStagesOnly() throws Exception {
        Conversion c = convert("FROM " + BB + " AS a\nRUN echo a\nFROM " + BB + " AS b\nCOPY --from=a / /x\n"
                + "RUN echo b\n", Map.of("no-cache", "a"));
        LlbDefinition def = LlbDefinition.parse(c.definition());
        for (LlbVertex v : def.vertices()) {
            if (v.op().hasExec()) {
                boolean stageA = v.op().getExec().getMeta().getArgsList().contains("echo a");
                assertThat(v.metadata().getIgnoreCache()).isEqualTo(stageA);
            }
        }
    }

    @Test
    void globalArgIsUsableInFromAndMustBeRedeclaredInAStage() throws Exception {
        Conversion c = convert("ARG IMG=" + BB + "\nARG V=1\nFROM ${IMG}\nRUN echo $V\nARG V\nRUN echo $V\n",
                Map.of());
        List<Op> execs = ops(c).stream().filter(Op::hasExec).toList();
        assertThat(execs.get(0).getExec().getMeta().getEnvList()).noneMatch(e -> e.startsWith("V="));
        assertThat(execs.get(1).getExec().getMeta().getEnvList()).contains("V=1");
    }

    @Test
    void buildArgOverridesTheDefault() throws Exception {
        Conversion c = convert("FROM " + BB + "\nARG V=1\nRUN echo $V\n", Map.of("build-arg:V", "2"));
        assertThat(ops(c).stream().filter(Op::hasExec).findFirst().orElseThrow().getExec().getMeta().getEnvList())
                .contains("V=2");
        assertThat(config(c).path("history").get(4).path("created_by").asText())
                .isEqualTo("RUN |1 V=2 /bin/sh -c echo $V # buildkit");
    }

    @Test
    void labelsOptionsAndPlatformGoToTheImageConfig() throws Exception {
        Conversion c = convert("FROM scratch\nLABEL a=1\n", Map.of("label:b", "2", "platform", "linux/arm64"));
        JsonNode cfg = config(c);
        assertThat(cfg.path("config").path("Labels").path("a").asText()).isEqualTo("1");
        assertThat(cfg.path("config").path("Labels").path("b").asText()).isEqualTo("2");
        assertThat(cfg.path("architecture").asText()).isEqualTo("arm64");
    }

    @Test
    void severalPlatformsAreRefused() {
        assertThatThrownBy(() -> convert("FROM scratch\n", Map.of("platform", "linux/amd64,linux/arm64")))
                .hasMessageContaining("multi-platform builds are not supported yet");
    }

    @Test
    void addHostsReachEveryRun() throws Exception {
        Conversion c = convert("FROM " + BB + "\nRUN true\n", Map.of("add-hosts", "db=10.0.0.5"));
        Op exec = ops(c).stream().filter(Op::hasExec).findFirst().orElseThrow();
        assertThat(exec.getExec().getMeta().getExtraHostsList()).singleElement()
                .satisfies(h -> assertThat(h.getHost() + "=" + h.getIP()).isEqualTo("db=10.0.0.5"));
    }

    @Test
    void officialSyntaxDirectiveIsServedBuiltInOthersAreRefused() throws Exception {
        Conversion c = convert("# syntax=docker/dockerfile:1.7\nFROM scratch\n", Map.of());
        assertThat(c.notes()).singleElement().asString().contains("built-in Dockerfile frontend");
        assertThatThrownBy(() -> convert("# syntax=example.com/my/frontend:1\nFROM scratch\n", Map.of()))
                .hasMessageContaining("external frontends are not supported yet");
    }

    @Test
    void entrypointClearsAnInheritedCmdButNotOneSetInTheStage() throws Exception {
        JsonNode inherited = config(convert("FROM " + BB + "\nENTRYPOINT [\"/bin/true\"]\n", Map.of()));
        assertThat(inherited.path("config").has("Cmd")).isFalse();
        JsonNode own = config(convert("FROM " + BB + "\nCMD [\"x\"]\nENTRYPOINT [\"/bin/true\"]\n", Map.of()));
        assertThat(own.path("config").path("Cmd").get(0).asText()).isEqualTo("x");
    }

    @Test
    void healthcheckIsDockersConfig() throws Exception {
        JsonNode cfg = config(convert("FROM " + BB + "\nHEALTHCHECK --interval=30s --retries=3 CMD curl -f x\n",
                Map.of()));
        JsonNode h = cfg.path("config").path("Healthcheck");
        assertThat(h.path("Test").toString()).isEqualTo("[\"CMD-SHELL\",\"curl -f x\"]");
        assertThat(h.path("Interval").asLong()).isEqualTo(30_000_000_000L);
        assertThat(h.path("Retries").asInt()).isEqualTo(3);
    }

    @Test
    void checksCarryRuleUrlAndLine() throws Exception {
        Conversion c = convert("FROM " + BB + " as Build\nMAINTAINER me\nCMD echo hi\n", Map.of());
        Map<String, BuildCheck> byRule = new HashMap<>();
        c.checks().forEach(k -> byRule.put(k.rule(), k));
        assertThat(byRule).containsKeys("StageNameCasing", "FromAsCasing", "MaintainerDeprecated",
                "JSONArgsRecommended");
        assertThat(byRule.get("MaintainerDeprecated").ranges().get(0).startLine()).isEqualTo(2);
        assertThat(byRule.get("JSONArgsRecommended").url())
                .isEqualTo("https://docs.docker.com/go/dockerfile/rule/json-args-recommended/");
    }

    @Test
    void checkDirectiveSkipsRulesAndMakesOthersFatal() throws Exception {
        Conversion c = convert("# check=skip=MaintainerDeprecated\nFROM " + BB + "\nMAINTAINER me\n", Map.of());
        assertThat(c.checks()).isEmpty();
        assertThatThrownBy(() -> convert("# check=error=true\nFROM " + BB + "\nMAINTAINER me\n", Map.of()))
                .hasMessageContaining("MaintainerDeprecated");
    }

    @Test
    void everyInstructionOpPointsAtItsLines() throws Exception {
        Conversion c = convert("FROM " + BB + "\n\nRUN echo a \\\n  b\nCOPY x /x\n", Map.of());
        Definition def = c.definition();
        assertThat(def.getSource().getInfos(0).getFilename()).isEqualTo("Dockerfile");
        assertThat(def.getSource().getInfos(0).getLanguage()).isEqualTo("Dockerfile");
        LlbDefinition parsed = LlbDefinition.parse(def);
        for (LlbVertex v : parsed.vertices()) {
            if (v.op().hasExec()) {
                var r = def.getSource().getLocationsOrThrow(v.digest()).getLocations(0).getRanges(0);
                assertThat(r.getStart().getLine()).isEqualTo(3);
                assertThat(r.getEnd().getLine()).isEqualTo(4);
            }
            if (v.op().hasFile()) {
                var r = def.getSource().getLocationsOrThrow(v.digest()).getLocations(0).getRanges(0);
                assertThat(r.getStart().getLine()).isEqualTo(5);
            }
        }
    }

    @Test
    void unknownCopyFromImageFailsAtTheInstructionWithTheRegistryMessage() {
        assertThatThrownBy(() -> convert("FROM " + BB + "\nCOPY --from=nosuch/thing /a /a\n", Map.of()))
                .isInstanceOf(DockerfileException.class).hasMessageContaining("not found")
                .satisfies(e -> assertThat(((DockerfileException) e).ranges()).isNotEmpty());
    }

    @Test
    void namedContextReplacesAStageOrImage() throws Exception {
        Conversion c = convert("FROM alpine AS base\nRUN echo hi\n",
                Map.of("context:alpine", "docker-image://" + BB));
        assertThat(ops(c)).filteredOn(Op::hasSource)
                .anySatisfy(op -> assertThat(op.getSource().getIdentifier()).contains("busybox"));
        Conversion local = convert("FROM " + BB + "\nCOPY --from=assets / /a\n",
                Map.of("context:assets", "local:assets"));
        assertThat(ops(local)).filteredOn(Op::hasSource)
                .anySatisfy(op -> assertThat(op.getSource().getIdentifier()).isEqualTo("local://assets"));
    }

    @Test
    void runMountsOfEveryKind() throws Exception {
        Conversion c = convert("FROM " + BB + " AS src\nFROM " + BB + "\n"
                + "RUN --mount=type=bind,from=src,source=/etc,target=/e --mount=type=cache,target=/c "
                + "--mount=type=tmpfs,target=/t,size=1m --mount=type=secret,id=s --mount=type=ssh true\n", Map.of());
        Op exec = ops(c).stream().filter(Op::hasExec).findFirst().orElseThrow();
        List<String> kinds = exec.getExec().getMountsList().stream()
                .map(m -> m.getDest() + ":" + m.getMountType()).toList();
        assertThat(kinds).contains("/e:BIND", "/c:CACHE", "/t:TMPFS", "/run/secrets/s:SECRET");
        assertThat(kinds).anyMatch(k -> k.endsWith(":SSH"));
    }

    @Test
    void onbuildTriggersOfTheBaseStageRun() throws Exception {
        Conversion c = convert("FROM " + BB + " AS base\nONBUILD RUN echo triggered\nFROM base\n", Map.of());
        assertThat(ops(c)).filteredOn(Op::hasExec)
                .anySatisfy(op -> assertThat(op.getExec().getMeta().getArgsList()).contains("echo triggered"));
    }
}
