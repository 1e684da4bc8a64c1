package org.jbuildkit.daemon.exporter.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jbuildkit.daemon.worker.content.LocalContentStore;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.reference.ImageReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLayoutTarTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    private AssembledImage image(LocalContentStore content, boolean oci) throws Exception {
        byte[] layer = "layer bytes".getBytes();
        Descriptor layerDescriptor = Descriptor.of(MediaTypes.layerType(MediaTypes.Compression.GZIP, oci),
                Digest.sha256(layer), layer.length);
        try (var writer = content.writer(layerDescriptor, "test")) {
            writer.write(java.nio.ByteBuffer.wrap(layer));
            writer.commit();
        }
        byte[] config = "{\"os\":\"linux\"}".getBytes();
        Descriptor configDescriptor = Descriptor.of(ImageManifests.configType(oci), Digest.sha256(config),
                config.length);
        byte[] manifest = ImageManifests.manifest(oci, configDescriptor, List.of(layerDescriptor),
                Map.of("org.example.k", "v"));
        Descriptor manifestDescriptor = Descriptor.of(ImageManifests.manifestType(oci), Digest.sha256(manifest),
                manifest.length);
        return new AssembledImage(manifestDescriptor, manifest, configDescriptor, config, List.of(layerDescriptor));
    }

    private static Map<String, byte[]> entries(byte[] tar) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                assertThat(entry.getModTime().getTime()).isEqualTo(1_700_000_000_000L);
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void anOciArchiveIsAnImageLayoutWithTheNamesInItsIndex() throws Exception {
        LocalContentStore content = LocalContentStore.open(tmp);
        AssembledImage image = image(content, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new ImageLayoutTar(false).write(image, List.of(ImageReference.parse("app:1.0")), content, 1_700_000_000L,
                out, () -> false);

        Map<String, byte[]> entries = entries(out.toByteArray());
        assertThat(entries.keySet()).containsExactly("blobs/", "blobs/sha256/",
                ImageLayoutTar.path(image.layers().get(0)), ImageLayoutTar.path(image.config()),
                ImageLayoutTar.path(image.manifest()), "oci-layout", "index.json");
        assertThat(new String(entries.get("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThat(Digest.sha256(entries.get(ImageLayoutTar.path(image.manifest())))).isEqualTo(
                image.manifest().digest());
        JsonNode index = JSON.readTree(entries.get("index.json"));
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
        JsonNode manifest = index.path("manifests").get(0);
        assertThat(manifest.path("digest").asText()).isEqualTo(image.manifest().digest().toString());
        assertThat(manifest.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(manifest.path("annotations").path(ImageLayoutTar.REF_NAME).asText()).isEqualTo("1.0");
        assertThat(manifest.path("annotations").path(ImageLayoutTar.IMAGE_NAME).asText())
                .isEqualTo("docker.io/library/app:1.0");
    }

    @Test
    void anUnnamedArchiveHasOneIndexEntryWithoutAnnotations() throws Exception {
        JsonNode index = JSON.readTree(ImageLayoutTar.index(Descriptor.of(MediaTypes.OCI_MANIFEST,
                Digest.sha256(new byte[0]), 0), List.of()));

        assertThat(index.path("manifests")).hasSize(1);
        assertThat(index.path("manifests").get(0).has("annotations")).isFalse();
    }

    @Test
    void aDockerArchiveAlsoHasDockerLoadsManifestAndRepositories() throws Exception {
        LocalContentStore content = LocalContentStore.open(tmp);
        AssembledImage image = image(content, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new ImageLayoutTar(true).write(image, List.of(ImageReference.parse("app:1.0"),
                ImageReference.parse("registry.example:5000/team/app")), content, 1_700_000_000L, out, () -> false);

        Map<String, byte[]> entries = entries(out.toByteArray());
        assertThat(entries).containsKeys("manifest.json", "repositories", "index.json", "oci-layout");
        JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
        assertThat(manifest.path("Config").asText()).isEqualTo("blobs/sha256/" + image.config().digest().hex());
        assertThat(manifest.path("RepoTags")).extracting(JsonNode::asText)
                .containsExactly("app:1.0", "registry.example:5000/team/app:latest");
        assertThat(manifest.path("Layers")).extracting(JsonNode::asText)
                .containsExactly("blobs/sha256/" + image.layers().get(0).digest().hex());
        JsonNode repositories = JSON.readTree(entries.get("repositories"));
        assertThat(repositories.path("app").path("1.0").asText()).isEqualTo(image.layers().get(0).digest().hex());
        assertThat(repositories.path("registry.example:5000/team/app").has("latest")).isTrue();
    }

    @Test
    void manifestsUseTheChosenFamilysMediaTypes() throws Exception {
        Descriptor config = Descriptor.of(MediaTypes.DOCKER_CONFIG, Digest.sha256(new byte[0]), 0);
        Descriptor layer = Descriptor.of(MediaTypes.DOCKER_LAYER_GZIP, Digest.sha256(new byte[1]), 1);
        JsonNode docker = JSON.readTree(ImageManifests.manifest(false, config, List.of(layer), Map.of()));

        assertThat(docker.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(docker.path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(docker.path("config").path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_CONFIG);
        assertThat(docker.has("annotations")).isFalse();
        assertThat(ImageManifests.layerType(MediaTypes.DOCKER_LAYER_GZIP, true)).isEqualTo(MediaTypes.OCI_LAYER_GZIP);
        assertThat(ImageManifests.layerType(MediaTypes.OCI_LAYER_GZIP, false)).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
        assertThat(ImageManifests.layerType(MediaTypes.OCI_LAYER, false)).isEqualTo(MediaTypes.OCI_LAYER);
        assertThat(ImageManifests.layerType("application/vnd.docker.image.rootfs.diff.tar", true))
                .isEqualTo(MediaTypes.OCI_LAYER);
    }
}
