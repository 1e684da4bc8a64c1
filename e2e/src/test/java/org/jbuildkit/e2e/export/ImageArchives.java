package org.jbuildkit.e2e.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.ExternalTool;

/** Reading image archives in tests: their files, their JSON, skopeo's view of them. */
final class ImageArchives {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SKOPEO_TIMEOUT = Duration.ofSeconds(120);

    private ImageArchives() {
    }

    /** Every file of the tarball by name. */
    static Map<String, byte[]> files(Path tar) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                if (entry.isFile()) {
                    files.put(entry.getName(), archive.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tar, e);
        }
        return files;
    }

    static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** The blob a digest names, from the archive's {@code blobs/sha256/}. */
    static byte[] blob(Map<String, byte[]> files, String digest) {
        byte[] blob = files.get("blobs/sha256/" + digest.substring("sha256:".length()));
        if (blob == null) {
            throw new AssertionError("the archive has no blob " + digest + "; it has " + files.keySet());
        }
        return blob;
    }

    /** The single image manifest index.json points at. */
    static JsonNode manifest(Map<String, byte[]> files) {
        JsonNode index = json(files.get("index.json"));
        return json(blob(files, index.path("manifests").get(0).path("digest").asText()));
    }

    static JsonNode config(Map<String, byte[]> files) {
        return json(blob(files, manifest(files).path("config").path("digest").asText()));
    }

    static String skopeo(String... args) {
        return ExternalTool.SKOPEO.run(SKOPEO_TIMEOUT, args);
    }

    /**
     * Runs podman on a private store under {@code dir} (vfs driver, cgroupfs, runc: what works on this machine),
     * returning its standard output; fails on a non-zero exit.
     */
    static String podman(Path dir, String... args) {
        Path podman = Path.of("/usr/bin/podman");
        if (!Files.isExecutable(podman)) {
            throw new IllegalStateException(podman + " is missing: the end-to-end tests need Debian's podman"
                    + " package. Fix: run scripts/install-deps.sh, or apt-get install -y --no-install-recommends podman");
        }
        List<String> command = new ArrayList<>(List.of(podman.toString(), "--root", dir.resolve("root").toString(),
                "--runroot", dir.resolve("run").toString(), "--tmpdir", dir.resolve("tmp").toString(),
                "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "file"));
        command.addAll(List.of(args));
        CommandResult result = Commands.run(command, Map.of(), 180);
        if (result.exitCode() != 0) {
            throw new AssertionError("podman " + String.join(" ", args) + " failed: " + result);
        }
        return result.stdout();
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
