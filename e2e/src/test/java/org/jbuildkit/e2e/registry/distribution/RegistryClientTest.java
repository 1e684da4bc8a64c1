package org.jbuildkit.e2e.registry.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.ExternalTool;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.registry.distribution.BlobPushResult;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.distribution.RegistryResponseException;
import org.jbuildkit.registry.distribution.ResolvedManifest;
import org.jbuildkit.registry.distribution.UploadMode;
import org.jbuildkit.registry.hosts.RegistryHostConfig;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.ImageIndex;
import org.jbuildkit.registry.image.ImageJson;
import org.jbuildkit.registry.image.ImageManifest;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.image.Platform;
import org.jbuildkit.registry.reference.ImageReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The distribution client against Debian's real docker-registry, checked independently with skopeo. */
class RegistryClientTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pushesBusyboxAndSkopeoSeesTheSameDigest(@TempDir Path tmp) throws Exception {
        BusyboxImage busybox = BusyboxImage.build(tmp);
        RegistryClient client = RegistryClients.anonymous(Map.of());
        Descriptor layer = descriptor(busybox.layer().mediaType(), busybox.layer().digest().toString(),
                Files.size(busybox.layerFile()));
        assertThat(client.pushBlob(REGISTRY.host(), "busybox", layer, busybox.layerFile(), Optional.empty()))
                .isEqualTo(BlobPushResult.UPLOADED);
        Path config = Files.write(tmp.resolve("config.json"), busybox.configBytes());
        client.pushBlob(REGISTRY.host(), "busybox", descriptor(MediaTypes.OCI_CONFIG,
                Digest.sha256(busybox.configBytes()).toString(), busybox.configBytes().length), config, Optional.empty());
        Descriptor pushed = client.pushManifest(ImageReference.parse(REGISTRY.host() + "/busybox:latest"),
                MediaTypes.OCI_MANIFEST, busybox.manifestBytes());
        assertThat(pushed.digest().toString()).isEqualTo(busybox.manifestDigest().toString());

        JsonNode inspect = JSON.readTree(ExternalTool.SKOPEO.run(Duration.ofSeconds(60), "inspect",
                "--tls-verify=false", "docker://" + REGISTRY.host() + "/busybox:latest"));
        assertThat(inspect.path("Digest").asText()).isEqualTo(pushed.digest().toString());

