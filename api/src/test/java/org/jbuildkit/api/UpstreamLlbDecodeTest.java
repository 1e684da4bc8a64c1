package org.jbuildkit.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.Op;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes LLB that upstream's Dockerfile frontend produced ({@code buildctl debug dump-llb} of
 * each case) and checks our protos reproduce it bit for bit, so op digests we compute match upstream's.
 */
class UpstreamLlbDecodeTest {

    private static final Pattern OP_DIGEST = Pattern.compile("\"Digest\":\"(sha256:[0-9a-f]{64})\"");

    static Stream<String> cases() throws IOException, URISyntaxException {
        URL root = UpstreamLlbDecodeTest.class.getResource("/dockerfile-llb");
        assertThat(root).as("test resources dockerfile-llb").isNotNull();
        try (Stream<Path> dirs = Files.list(Path.of(root.toURI()))) {
            List<String> names = dirs.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).isNotEmpty();
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyOpDecodesWithoutUnknownFieldsAndReencodesIdentically(String name) throws IOException {
        Definition definition = Definition.parseFrom(resource(name, "llb.pb"));
        assertThat(definition.getDefCount()).isPositive();
        assertThat(UnknownFields.in(definition)).isEmpty();

        for (ByteString raw : definition.getDefList()) {
            Op op = Op.parseFrom(raw);
            assertThat(UnknownFields.in(op)).as("unknown fields in op %s", digest(raw.toByteArray())).isEmpty();
            assertThat(DeterministicProto.marshal(op)).isEqualTo(raw.toByteArray());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void opDigestsMatchUpstreamDump(String name) throws IOException {
        Definition definition = Definition.parseFrom(resource(name, "llb.pb"));
        Set<String> ours = new LinkedHashSet<>();
        for (ByteString raw : definition.getDefList()) {
            ours.add(digest(raw.toByteArray()));
        }
        Set<String> upstream = new LinkedHashSet<>();
        Matcher m = OP_DIGEST.matcher(new String(resource(name, "llb.json"), StandardCharsets.UTF_8));
        while (m.find()) {
            upstream.add(m.group(1));
        }
        assertThat(ours).containsExactlyInAnyOrderElementsOf(upstream);
        // Metadata is keyed by op digest, so every key must name one of the ops.
        assertThat(ours).containsAll(definition.getMetadataMap().keySet());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void definitionReencodesIdentically(String name) throws IOException {
        byte[] file = resource(name, "llb.pb");
        assertThat(DeterministicProto.marshal(Definition.parseFrom(file))).isEqualTo(file);
    }

    private static byte[] resource(String caseName, String file) {
        String path = "/dockerfile-llb/" + caseName + "/" + file;
        try (InputStream in = UpstreamLlbDecodeTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
