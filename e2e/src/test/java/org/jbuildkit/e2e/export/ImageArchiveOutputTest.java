package org.jbuildkit.e2e.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.export.ImageArchives.blob;
import static org.jbuildkit.e2e.export.ImageArchives.config;
import static org.jbuildkit.e2e.export.ImageArchives.files;
import static org.jbuildkit.e2e.export.ImageArchives.json;
import static org.jbuildkit.e2e.export.ImageArchives.manifest;
import static org.jbuildkit.e2e.export.ImageArchives.podman;
import static org.jbuildkit.e2e.export.ImageArchives.sha256;
import static org.jbuildkit.e2e.export.ImageArchives.skopeo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.FileActions;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --output type=oci|docker,dest=FILE|-} through the real buildctl and buildkitd: an LLB build on the
 * busybox image from a real registry, exported as image archives that skopeo reads, copies and verifies.
 */
class ImageArchiveOutputTest {
    private static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    private static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();
    private static BusyboxImage busybox;

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        busybox = BusyboxImage.build(tmp);
        busybox.push(REGISTRY, "busybox", "latest");
    }

    /** busybox plus one step that writes a file: two layers. */
    private static Definition twoLayers(String marker) {
        return Llb.image(REGISTRY.host() + "/busybox:latest")
                .run(Run.shell("mkdir -p /out && echo " + marker + " > /out/marker")).root().marshal();
    }

    private static List<String> command(String... extra) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", DAEMON.unixAddress(), "build", "--progress", "plain"));
        command.addAll(List.of(extra));
        return command;
    }

    private static CommandResult build(Path tmp, Definition definition, String... extra) throws Exception {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
        CommandResult result = Commands.run(command(extra), Map.of(), 300, file);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    @Test
    void anOciArchiveIsReadBySkopeoWithTheBaseLayerReusedAndTheConfigNormalized(@TempDir Path tmp)
            throws Exception {
        Path archive = tmp.resolve("image.tar");
        CommandResult result = build(tmp, twoLayers("oci"), "--output",
                "type=oci,dest=" + archive + ",name=example.test/app:1.0,annotation.org.example.k=v");

        assertThat(result.stderr()).contains("exporting to oci image format").contains("exporting layers")
                .contains("sending tarball");
        Map<String, byte[]> files = files(archive);
        assertThat(files).containsKeys("oci-layout", "index.json");
        JsonNode index = json(files.get("index.json"));
        assertThat(index.path("manifests").get(0).path("annotations").path("org.opencontainers.image.ref.name")
                .asText()).isEqualTo("1.0");
        JsonNode manifest = manifest(files);
        assertThat(result.stderr())
                .contains("exporting manifest " + index.path("manifests").get(0).path("digest").asText())
                .contains("exporting config " + manifest.path("config").path("digest").asText());
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(manifest.path("config").path("mediaType").asText())
                .isEqualTo("application/vnd.oci.image.config.v1+json");
        assertThat(manifest.path("annotations").path("org.example.k").asText()).isEqualTo("v");
        JsonNode layers = manifest.path("layers");
        assertThat(layers).hasSize(2);
        // The pulled base layer is the registry's blob itself, never recompressed.
        assertThat(layers.get(0).path("digest").asText()).isEqualTo(busybox.layer().digest().toString());
        assertThat(layers.get(1).path("mediaType").asText()).isEqualTo(OCI_LAYER_GZIP);

        JsonNode config = config(files);
        assertThat(config.path("architecture").asText()).isNotEmpty();
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("rootfs").path("diff_ids")).hasSize(2);
        assertThat(config.path("rootfs").path("diff_ids").get(0).asText()).isEqualTo(busybox.diffId().toString());
        assertThat(config.path("history")).hasSize(2).allSatisfy(h -> assertThat(h.path("created").asText())
                .isNotEmpty());

        JsonNode inspected = json(skopeo("inspect", "oci-archive:" + archive));
        assertThat(inspected.path("Layers")).extracting(JsonNode::asText).containsExactly(
                layers.get(0).path("digest").asText(), layers.get(1).path("digest").asText());
        assertThat(inspected.path("Os").asText()).isEqualTo("linux");
        JsonNode inspectedConfig = json(skopeo("inspect", "--config", "oci-archive:" + archive + ":1.0"));
        assertThat(inspectedConfig.path("rootfs").path("diff_ids")).isEqualTo(config.path("rootfs").path("diff_ids"));
    }

    @Test
    void theMetadataFileNamesTheImageTheArchiveHolds(@TempDir Path tmp) throws Exception {
        Path archive = tmp.resolve("image.tar");
        Path metadata = tmp.resolve("metadata.json");
        build(tmp, twoLayers("metadata"), "--output", "type=oci,dest=" + archive + ",name=example.test/app:2.0",
                "--metadata-file", metadata.toString());

        Map<String, byte[]> files = files(archive);
        String manifestDigest = json(files.get("index.json")).path("manifests").get(0).path("digest").asText();
        JsonNode written = json(Files.readString(metadata));
        assertThat(written.path("containerimage.digest").asText()).isEqualTo(manifestDigest);
        assertThat(written.path("containerimage.config.digest").asText())
                .isEqualTo(manifest(files).path("config").path("digest").asText());
        assertThat(written.path("image.name").asText()).isEqualTo("example.test/app:2.0");
        // A descriptor is embedded as the JSON object it is, as upstream's buildctl writes it.
        assertThat(written.path("containerimage.descriptor").path("digest").asText()).isEqualTo(manifestDigest);
        assertThat(written.path("containerimage.descriptor").path("mediaType").asText())
                .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    }

    @Test
    void skopeoCopiesTheOciArchiveAndEveryBlobMatchesItsDigest(@TempDir Path tmp) throws Exception {
        Path archive = tmp.resolve("image.tar");
        build(tmp, twoLayers("copy"), "--output", "type=oci,dest=" + archive);
        Path layout = tmp.resolve("layout");

        skopeo("--insecure-policy", "copy", "oci-archive:" + archive, "oci:" + layout + ":copied");

        List<Path> blobs;
        try (Stream<Path> list = Files.list(layout.resolve("blobs/sha256"))) {
            blobs = list.toList();
        }
        assertThat(blobs).hasSize(4);
        for (Path blob : blobs) {
            assertThat(sha256(blob)).as("blob %s", blob).isEqualTo("sha256:" + blob.getFileName());
        }
        JsonNode inspected = json(skopeo("inspect", "oci:" + layout + ":copied"));
        assertThat(inspected.path("Layers")).hasSize(2);
    }

    @Test
    void aDockerArchiveHasDockerMediaTypesAndIsReadBySkopeo(@TempDir Path tmp) throws Exception {
        Path archive = tmp.resolve("docker.tar");
        CommandResult result = build(tmp, twoLayers("docker"), "--output",
                "type=docker,dest=" + archive + ",name=app:2.0");

        assertThat(result.stderr()).contains("exporting to docker image format");
        Map<String, byte[]> files = files(archive);
        JsonNode dockerManifest = json(files.get("manifest.json")).get(0);
        assertThat(dockerManifest.path("RepoTags")).extracting(JsonNode::asText).containsExactly("app:2.0");
        assertThat(dockerManifest.path("Layers")).hasSize(2);
        assertThat(json(files.get("repositories")).path("app").has("2.0")).isTrue();
        JsonNode manifest = manifest(files);
        assertThat(manifest.path("mediaType").asText())
                .isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(manifest.path("config").path("mediaType").asText())
                .isEqualTo("application/vnd.docker.container.image.v1+json");
        assertThat(manifest.path("layers")).allSatisfy(l -> assertThat(l.path("mediaType").asText())
                .isEqualTo(DOCKER_LAYER_GZIP));
        String configDigest = manifest.path("config").path("digest").asText();
        assertThat(dockerManifest.path("Config").asText()).isEqualTo("blobs/sha256/"
                + configDigest.substring("sha256:".length()));

        JsonNode inspected = json(skopeo("inspect", "docker-archive:" + archive));
        assertThat(inspected.path("Layers")).hasSize(2);
        JsonNode inspectedConfig = json(skopeo("inspect", "--config", "docker-archive:" + archive));
        assertThat(inspectedConfig.path("rootfs").path("diff_ids")).isEqualTo(config(files).path("rootfs")
                .path("diff_ids"));
        Path copied = tmp.resolve("copied");
        skopeo("--insecure-policy", "copy", "docker-archive:" + archive, "oci:" + copied + ":x");
        assertThat(json(skopeo("inspect", "oci:" + copied + ":x")).path("Layers")).hasSize(2);
    }

    @Test
    void podmanLoadsTheOciArchiveWithItsName(@TempDir Path tmp) throws Exception {
        Path archive = tmp.resolve("image.tar");
        build(tmp, twoLayers("podman"), "--output", "type=oci,dest=" + archive + ",name=example.test/app:podman");
        Path store = tmp.resolve("podman");

        assertThat(podman(store, "load", "-i", archive.toString())).contains("example.test/app:podman");
        JsonNode image = json(podman(store, "image", "inspect", "example.test/app:podman")).get(0);
        assertThat(image.path("RootFS").path("Layers")).hasSize(2);
        String output = podman(store, "run", "--rm", "--runtime", "runc", "--network", "none",
                "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1000:1000", "example.test/app:podman",
                "cat", "/out/marker");
        assertThat(output).isEqualTo("podman\n");
    }

    @Test
    void ociAndDockerOutputsOfOneBuildShareTheirLayers(@TempDir Path tmp) throws Exception {
        Path oci = tmp.resolve("oci.tar");
        Path docker = tmp.resolve("docker.tar");
        build(tmp, twoLayers("both"), "--output", "type=oci,dest=" + oci, "--output",
                "type=docker,dest=" + docker + ",name=both:1");

        List<String> ociLayers = new ArrayList<>();
        manifest(files(oci)).path("layers").forEach(l -> ociLayers.add(l.path("digest").asText()));
        List<String> dockerLayers = new ArrayList<>();
        manifest(files(docker)).path("layers").forEach(l -> dockerLayers.add(l.path("digest").asText()));
        assertThat(dockerLayers).hasSize(2).isEqualTo(ociLayers);
        assertThat(json(skopeo("inspect", "oci-archive:" + oci)).path("Layers")).hasSize(2);
        assertThat(json(skopeo("inspect", "docker-archive:" + docker)).path("Layers")).hasSize(2);
    }

    @Test
    void aZstdArchiveIsReadableBySkopeo(@TempDir Path tmp) throws Exception {
        Path archive = tmp.resolve("zstd.tar");
        build(tmp, twoLayers("zstd"), "--output",
                "type=oci,dest=" + archive + ",compression=zstd,compression-level=9,force-compression=true");

        Map<String, byte[]> files = files(archive);
        JsonNode layers = manifest(files).path("layers");
        assertThat(layers).hasSize(2).allSatisfy(l -> assertThat(l.path("mediaType").asText())
                .isEqualTo(OCI_LAYER_ZSTD));
        for (JsonNode layer : layers) {
            byte[] bytes = blob(files, layer.path("digest").asText());
            assertThat(bytes).startsWith(0x28, 0xb5, 0x2f, 0xfd);
        }
        assertThat(config(files).path("rootfs").path("diff_ids").get(0).asText())
                .isEqualTo(busybox.diffId().toString());

        JsonNode inspected = json(skopeo("inspect", "--raw", "oci-archive:" + archive));
        assertThat(inspected.path("layers").get(1).path("mediaType").asText()).isEqualTo(OCI_LAYER_ZSTD);
        Path copied = tmp.resolve("copied");
        skopeo("--insecure-policy", "copy", "oci-archive:" + archive, "oci:" + copied + ":z");
        try (Stream<Path> list = Files.list(copied.resolve("blobs/sha256"))) {
            list.forEach(blob -> assertThat(sha256(blob)).isEqualTo("sha256:" + blob.getFileName()));
        }
    }

    @Test
    void destDashWritesTheArchiveToStdout(@TempDir Path tmp) throws Exception {
        Path def = Files.write(tmp.resolve("def"), twoLayers("stdout").toByteArray());
        Path stdout = tmp.resolve("stdout.tar");
        Path stderr = tmp.resolve("stderr.txt");
        Process process = new ProcessBuilder(command("--output", "type=oci,dest=-"))
                .redirectInput(def.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
        assertThat(Files.readString(stderr)).contains("exporting to oci image format");
        assertThat(files(stdout)).containsKeys("oci-layout", "index.json");
        assertThat(json(skopeo("inspect", "oci-archive:" + stdout)).path("Layers")).hasSize(2);
    }

    @Test
    void sourceDateEpochMakesTheSameBuildGiveTheSameManifestDigest(@TempDir Path tmp) throws Exception {
        Path first = tmp.resolve("first.tar");
        Path second = tmp.resolve("second.tar");
        String epoch = "build-arg:SOURCE_DATE_EPOCH=1700000000";
        build(tmp, twoLayers("epoch"), "--opt", epoch, "--output", "type=oci,dest=" + first);
        Thread.sleep(1100);
        build(tmp, twoLayers("epoch"), "--opt", epoch, "--output", "type=oci,dest=" + second);

        Map<String, byte[]> one = files(first);
        Map<String, byte[]> two = files(second);
        assertThat(json(two.get("index.json"))).isEqualTo(json(one.get("index.json")));
        JsonNode config = config(one);
        assertThat(config.path("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(config.path("history")).allSatisfy(h -> assertThat(h.path("created").asText())
                .isEqualTo("2023-11-14T22:13:20Z"));
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void anUnknownAttributeIsRefusedBeforeBuildingWithTheAcceptedKeys(@TempDir Path tmp) throws Exception {
        Path file = Files.write(tmp.resolve("def"), twoLayers("refused").toByteArray());
        CommandResult result = Commands.run(command("--output", "type=oci,dest=" + tmp.resolve("x.tar")
                + ",ref=example.test/app:1"), Map.of(), 120, file);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("output type oci has no attribute \"ref\"")
                .contains("it takes ").contains("compression, compression-level").doesNotContain("mkdir -p /out");
        assertThat(tmp.resolve("x.tar")).doesNotExist();
    }

    @Test
    void anUncompressedLayerOnScratchHasItsDiffIdAsItsDigest(@TempDir Path tmp) throws Exception {
        Path archive = tmp.resolve("plain.tar");
        Definition file = Llb.scratch().file(FileActions.mkfile("/hello", 0644,
                "hi\n".getBytes(StandardCharsets.UTF_8))).marshal();
        build(tmp, file, "--output", "type=oci,dest=" + archive + ",compression=uncompressed");

        Map<String, byte[]> files = files(archive);
        JsonNode layers = manifest(files).path("layers");
        assertThat(layers).hasSize(1);
        assertThat(layers.get(0).path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar");
        JsonNode config = config(files);
        assertThat(config.path("rootfs").path("diff_ids").get(0).asText())
                .isEqualTo(layers.get(0).path("digest").asText());
        assertThat(config.path("config").path("Env").get(0).asText()).startsWith("PATH=");
        assertThat(config.path("history")).hasSize(1);
        assertThat(json(skopeo("inspect", "oci-archive:" + archive)).path("Layers")).hasSize(1);
    }
}