        assertThat(client.pushBlob(REGISTRY.host(), "busybox", layer, busybox.layerFile(), Optional.empty()))
                .as("second push finds the blob").isEqualTo(BlobPushResult.EXISTED);
        assertThat(client.pushBlob(REGISTRY.host(), "copy", layer, busybox.layerFile(), Optional.of("busybox")))
                .as("cross-repository mount").isEqualTo(BlobPushResult.MOUNTED);
        assertThat(client.blobExists(REGISTRY.host(), "copy", layer.digest())).isTrue();
    }

    @Test
    void resolvesFetchesAndVerifiesWhatWasPushed(@TempDir Path tmp) throws Exception {
        Digest pushed = Digest.parse(BusyboxImage.pushLayout(REGISTRY, "prebuilt", "v1").toString());
        RegistryClient client = RegistryClients.anonymous(Map.of());
        ImageReference ref = ImageReference.parse(REGISTRY.host() + "/prebuilt:v1");
        ResolvedManifest resolved = client.resolve(ref);
        assertThat(resolved.descriptor().digest()).isEqualTo(pushed);
        assertThat(resolved.descriptor().digest().toString())
                .isEqualTo("sha256:5edc9980c63f78dece50ede472f0ff010bf8dfa8daba4f3d18f69b5ae9552201");
        assertThat(resolved.descriptor().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);

        byte[] manifestBytes = client.fetchManifest(ref, resolved.descriptor());
        ImageManifest manifest = ImageJson.read(manifestBytes, ImageManifest.class, "manifest");
        for (Descriptor layer : manifest.layers()) {
            Path target = tmp.resolve(layer.digest().hex());
            client.fetchBlob(REGISTRY.host(), "prebuilt", layer, target);
            assertThat(Digest.sha256(Files.readAllBytes(target))).isEqualTo(layer.digest());
        }
        assertThat(client.resolve(ref.withDigest(pushed)).descriptor().digest()).isEqualTo(pushed);
    }

    @Test
    void missingTagSaysSo() {
        RegistryClient client = RegistryClients.anonymous(Map.of());
        assertThatThrownBy(() -> client.resolve(ImageReference.parse(REGISTRY.host() + "/nothing:here")))
                .isInstanceOf(RegistryResponseException.class)
                .hasMessageContaining("nothing:here").hasMessageContaining("check the repository name and tag");
    }

    @Test
    void multiLayerImageAndIndexPushInChunksAndCopyWithSkopeo(@TempDir Path tmp) throws Exception {
        RegistryClient client = RegistryClients.anonymous(Map.of(), UploadMode.CHUNKED);
        Random random = new Random(42);
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] content = new byte[(i + 1) * 5_000_000];
            random.nextBytes(content);
            byte[] bytes = tarGz("file" + i, content);
            Path file = Files.write(tmp.resolve("layer" + i), bytes);
            Descriptor layer = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(bytes), bytes.length);
            assertThat(client.pushBlob(REGISTRY.host(), "multi", layer, file, Optional.empty()))
                    .isEqualTo(BlobPushResult.UPLOADED);
            layers.add(layer);
        }
        byte[] configBytes = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[]}}").getBytes();
        Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length);
        client.pushBlob(REGISTRY.host(), "multi", config, Files.write(tmp.resolve("config"), configBytes),
                Optional.empty());
        byte[] manifest = ImageJson.canonical(ImageManifest.oci(config, layers));
        Descriptor manifestDescriptor = client.pushManifest(
                ImageReference.parse(REGISTRY.host() + "/multi@" + Digest.sha256(manifest)),
                MediaTypes.OCI_MANIFEST, manifest).withPlatform(Platform.parse("linux/amd64"));
        byte[] index = ImageJson.canonical(ImageIndex.oci(List.of(manifestDescriptor)));
        Descriptor indexDescriptor = client.pushManifest(ImageReference.parse(REGISTRY.host() + "/multi:v1"),
                MediaTypes.OCI_INDEX, index);

        JsonNode raw = JSON.readTree(ExternalTool.SKOPEO.run(Duration.ofSeconds(60), "inspect", "--raw",
                "--tls-verify=false", "docker://" + REGISTRY.host() + "/multi:v1"));
        assertThat(raw.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(raw.path("manifests").get(0).path("digest").asText())
                .isEqualTo(manifestDescriptor.digest().toString());
        Path oci = tmp.resolve("oci");
        ExternalTool.SKOPEO.run(Duration.ofSeconds(120), "copy", "--src-tls-verify=false",
                "docker://" + REGISTRY.host() + "/multi:v1", "oci:" + oci + ":v1");
        for (Descriptor layer : layers) {
            assertThat(oci.resolve("blobs/sha256/" + layer.digest().hex())).exists().hasSize(layer.size());
        }
        assertThat(client.resolve(ImageReference.parse(REGISTRY.host() + "/multi:v1")).descriptor())
                .isEqualTo(indexDescriptor);
    }

    @Test
    void mirrorsAreTriedBeforeTheOrigin() throws Exception {
        try (RegistryFixture mirror = RegistryFixture.plainHttp().start()) {
            BusyboxImage.pushLayout(mirror, "library/busybox", "latest");
            String origin = "127.0.0.1:1";
            RegistryClient client = RegistryClients.anonymous(Map.of(origin,
                    RegistryHostConfig.section("test").withMirrors(List.of(mirror.host()))));
            ResolvedManifest resolved = client.resolve(ImageReference.parse(origin + "/library/busybox:latest"));
            assertThat(resolved.answeredBy()).isEqualTo(mirror.host());
            assertThat(resolved.descriptor().digest().toString())
                    .isEqualTo(BusyboxImage.PREBUILT_MANIFEST_DIGEST.toString());
        }
    }

    /** A gzipped tar holding one file, as a real layer is. */
    private static byte[] tarGz(String name, byte[] content) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new java.util.zip.GZIPOutputStream(out))) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    private static Descriptor descriptor(String mediaType, String digest, long size) {
        return Descriptor.of(mediaType, Digest.parse(digest), size);
    }
}
