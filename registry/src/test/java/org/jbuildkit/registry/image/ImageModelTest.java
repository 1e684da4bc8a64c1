package org.jbuildkit.registry.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageModelTest {
    private static final Digest A = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
    private static final Digest B = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));

    @Test
    void digestsValidateAndRoundTrip() {
        assertThat(A.toString()).isEqualTo("sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
        assertThat(Digest.parse(A.toString())).isEqualTo(A);
        assertThatThrownBy(() -> Digest.parse("sha256:ABC")).hasMessageContaining("64 lowercase hex");
        assertThatThrownBy(() -> Digest.parse("md5:00")).hasMessageContaining("unsupported digest algorithm 'md5'");
    }

    @Test
    void canonicalJsonSortsKeysAndIsStable() {
        ImageManifest manifest = ImageManifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, A, 10),
                List.of(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, B, 20)
                        .withAnnotations(Map.of("z", "1", "a", "2"))));
        String json = new String(ImageJson.canonical(manifest), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"config\":{\"digest\":\"" + A + "\",\"mediaType\":\"" + MediaTypes.OCI_CONFIG
                + "\",\"size\":10},\"layers\":[{\"annotations\":{\"a\":\"2\",\"z\":\"1\"},\"digest\":\"" + B
                + "\",\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP + "\",\"size\":20}],\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST + "\",\"schemaVersion\":2}");
        ImageManifest back = ImageJson.read(json.getBytes(StandardCharsets.UTF_8), ImageManifest.class, "manifest");
        assertThat(back).isEqualTo(manifest);
        assertThat(ImageJson.canonical(back)).isEqualTo(ImageJson.canonical(manifest));
    }

    @Test
    void badDocumentsAreNamed() {
        assertThatThrownBy(() -> ImageJson.read("{\"schemaVersion\":1}".getBytes(), ImageManifest.class,
                "manifest of 127.0.0.1:5000/app:v1")).hasMessageContaining("manifest of 127.0.0.1:5000/app:v1")
                .hasMessageContaining("schemaVersion 1 is not supported");
        assertThatThrownBy(() -> ImageJson.read("{nope".getBytes(), ImageIndex.class, "index x"))
                .hasMessageContaining("index x is not a valid ImageIndex");
    }

    @Test
    void platformsNormalizeAndMatchVariants() {
        assertThat(Platform.parse("linux/x86_64")).isEqualTo(Platform.of("linux", "amd64", ""));
        assertThat(Platform.parse("linux/aarch64/v8")).isEqualTo(Platform.of("linux", "arm64", ""));
        assertThat(Platform.parse("linux/arm")).isEqualTo(Platform.of("linux", "arm", "v7"));
        Platform v3 = Platform.of("linux", "amd64", "v3");
        assertThat(Platform.of("linux", "amd64", "v2").runsOn(v3)).isTrue();
        assertThat(Platform.of("linux", "amd64", "v4").runsOn(v3)).isFalse();
        assertThat(Platform.of("linux", "arm64", "").runsOn(v3)).isFalse();
        assertThatThrownBy(() -> Platform.parse("amd64")).hasMessageContaining("os/arch");
    }

    @Test
    void indexPicksTheExactPlatformThenTheBestVariant() {
        Descriptor arm = Descriptor.of(MediaTypes.OCI_MANIFEST, A, 1).withPlatform(Platform.parse("linux/arm64"));
        Descriptor amd = Descriptor.of(MediaTypes.OCI_MANIFEST, B, 1).withPlatform(Platform.parse("linux/amd64"));
        Digest c = Digest.sha256("c".getBytes());
        Descriptor amdV2 = Descriptor.of(MediaTypes.OCI_MANIFEST, c, 1)
                .withPlatform(Platform.parse("linux/amd64/v2"));
        ImageIndex index = ImageIndex.oci(List.of(arm, amd, amdV2));
        assertThat(index.manifestFor(Platform.parse("linux/amd64"))).contains(amd);
        assertThat(index.manifestFor(Platform.parse("linux/amd64/v3"))).contains(amdV2);
        assertThat(index.manifestFor(Platform.parse("linux/arm64"))).contains(arm);
        assertThat(index.manifestFor(Platform.parse("linux/riscv64"))).isEmpty();
    }

    @Test
    void mediaTypesKnowCompressionAndDistributability() {
        assertThat(MediaTypes.compressionOf(MediaTypes.DOCKER_LAYER_GZIP)).isEqualTo(MediaTypes.Compression.GZIP);
        assertThat(MediaTypes.compressionOf(MediaTypes.OCI_LAYER_ZSTD)).isEqualTo(MediaTypes.Compression.ZSTD);
        assertThat(MediaTypes.compressionOf(MediaTypes.OCI_LAYER)).isEqualTo(MediaTypes.Compression.UNCOMPRESSED);
        assertThat(MediaTypes.isNonDistributable(MediaTypes.DOCKER_LAYER_FOREIGN_GZIP)).isTrue();
        assertThat(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST)).isTrue();
        assertThat(MediaTypes.layerType(MediaTypes.Compression.ZSTD, false)).isEqualTo(MediaTypes.DOCKER_LAYER_ZSTD);
    }
}
