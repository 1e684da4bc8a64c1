package org.jbuildkit.daemon.exporter.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.junit.jupiter.api.Test;

class ImageAssemblerResponseTest {

    private static AssembledImage image() {
        byte[] config = "{}".getBytes();
        byte[] manifest = "{\"schemaVersion\":2}".getBytes();
        return new AssembledImage(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(manifest), manifest.length),
                manifest, Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length), config, List.of());
    }

    @Test
    void theResponseHasUpstreamsKeysWithTheManifestDescriptorAsBase64Json() throws Exception {
        AssembledImage image = image();
        ImageExportOptions options = ImageExportOptions.parse("oci", Map.of("name", "a:1,b:2"), true);

        Map<String, String> response = ImageAssembler.response(image, options);

        assertThat(response).containsEntry("containerimage.digest", image.manifest().digest().toString())
                .containsEntry("containerimage.config.digest", image.config().digest().toString())
                .containsEntry("image.name", "a:1,b:2");
        JsonNode descriptor = new ObjectMapper().readTree(Base64.getDecoder().decode(
                response.get("containerimage.descriptor")));
        assertThat(descriptor.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(descriptor.path("digest").asText()).isEqualTo(image.manifest().digest().toString());
        assertThat(descriptor.path("size").asLong()).isEqualTo(image.manifest().size());
    }

    @Test
    void anUnnamedImageHasNoImageName() throws Exception {
        Map<String, String> response = ImageAssembler.response(image(), ImageExportOptions.parse("oci", Map.of(),
                true));

        assertThat(response).doesNotContainKey("image.name").containsKeys("containerimage.digest",
                "containerimage.descriptor", "containerimage.config.digest");
    }
}
