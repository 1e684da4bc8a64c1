package org.jbuildkit.e2e.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.export.ImageArchives.json;
import static org.jbuildkit.e2e.export.ImageArchives.skopeo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --output type=image,name=…,push=true} through the real buildctl and buildkitd to real registries: plain
 * HTTP with {@code registry.insecure=true}, HTTPS with the CA in buildkitd.toml; skopeo reads what was pushed, and a
 * fresh daemon builds on it.
 */
class ImagePushTest {
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

    @RegisterExtension
    static final RegistryFixture PLAIN = RegistryFixture.plainHttp();
    @RegisterExtension
    static final RegistryFixture TLS = RegistryFixture.tls();
    private static BusyboxImage busybox;
    private static DaemonFixture daemon;
    private static DaemonFixture fresh;

    @BeforeAll
    static void pushBaseAndStartDaemons(@TempDir Path tmp) throws Exception {
        busybox = BusyboxImage.build(tmp.resolve("busybox"));
        busybox.push(PLAIN, "busybox", "latest");
        Path config = Files.writeString(tmp.resolve("buildkitd.toml"), "[registry.\"" + TLS.host() + "\"]\n"
                + "  http = false\n  ca = [\"" + TLS.caCert() + "\"]\n");
        daemon = DaemonFixture.unixSocket("--config", config.toString()).start();
        fresh = DaemonFixture.unixSocket().start();
    }

    @AfterAll
    static void stopDaemons() {
        for (DaemonFixture d : new DaemonFixture[] {daemon, fresh}) {
            if (d != null) {
                d.close();
            }
        }
    }

    /** busybox plus one step that writes a file: two layers. */
    private static Definition twoLayers(String marker) {
        return Llb.image(PLAIN.host() + "/busybox:latest")
                .run(Run.shell("mkdir -p /out && echo " + marker + " > /out/marker")).root().marshal();
    }

