package org.jbuildkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.Digest;
import org.jbuildkit.e2e.fixtures.ExternalTool;
import org.jbuildkit.e2e.fixtures.OciLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BusyboxImageTest {

    private static final Duration SKOPEO_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path classDir;

    static BusyboxImage image;

    @BeforeAll
    static void build() {
        image = BusyboxImage.build(classDir.resolve("image"));
    }

    @Test
    void buildingTwiceGivesTheSameBytes(@TempDir Path other) {
        BusyboxImage again = BusyboxImage.build(other);

        assertThat(Digest.sha256(again.layerFile())).isEqualTo(Digest.sha256(image.layerFile()));
        assertThat(again.layer()).isEqualTo(image.layer());
        assertThat(again.diffId()).isEqualTo(image.diffId());
        assertThat(again.manifestDigest()).isEqualTo(image.manifestDigest());
    }

    @Test
    void gzipHeaderHasNoTimestampOrFileName() throws IOException {
        byte[] header = new byte[10];
        try (InputStream in = Files.newInputStream(image.layerFile())) {
            assertThat(in.readNBytes(header, 0, 10)).isEqualTo(10);
        }

        assertThat(header[0] & 0xff).isEqualTo(0x1f);
        assertThat(header[1] & 0xff).isEqualTo(0x8b);
        assertThat(header[3]).as("FLG: no FNAME, FCOMMENT or FEXTRA").isZero();
        assertThat(new byte[] {header[4], header[5], header[6], header[7]}).as("MTIME").containsOnly(0);
    }

    @Test
    void layerHoldsBusyboxAndOneSymlinkPerAppletWithFixedMetadata() throws IOException {
        Map<String, TarArchiveEntry> entries = readLayer(image.layerFile());
        List<String> names = new ArrayList<>(entries.keySet());

        assertThat(names).isSorted();
        assertThat(names).contains("bin/", "etc/", "etc/passwd", "root/", "tmp/");
        TarArchiveEntry busybox = entries.get("bin/busybox");
        assertThat(busybox.isFile()).isTrue();
        assertThat(busybox.getMode() & 07777).isEqualTo(0755);
        assertThat(busybox.getSize()).isEqualTo(Files.size(ExternalTool.BUSYBOX.require()));
        assertThat(entries.get("tmp/").getMode() & 07777).isEqualTo(01777);
        assertThat(image.applets()).contains("sh", "ls", "cat").doesNotContain("busybox");
        for (String applet : image.applets()) {
            TarArchiveEntry link = entries.get("bin/" + applet);
            assertThat(link.isSymbolicLink()).as(applet).isTrue();
            assertThat(link.getLinkName()).isEqualTo("busybox");
        }
        assertThat(entries).hasSize(image.applets().size() + 7);
        for (TarArchiveEntry entry : entries.values()) {
            assertThat(entry.getModTime().getTime()).as(entry.getName()).isZero();
            assertThat(entry.getLongUserId()).isZero();
            assertThat(entry.getLongGroupId()).isZero();
            assertThat(entry.getUserName()).isEmpty();
            assertThat(entry.getGroupName()).isEmpty();
        }
    }

    @Test
    void configNamesTheUncompressedLayerDigestAndRunsAShell() throws IOException {
        JsonNode config = JSON.readTree(image.configBytes());

        assertThat(config.at("/rootfs/diff_ids/0").asText()).isEqualTo(image.diffId().toString());
        assertThat(config.at("/config/Cmd/0").asText()).isEqualTo("/bin/sh");
        assertThat(config.at("/os").asText()).isEqualTo("linux");
        Digest uncompressed;
        try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(image.layerFile()))) {
            Path tar = classDir.resolve("layer.tar");
            Files.copy(in, tar);
            uncompressed = Digest.sha256(tar);
        }
        assertThat(uncompressed).isEqualTo(image.diffId());
    }

    @ParameterizedTest
    @EnumSource(RegistryFixture.Mode.class)
    void pushedImageIsWhatSkopeoSees(RegistryFixture.Mode mode, @TempDir Path certDir) throws IOException {
        try (var registry = RegistryFixture.of(mode).start()) {
            Digest pushed = image.push(registry, "busybox", "latest");

            JsonNode inspect = JSON.readTree(ExternalTool.SKOPEO.run(SKOPEO_TIMEOUT,
                    concat(List.of("inspect"), skopeoTls("--tls-verify", registry, certDir),
                            List.of("docker://" + registry.host() + "/busybox:latest"))));

            assertThat(pushed).isEqualTo(image.manifestDigest());
            assertThat(inspect.path("Digest").asText()).isEqualTo(pushed.toString());
            assertThat(inspect.path("Layers")).hasSize(1);
            assertThat(inspect.at("/Layers/0").asText()).isEqualTo(image.layer().digest().toString());
            assertThat(inspect.path("Architecture").asText()).isEqualTo("amd64");
        }
    }

    @Test
    void pushingAgainSkipsExistingBlobsAndGivesTheSameDigest() {
        try (var registry = RegistryFixture.plainHttp().start()) {
            Digest first = image.push(registry.host(), "busybox", "latest");
            Digest second = image.push(registry.host(), "busybox", "again");

            assertThat(second).isEqualTo(first);
            assertThat(registry.pusher().blobExists("busybox", image.layer().digest())).isTrue();
        }
    }

    @Test
    void skopeoCopiesThePushedImageIntoAnOciLayoutWithAShell(@TempDir Path target) throws IOException {
        try (var registry = RegistryFixture.plainHttp().start()) {
            Digest pushed = image.push(registry, "busybox", "latest");
            Path layoutDir = target.resolve("layout");

            ExternalTool.SKOPEO.run(SKOPEO_TIMEOUT, "--insecure-policy", "copy", "--src-tls-verify=false",
                    "docker://" + registry.host() + "/busybox:latest", "oci:" + layoutDir + ":latest");

            OciLayout layout = OciLayout.open(layoutDir);
            assertThat(layout.manifestDescriptor().digest()).isEqualTo(pushed);
            assertThat(layout.layers()).hasSize(1);
            Map<String, TarArchiveEntry> entries = readLayer(layout.blob(layout.layers().get(0).digest()));
            assertThat(entries.get("bin/busybox").isFile()).isTrue();
            assertThat(entries.get("bin/sh").isSymbolicLink()).isTrue();
            assertThat(entries.get("bin/sh").getLinkName()).isEqualTo("busybox");
        }
    }

    @Test
    void prebuiltLayoutPushesWithItsKnownDigest() throws IOException {
        try (var registry = RegistryFixture.plainHttp().start()) {
            Digest pushed = BusyboxImage.pushLayout(registry, "busybox", "latest");

            JsonNode inspect = JSON.readTree(ExternalTool.SKOPEO.run(SKOPEO_TIMEOUT, "inspect", "--tls-verify=false",
                    "docker://" + registry.host() + "/busybox:latest"));

            assertThat(pushed).isEqualTo(BusyboxImage.PREBUILT_MANIFEST_DIGEST);
            assertThat(inspect.path("Digest").asText())
                    .isEqualTo("sha256:5edc9980c63f78dece50ede472f0ff010bf8dfa8daba4f3d18f69b5ae9552201");
            assertThat(inspect.path("Layers")).hasSize(2);
        }
    }

    /** skopeo's TLS flags: skip verification for plain HTTP, else a cert dir with the CA (and client pair). */
    private static List<String> skopeoTls(String flag, RegistryFixture registry, Path certDir) throws IOException {
        if (registry.mode() == RegistryFixture.Mode.PLAIN_HTTP) {
            return List.of(flag + "=false");
        }
        Files.copy(registry.caCert(), certDir.resolve("ca.crt"));
        if (registry.mode() == RegistryFixture.Mode.MUTUAL_TLS) {
            Files.copy(registry.certificates().clientCert(), certDir.resolve("client.cert"));
            Files.copy(registry.certificates().clientKey(), certDir.resolve("client.key"));
        }
        return List.of(flag + "=true", "--cert-dir", certDir.toString());
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        return Arrays.stream(parts).flatMap(List::stream).toArray(String[]::new);
    }

    /** Entries by name, in archive order. */
    private static Map<String, TarArchiveEntry> readLayer(Path gzippedTar) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (var tar = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(gzippedTar)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                entries.put(entry.getName(), entry);
            }
        }
        return entries;
    }
}
