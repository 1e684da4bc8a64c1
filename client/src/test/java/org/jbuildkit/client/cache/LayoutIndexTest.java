package org.jbuildkit.client.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutIndexTest {
    @TempDir
    Path dir;

    private static Descriptor manifest(String seed) {
        return Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(seed.getBytes(StandardCharsets.UTF_8)), 10);
    }

    @Test
    void putWritesTheLayoutAndTagsTheManifest() throws Exception {
        LayoutIndex index = new LayoutIndex(dir);
        index.put(manifest("a"), "latest");

        assertThat(Files.readString(dir.resolve("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThat(index.read().mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(index.get("latest")).contains(manifest("a").withAnnotations(
                Map.of("org.opencontainers.image.ref.name", "latest")));
        assertThat(dir.resolve("index.json.lock")).doesNotExist();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("oci-layout",
                "index.json");
    }

    @Test
    void aTagMovesToTheNewManifestAndOtherTagsStay() throws Exception {
        LayoutIndex index = new LayoutIndex(dir);
        index.put(manifest("a"), "latest");
        index.put(manifest("b"), "v1");
        index.put(manifest("c"), "latest");

        assertThat(index.read().manifests()).hasSize(2);
        assertThat(index.get("latest")).map(Descriptor::digest).contains(manifest("c").digest());
        assertThat(index.get("v1")).map(Descriptor::digest).contains(manifest("b").digest());
        assertThat(index.get("v2")).isEmpty();
    }

    @Test
    void aFullImageNameMatchesBeforeARefName() throws Exception {
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":["
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + manifest("a").digest()
                + "\",\"size\":1,\"annotations\":{\"org.opencontainers.image.ref.name\":\"x\"}},"
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + manifest("b").digest()
                + "\",\"size\":1,\"annotations\":{\"io.containerd.image.name\":\"x\"}}]}");
        assertThat(new LayoutIndex(dir).get("x")).map(Descriptor::digest).contains(manifest("b").digest());
    }

    @Test
    void readingADirectoryWithoutAnIndexSaysSo() {
        assertThatThrownBy(() -> new LayoutIndex(dir).read()).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aBrokenIndexNamesTheFile() throws Exception {
        Files.writeString(dir.resolve("index.json"), "{not json");
        assertThatThrownBy(() -> new LayoutIndex(dir).get("latest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("index.json").toString());
    }
}
