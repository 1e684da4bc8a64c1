package org.jbuildkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DebianBaseImage;
import org.jbuildkit.e2e.fixtures.DebianBaseScript;
import org.jbuildkit.e2e.fixtures.Digest;
import org.jbuildkit.e2e.fixtures.ExternalTool;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianBaseImageTest {

    private static final Duration SKOPEO_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    static DebianBaseImage image;

    @BeforeAll
    static void loadOrBuildTheCache() {
        image = DebianBaseImage.cachedOrBuild();
    }

    @Test
    void pushedImageHasOneLayerWithTheCachedDigest() throws IOException {
        try (var registry = RegistryFixture.plainHttp().start()) {
            Digest pushed = image.push(registry, "debian", "bookworm");

            JsonNode inspect = JSON.readTree(ExternalTool.SKOPEO.run(SKOPEO_TIMEOUT, "inspect", "--tls-verify=false",
                    "docker://" + registry.host() + "/debian:bookworm"));

            assertThat(inspect.path("Digest").asText()).isEqualTo(pushed.toString());
            assertThat(pushed).isEqualTo(image.manifestDigest());
            assertThat(inspect.path("Layers")).hasSize(1);
            assertThat(inspect.at("/Layers/0").asText())
                    .isEqualTo(image.layer().digest().toString())
                    .isEqualTo(Digest.sha256(image.layerFile()).toString());
            assertThat(inspect.path("Os").asText()).isEqualTo("linux");
            assertThat(inspect.path("Architecture").asText()).isEqualTo("amd64");
            assertThat(inspect.path("Env").get(0).asText()).startsWith("PATH=/usr/local/sbin:");
        }
    }

    @Test
    void configRunsBashOnTheUncompressedLayer() throws IOException {
        JsonNode config = JSON.readTree(image.configBytes());

        assertThat(config.at("/config/Cmd").toString()).isEqualTo("[\"bash\"]");
        assertThat(config.at("/rootfs/diff_ids/0").asText()).isEqualTo(image.diffId().toString());
        assertThat(config.at("/architecture").asText()).isEqualTo("amd64");
        assertThat(config.at("/os").asText()).isEqualTo("linux");
        Digest uncompressed;
        try (InputStream tar = new GzipCompressorInputStream(Files.newInputStream(image.layerFile()))) {
            var md = Digest.newSha256();
            var buffer = new byte[64 * 1024];
            for (int n; (n = tar.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            uncompressed = Digest.of(md);
        }
        assertThat(uncompressed).isEqualTo(image.diffId());
    }

    @Test
    void extractedLayerIsBookwormWithBash(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("rootfs");
        try {
            extract(image.layerFile(), root);
            checkBookwormWithBash(root);
        } finally {
            deleteTree(root);
        }
    }

    @Test
    void cachedLayerHasSortedEntriesWithFixedTimesAndNumericOwners() throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>(readLayer(image.layerFile()).values());

        // Sorted by path; a directory's entry name ends in '/', which the order does not count.
        assertThat(entries.stream().map(entry -> entry.getName().replaceFirst("/$", "")).toList()).isSorted();
        for (TarArchiveEntry entry : entries) {
            assertThat(entry.getModTime().getTime()).as(entry.getName()).isZero();
            assertThat(entry.getUserName()).as(entry.getName()).isEmpty();
            assertThat(entry.getGroupName()).as(entry.getName()).isEmpty();
            assertThat(entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO())
                    .as(entry.getName()).isFalse();
        }
    }

    @Test
    void reTarringTheUnpackedDebianTreeGivesTheCachedLayerByteForByte(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("rootfs");
        Files.createDirectories(root);
        try {
            // GNU tar as root keeps owners, modes and hard links; the times it sets are the extraction's own.
            run("tar", "-xzpf", image.layerFile().toString(), "-C", root.toString(), "--numeric-owner");
            DebianBaseScript.writeLayer(root, dir.resolve("again.tar.gz"));
        } finally {
            deleteTree(root);
        }

        assertThat(Digest.sha256(dir.resolve("again.tar.gz"))).isEqualTo(image.layer().digest());
    }

    @Test
    void sameTreeGivesTheSameLayerDigest(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        // The same content created in opposite orders, at different times, so directory order and times differ.
        makeSmallTree(first, false, FileTime.fromMillis(1_000_000_000_000L));
        makeSmallTree(second, true, FileTime.fromMillis(1_700_000_000_000L));

        DebianBaseScript.writeLayer(first, dir.resolve("a.tar.gz"));
        DebianBaseScript.writeLayer(first, dir.resolve("b.tar.gz"));
        DebianBaseScript.writeLayer(second, dir.resolve("c.tar.gz"));

        Digest a = Digest.sha256(dir.resolve("a.tar.gz"));
        assertThat(Digest.sha256(dir.resolve("b.tar.gz"))).isEqualTo(a);
        assertThat(Digest.sha256(dir.resolve("c.tar.gz"))).isEqualTo(a);
    }

    @Test
    void layerWriterKeepsModesOwnersAndLinksButNotFifosOrTimes(@TempDir Path dir) throws IOException {
        Path tree = dir.resolve("tree");
        makeSmallTree(tree, false, FileTime.fromMillis(1_000_000_000_000L));
        DebianBaseScript.writeLayer(tree, dir.resolve("layer.tar.gz"));

        Map<String, TarArchiveEntry> entries = readLayer(dir.resolve("layer.tar.gz"));

        assertThat(entries.keySet()).containsExactly("etc/", "etc/group", "etc/hostname-link", "tmp/", "usr/",
                "usr/bin/", "usr/bin/tool", "usr/bin/tool-hardlink", "usr/bin/" + "x".repeat(120));
        assertThat(entries.get("tmp/").getMode() & 07777).isEqualTo(01777);
        assertThat(entries.get("usr/bin/tool").getMode() & 07777).isEqualTo(0755);
        assertThat(entries.get("etc/group").getLongUserId()).isEqualTo(1234);
        assertThat(entries.get("etc/group").getLongGroupId()).isEqualTo(42);
        assertThat(entries.get("etc/hostname-link").getLinkName()).isEqualTo("group");
        assertThat(entries.get("usr/bin/tool-hardlink").isLink()).isTrue();
        assertThat(entries.get("usr/bin/tool-hardlink").getLinkName()).isEqualTo("usr/bin/tool");
        for (TarArchiveEntry entry : entries.values()) {
            assertThat(entry.getModTime().getTime()).as(entry.getName()).isZero();
            assertThat(entry.getLastAccessTime()).as(entry.getName()).isNull();
            assertThat(entry.getStatusChangeTime()).as(entry.getName()).isNull();
            assertThat(entry.getUserName()).as(entry.getName()).isEmpty();
        }
    }

    private static void checkBookwormWithBash(Path root) throws IOException {
        assertThat(Files.readString(root.resolve("etc/debian_version"))).startsWith("12");
        // Merged /usr: bin is a link to usr/bin, so this also checks the links came out right.
        assertThat(root.resolve("bin/bash")).isExecutable();
        assertThat(Files.readSymbolicLink(root.resolve("bin"))).isEqualTo(Path.of("usr/bin"));
        assertThat(root.resolve("usr/bin/apt-get")).isExecutable();
        assertThat(root.resolve("dev")).isEmptyDirectory();
        assertThat(root.resolve("var/lib/apt/lists/partial")).isEmptyDirectory();
        assertThat(root.resolve("etc/resolv.conf")).doesNotExist();
        try (Stream<Path> logs = Files.walk(root.resolve("var/log"))) {
            assertThat(logs.filter(Files::isRegularFile)).isEmpty();
        }
    }

    /** A tree with what debootstrap makes: modes, owners, symlinks, a hard link, a long name, and a FIFO. */
    private static void makeSmallTree(Path root, boolean reverse, FileTime time) throws IOException {
        List<Runnable> steps = new ArrayList<>(List.of(
                io(() -> Files.createDirectories(root.resolve("tmp"))),
                io(() -> Files.createDirectories(root.resolve("etc"))),
                io(() -> Files.createDirectories(root.resolve("usr/bin")))));
        if (reverse) {
            Collections.reverse(steps);
        }
        Files.createDirectories(root);
        steps.forEach(Runnable::run);
        List<String> files = new ArrayList<>(List.of("etc/group", "usr/bin/tool", "usr/bin/" + "x".repeat(120)));
        if (reverse) {
            Collections.reverse(files);
        }
        for (String file : files) {
            Files.writeString(root.resolve(file), "content of " + file.length() + "\n", StandardCharsets.US_ASCII);
        }
        Files.setPosixFilePermissions(root.resolve("usr/bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("etc/group"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.createLink(root.resolve("usr/bin/tool-hardlink"), root.resolve("usr/bin/tool"));
        Files.createSymbolicLink(root.resolve("etc/hostname-link"), Path.of("group"));
        run("chmod", "1777", root.resolve("tmp").toString());
        run("chown", "1234:42", root.resolve("etc/group").toString());
        run("mkfifo", root.resolve("tmp/fifo").toString());
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.toList()) {
                // Opening a FIFO to set its time would wait for a writer.
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                        || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setLastModifiedTime(path, time);
                }
            }
        }
    }

    private interface IoStep {
        void run() throws IOException;
    }

    private static Runnable io(IoStep step) {
        return () -> {
            try {
                step.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static void run(String... command) {
        var result = Commands.run(List.of(command));
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    /** Unpacks directories, files, symlinks and hard links; refuses names that leave {@code root}. */
    private static void extract(Path gzippedTar, Path root) throws IOException {
        Files.createDirectories(root);
        try (var tar = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(gzippedTar)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path target = inside(root, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(target, inside(root, entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(rwx(entry.getMode())));
                }
            }
        }
    }

    /**
     * Deletes without following links; JUnit's own clean-up would warn about every absolute link
     * (etc/alternatives, usr/lib64) of the Debian tree.
     */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Path inside(Path root, String name) {
        Path target = root.resolve(name).normalize();
        // Lexical on purpose: the target does not exist yet, and links in the tree must not be followed.
        if (!target.startsWith(root)) {
            throw new AssertionError("tar entry " + name + " leaves the extraction directory " + root);
        }
        return target;
    }

    private static String rwx(int mode) {
        var bits = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int part = (mode >> shift) & 7;
            bits.append((part & 4) != 0 ? 'r' : '-')
                    .append((part & 2) != 0 ? 'w' : '-')
                    .append((part & 1) != 0 ? 'x' : '-');
        }
        return bits.toString();
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
