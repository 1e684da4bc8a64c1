package org.jbuildkit.e2e.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.export.ImageArchives.config;
import static org.jbuildkit.e2e.export.ImageArchives.files;
import static org.jbuildkit.e2e.export.ImageArchives.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.llb.FileActions;
import org.jbuildkit.llb.Llb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SOURCE_DATE_EPOCH} with {@code rewrite-timestamp=true} across daemons: the same files, built on two daemons
 * with different snapshotters (overlayfs and native) at different times and exported with the same epoch, give
 * byte-identical archives and one manifest digest (a directory's time changes when a file is made in it, so without
 * the rewrite the layers differ, as upstream's do).
 */
class ReproducibleArchiveTest {
    @RegisterExtension
    static final DaemonFixture OVERLAY = DaemonFixture.unixSocket("--oci-worker-snapshotter", "overlayfs");
    @RegisterExtension
    static final DaemonFixture NATIVE = DaemonFixture.unixSocket("--oci-worker-snapshotter", "native");

    private static final Instant FILE_TIME = Instant.parse("2023-01-02T03:04:05Z");

    private static Definition fixedFiles() {
        return Llb.scratch()
                .file(FileActions.mkdir("/app", 0755, true, null, FILE_TIME))
                .file(FileActions.mkfile("/app/hello.txt", 0644, "hello\n".getBytes(StandardCharsets.UTF_8), null,
                        FILE_TIME))
                .marshal();
    }

    private static Path export(DaemonFixture daemon, Path tmp, String name, String output) throws Exception {
        Path def = Files.write(tmp.resolve("def-" + name), fixedFiles().toByteArray());
        Path archive = tmp.resolve(name + ".tar");
        CommandResult result = Commands.run(List.of(ProjectLayout.buildctl().toString(), "--addr",
                daemon.unixAddress(), "build", "--progress", "plain", "--opt", "build-arg:SOURCE_DATE_EPOCH=1700000000",
                "--output", output + ",dest=" + archive), Map.of(), 180, def);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return archive;
    }

    @Test
    void twoDaemonsOnDifferentSnapshottersGiveTheSameArchive(@TempDir Path tmp) throws Exception {
        Path overlay = export(OVERLAY, tmp, "overlay", "type=oci,name=example.test/repro:1,rewrite-timestamp=true");
        Path nativeArchive = export(NATIVE, tmp, "native", "type=oci,name=example.test/repro:1,rewrite-timestamp=true");

        Map<String, byte[]> files = files(overlay);
        assertThat(json(files(nativeArchive).get("index.json"))).isEqualTo(json(files.get("index.json")));
        assertThat(Files.readAllBytes(nativeArchive)).isEqualTo(Files.readAllBytes(overlay));
        assertThat(config(files).path("rootfs").path("diff_ids")).hasSize(2);
        assertThat(config(files).path("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
        JsonNode manifest = ImageArchives.manifest(files);
        assertThat(manifest.path("layers")).hasSize(2);
    }

    @Test
    void theDockerArchiveIsReproducibleToo(@TempDir Path tmp) throws Exception {
        String output = "type=docker,name=repro:2,compression=zstd,rewrite-timestamp=true";
        Path overlay = export(OVERLAY, tmp, "overlay", output);
        Path nativeArchive = export(NATIVE, tmp, "native", output);

        assertThat(Files.readAllBytes(nativeArchive)).isEqualTo(Files.readAllBytes(overlay));
    }
}
