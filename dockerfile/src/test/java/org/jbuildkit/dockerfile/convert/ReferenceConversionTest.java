package org.jbuildkit.dockerfile.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.Input;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.api.pb.SourceOp;
import org.jbuildkit.dockerfile.Conversion;
import org.jbuildkit.dockerfile.ConvertOptions;
import org.jbuildkit.dockerfile.DockerfileConverter;
import org.jbuildkit.llb.LlbDefinition;
import org.jbuildkit.llb.LlbVertex;
import org.jbuildkit.llb.Platform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reference conversion upstream's frontend (v0.11) made (dockerfile/src/test/resources/dockerfile-llb/):
 * the same Dockerfile gives the same graph (every op with its attributes, metadata, caps and source locations,
 * inputs compared by structure) and the same image config.
 *
 * <p>Differences ignored, and why: {@code local.unique} is random per marshal; the image config's {@code created}
 * times are the exporter's. When several stages start FROM the same image, upstream's definition holds that image
 * op once and its name and command are those of whichever stage upstream happened to marshal last (09 keeps the
 * second stage's, 38 the first's, for the same graph shape), so for image sources the stage name in
 * {@code [build 1/2]} and the {@code AS name} of the command are not compared. The references were made without
 * source ranges (their {@code Definition.source} lists every op with none), so source maps are not compared here;
 * {@code SourceMapTest} checks ours.
 */
class ReferenceConversionTest {

    private static final Path CASES = Path.of("src/test/resources/dockerfile-llb");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void convertsAsUpstream(String name) throws Exception {
        Path dir = CASES.resolve(name);
        Map<String, String> attrs = name.equals("25-target-stage") ? Map.of("target", "dev") : Map.of();
        Conversion c = DockerfileConverter.convert(Files.readAllBytes(dir.resolve("Dockerfile")),
                new ConvertOptions("Dockerfile", attrs, List.of(), Platform.LINUX_AMD64, ""), new BusyboxResolver());

        LlbDefinition ours = LlbDefinition.parse(c.definition());
        LlbDefinition upstream = LlbDefinition.parse(Files.readAllBytes(dir.resolve("llb.pb")));
        assertThat(graph(ours, ours.vertices().get(ours.vertices().size() - 1).digest()))
                .isEqualTo(graph(upstream, upstream.vertices().get(upstream.vertices().size() - 1).digest()));

        JsonNode expected = withoutCreated(JSON.readTree(dir.resolve("image-config.json").toFile()));
        JsonNode actual = withoutCreated(JSON.readTree(c.imageConfig()));
        assertThat(sorted(actual)).isEqualTo(sorted(expected));
    }

    /** The op at {@code digest} and, recursively, its inputs, as text that does not depend on digests. */
    private static String graph(LlbDefinition def, String digest) {
        LlbVertex v = def.vertex(digest).orElseThrow();
        Op.Builder op = v.op().toBuilder().clearInputs();
        if (op.hasSource()) {
            SourceOp.Builder src = op.getSourceBuilder();
            src.removeAttrs("local.unique");
        }
        OpMetadata.Builder md = v.metadata().toBuilder();
        if (op.hasSource() && op.getSource().getIdentifier().startsWith("docker-image://")) {
            String n = md.getDescriptionOrDefault("llb.customname", "");
            md.putDescription("llb.customname", n.replaceFirst("^\\[\\S+ (\\d+/\\d+\\])", "[$1"));
            String from = md.getDescriptionOrDefault(ConversionContext.DF_CMD, "");
            md.putDescription(ConversionContext.DF_CMD, from.replaceFirst("(?i) AS \\S+$", ""));
        }
        md.removeCaps("source.local.unique");
        StringBuilder out = new StringBuilder();
        out.append(TextFormat.printer().printToString(op.build()));
        out.append("metadata ").append(new TreeMap<>(md.getDescriptionMap())).append(' ')
                .append(new TreeMap<>(md.getCapsMap())).append(" ignoreCache=").append(md.getIgnoreCache())
                .append('\n');
        List<String> inputs = new ArrayList<>();
        for (Input in : v.inputs()) {
            inputs.add("input#" + in.getIndex() + " {\n" + graph(def, in.getDigest()).indent(2) + "}");
        }
        out.append(String.join("\n", inputs));
        return out.toString();
    }

    private static String sorted(JsonNode n) throws IOException {
        return JSON.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .writerWithDefaultPrettyPrinter().writeValueAsString(JSON.convertValue(n, Object.class));
    }

    private static JsonNode withoutCreated(JsonNode config) {
        ObjectNode o = (ObjectNode) config;
        o.remove("created");
        for (JsonNode h : o.path("history")) {
            ((ObjectNode) h).remove("created");
        }
        return o;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ReferenceConversionTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
