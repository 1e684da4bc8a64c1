package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ExtraLayerImage;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An image whose layer tries to write outside the root file system is refused when the daemon
 * unpacks it, on both snapshotters: the build fails naming the entry, nothing lands outside the
 * snapshot, and the daemon goes on building other images.
 */
class HostileLayerBuildTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture OVERLAY = DaemonFixture.unixSocket("--oci-worker-snapshotter", "overlayfs");
    @RegisterExtension
    static final DaemonFixture NATIVE = DaemonFixture.unixSocket("--oci-worker-snapshotter", "native");

    private static BusyboxImage base;

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        base = BusyboxImage.build(tmp);
        base.push(REGISTRY, "busybox", "latest");
    }

    /** A hostile layer (given the unique name of what it tries to write) and the entry the error names. */
    private record Attack(String name, UnaryOperator<ExtraLayerImage> layer, String entry) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> attacks() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        List<Attack> attacks = List.of(
                new Attack("dot-dot", l -> l.file("../../../../../../tmp/dotdot-" + id, "x"),
                        "../../../../../../tmp/dotdot-" + id),
                new Attack("absolute", l -> l.file("/tmp/absolute-" + id, "x"), "/tmp/absolute-" + id),
                new Attack("through an absolute symlink", l -> l.symlink("evil", "/tmp").file("evil/abs-link-" + id, "x"),
                        "evil/abs-link-" + id),
                new Attack("through a relative symlink", l -> l.symlink("up", "../../../../../../../tmp")
                        .file("up/rel-link-" + id, "x"), "up/rel-link-" + id),
                new Attack("hardlink out of the tree", l -> l.hardlink("stolen-" + id, "../../../../../../etc/hostname"),
                        "stolen-" + id));
        return attacks.stream().flatMap(a -> Stream.of(Arguments.of("overlayfs", a), Arguments.of("native", a)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("attacks")
    void aLayerWritingOutsideTheRootIsRefusedAndNothingEscapes(String snapshotter, Attack attack, @TempDir Path tmp)
            throws Exception {
        DaemonFixture daemon = snapshotter.equals("native") ? NATIVE : OVERLAY;
        String repository = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        attack.layer().apply(ExtraLayerImage.on(base).file("harmless", "ok")).push(REGISTRY, repository, "latest");

        CommandResult result = build(daemon, tmp, REGISTRY.host() + "/" + repository + ":latest", "echo unpacked");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("entry '" + attack.entry() + "'")
                .contains("escapes the root file system").doesNotContain("unpacked\n");
        String written = attack.entry().substring(attack.entry().lastIndexOf('/') + 1);
        try (Stream<Path> found = Files.find(Path.of("/tmp"), 8, (p, a) -> p.getFileName() != null
                && p.getFileName().toString().equals(written) && !p.startsWith(daemon.root()))) {
            assertThat(found.toList()).as("files the layer wrote outside the daemon's root").isEmpty();
        }
        assertThat(Files.readString(Path.of("/etc/hostname"))).as("the hardlink target is untouched").isNotEmpty();

        CommandResult next = build(daemon, tmp, REGISTRY.host() + "/busybox:latest", "echo still-building");
        assertThat(next.exitCode()).as(next.toString()).isZero();
    }

    private static CommandResult build(DaemonFixture daemon, Path tmp, String image, String command) throws Exception {
        Path def = Files.write(tmp.resolve("def-" + System.nanoTime()),
                Llb.image(image).run(Run.shell(command)).root().marshal().toByteArray());
        return Commands.run(List.of(ProjectLayout.buildctl().toString(), "--addr", daemon.unixAddress(), "build",
                "--progress", "plain"), Map.of(), 120, def);
    }
}