    private static CommandResult build(DaemonFixture on, Path tmp, Definition definition, String... extra)
            throws Exception {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr",
                on.unixAddress(), "build", "--progress", "plain"));
        command.addAll(List.of(extra));
        CommandResult result = Commands.run(command, Map.of(), 300, file);
        assertThat(result.exitCode()).as(result + "\n" + on.log()).isZero();
        return result;
    }

    private static JsonNode metadata(Path tmp, DaemonFixture on, Definition definition, String output)
            throws Exception {
        Path metadata = tmp.resolve("metadata-" + System.nanoTime() + ".json");
        build(on, tmp, definition, "--output", output, "--metadata-file", metadata.toString());
        return json(Files.readString(metadata));
    }

    private static JsonNode inspect(String ref, String... flags) {
        List<String> args = new ArrayList<>(List.of("inspect", "--tls-verify=false"));
        args.addAll(List.of(flags));
        args.add("docker://" + ref);
        return json(skopeo(args.toArray(String[]::new)));
    }

    @Test
    void aPushToAPlainHttpRegistryIsReadBySkopeoWithTheBaseLayerReused(@TempDir Path tmp) throws Exception {
        String name = PLAIN.host() + "/app/plain:1";
        Path metadataFile = tmp.resolve("metadata.json");
        CommandResult result = build(daemon, tmp, twoLayers("plain"), "--output",
                "type=image,name=" + name + ",push=true,registry.insecure=true", "--metadata-file",
                metadataFile.toString());
        JsonNode metadata = json(Files.readString(metadataFile));
        String digest = metadata.path("containerimage.digest").asText();

        assertThat(result.stderr()).contains("exporting to image").contains("pushing layers")
                .contains("pushing manifest for " + name + "@" + digest);
        assertThat(metadata.path("image.name").asText()).isEqualTo(name);
        JsonNode inspected = inspect(name);
        assertThat(inspected.path("Digest").asText()).isEqualTo(digest);
        assertThat(inspected.path("Layers")).hasSize(2);
        assertThat(inspected.path("Layers").get(0).asText()).isEqualTo(busybox.layer().digest().toString());
        JsonNode manifest = inspect(name, "--raw");
        assertThat(manifest.path("mediaType").asText()).isEqualTo(OCI_MANIFEST);
        assertThat(manifest.path("config").path("digest").asText())
                .isEqualTo(metadata.path("containerimage.config.digest").asText());
        JsonNode config = inspect(name, "--config");
        assertThat(config.path("rootfs").path("diff_ids")).hasSize(2);
        assertThat(config.path("rootfs").path("diff_ids").get(0).asText()).isEqualTo(busybox.diffId().toString());
        // The pulled base layer is mounted from the repository it came from, not uploaded again.
        assertThat(Files.readString(PLAIN.logFile())).containsPattern("POST /v2/app/plain/blobs/uploads/\\?mount="
                + busybox.layer().digest().toString().replace(":", "%3A") + "&from=busybox HTTP/1.1\" 201 ");
    }

    @Test
    void dockerMediaTypesAndTwoNamesArePushedTogether(@TempDir Path tmp) throws Exception {
        String first = PLAIN.host() + "/app/first:1";
        String second = PLAIN.host() + "/app/second:2";
        JsonNode metadata = metadata(tmp, daemon, twoLayers("two-names"), "type=image,\"name=" + first + ","
                + second + "\",push=true,registry.insecure=true,oci-mediatypes=false");
        String digest = metadata.path("containerimage.digest").asText();

        assertThat(metadata.path("image.name").asText()).isEqualTo(first + "," + second);
        // The second repository mounts what the first was given.
        assertThat(Files.readString(PLAIN.logFile()))
                .containsPattern("POST /v2/app/second/blobs/uploads/\\?mount=[^ ]*&from=app%2Ffirst HTTP/1.1\" 201 ");
        for (String name : List.of(first, second)) {
            assertThat(inspect(name).path("Digest").asText()).as(name).isEqualTo(digest);
            JsonNode manifest = inspect(name, "--raw");
            assertThat(manifest.path("mediaType").asText()).isEqualTo(DOCKER_MANIFEST);
            assertThat(manifest.path("layers")).allSatisfy(l -> assertThat(l.path("mediaType").asText())
                    .isEqualTo("application/vnd.docker.image.rootfs.diff.tar.gzip"));
        }
    }

    @Test
    void pushByDigestLeavesTheRepositoryWithoutATag(@TempDir Path tmp) throws Exception {
        String repository = PLAIN.host() + "/app/bydigest";
        JsonNode metadata = metadata(tmp, daemon, twoLayers("by-digest"), "type=image,name=" + repository
                + ":ignored,push=true,push-by-digest=true,registry.insecure=true");
        String digest = metadata.path("containerimage.digest").asText();

        assertThat(inspect(repository + "@" + digest, "--no-tags").path("Digest").asText()).isEqualTo(digest);
        CommandResult tag = Commands.run(List.of("/usr/bin/skopeo", "inspect", "--tls-verify=false",
                "docker://" + repository + ":ignored"));
        assertThat(tag.exitCode()).as(tag.toString()).isNotZero();
    }

    @Test
    void aZstdImageIsCopiedBySkopeoWithEveryBlobVerified(@TempDir Path tmp) throws Exception {
        String name = PLAIN.host() + "/app/zstd:1";
        metadata(tmp, daemon, twoLayers("zstd"), "type=image,name=" + name
                + ",push=true,registry.insecure=true,compression=zstd,force-compression=true");

        JsonNode manifest = inspect(name, "--raw");
        assertThat(manifest.path("layers")).hasSize(2).allSatisfy(l -> assertThat(l.path("mediaType").asText())
                .isEqualTo(OCI_LAYER_ZSTD));
        Path layout = tmp.resolve("layout");
        skopeo("--insecure-policy", "copy", "--src-tls-verify=false", "docker://" + name, "oci:" + layout + ":c");
        try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
            assertThat(blobs.count()).isEqualTo(4);
        }
    }

    @Test
    void aPushToHttpsUsesTheCaOfBuildkitdToml(@TempDir Path tmp) throws Exception {
        String name = TLS.host() + "/app/tls:1";
        JsonNode metadata = metadata(tmp, daemon, twoLayers("tls"), "type=image,name=" + name + ",push=true");

        assertThat(inspect(name).path("Digest").asText()).isEqualTo(metadata.path("containerimage.digest").asText());
    }

    @Test
    void aFreshDaemonBuildsOnThePushedImage(@TempDir Path tmp) throws Exception {
        String name = PLAIN.host() + "/app/base:1";
        metadata(tmp, daemon, twoLayers("from-the-push"), "type=image,name=" + name
                + ",push=true,registry.insecure=true");

        Path out = tmp.resolve("out");
        build(fresh, tmp, Llb.image(name).run(Run.shell("cat /out/marker > /seen")).root().marshal(),
                "--output", "type=local,dest=" + out);
        assertThat(Files.readString(out.resolve("seen"))).isEqualTo("from-the-push\n");
    }

    @Test
    void sourceDateEpochGivesTheSameDigestOnTwoDaemonsPushingToTwoRepositories(@TempDir Path tmp)
            throws Exception {
        Instant fileTime = Instant.parse("2023-01-02T03:04:05Z");
        Definition files = Llb.scratch()
                .file(FileActions.mkdir("/app", 0755, true, null, fileTime))
                .file(FileActions.mkfile("/app/hello.txt", 0644, "hello\n".getBytes(StandardCharsets.UTF_8), null,
                        fileTime))
                .marshal();
        List<String> digests = new ArrayList<>();
        int i = 0;
        for (DaemonFixture on : List.of(daemon, fresh)) {
            String name = PLAIN.host() + "/repro/r" + (i++) + ":1";
            Path metadata = tmp.resolve("repro-" + i + ".json");
            build(on, tmp, files, "--opt", "build-arg:SOURCE_DATE_EPOCH=1700000000", "--output", "type=image,name="
                    + name + ",push=true,registry.insecure=true,rewrite-timestamp=true", "--metadata-file",
                    metadata.toString());
            String digest = json(Files.readString(metadata)).path("containerimage.digest").asText();
            assertThat(inspect(name).path("Digest").asText()).isEqualTo(digest);
            digests.add(digest);
        }
        assertThat(digests.get(1)).isEqualTo(digests.get(0));
    }
}
