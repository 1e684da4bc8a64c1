package org.jbuildkit.e2e.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.export.ImageArchives.files;
import static org.jbuildkit.e2e.export.ImageArchives.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon restarted on the same root serves the build from its cache and still knows each layer's blob: the
 * pulled base layer is the registry's blob, not a recompression of its snapshot, and the step's layer is the blob
 * the first export made.
 */
class ArchiveAfterRestartTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();

    private static CommandResult export(DaemonFixture daemon, Path tmp, Definition def, Path archive) throws Exception {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), def.toByteArray());
        CommandResult result = Commands.run(List.of(ProjectLayout.buildctl().toString(), "--addr",
                daemon.unixAddress(), "build", "--progress", "plain", "--output", "type=oci,dest=" + archive),
                Map.of(), 300, file);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private static List<String> layers(Path archive) {
        List<String> digests = new ArrayList<>();
        for (JsonNode layer : manifest(files(archive)).path("layers")) {
            digests.add(layer.path("digest").asText());
        }
        return digests;
    }

    @Test
    void theBlobsOfCachedLayersAreKnownAfterARestart(@TempDir Path tmp) throws Exception {
        // The prebuilt image's layers were compressed by another tool: a recompression would not match them.
        BusyboxImage.pushLayout(REGISTRY, "busybox", "latest");
        List<String> base = BusyboxImage.prebuiltLayout().layers().stream().map(l -> l.digest().toString()).toList();
        Definition def = Llb.image(REGISTRY.host() + "/busybox:latest")
                .run(Run.shell("echo restart > /restart.txt")).root().marshal();
        Path before = tmp.resolve("before.tar");
        Path after = tmp.resolve("after.tar");
        Path root;
        try (DaemonFixture first = DaemonFixture.unixSocket().start()) {
            root = first.root();
            export(first, tmp, def, before);
            first.stop();
            try (DaemonFixture second = DaemonFixture.onRoot(root).start()) {
                CommandResult again = export(second, tmp, def, after);
                assertThat(again.stderr()).contains("CACHED");
            }
        }

        assertThat(layers(before)).hasSize(base.size() + 1).startsWith(base.toArray(String[]::new));
        assertThat(layers(after)).isEqualTo(layers(before));
    }
}
