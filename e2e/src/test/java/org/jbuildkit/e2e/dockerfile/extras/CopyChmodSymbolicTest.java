package org.jbuildkit.e2e.dockerfile.extras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.dockerfile.extras.ExtrasBuilds.read;

import java.nio.file.Path;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code COPY --chmod} in chmod's symbolic form through the real buildctl and daemon: each copied file and
 * directory gets the mode applied to its own mode ({@code X} only where something was executable or a directory),
 * as the container sees them; a malformed mode is refused at its line.
 */
class CopyChmodSymbolicTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    @Test
    void symbolicModesApplyToEachCopiedFileFromItsOwnMode(@TempDir Path tmp) {
        Path project = ExtrasBuilds.project(tmp.resolve("project"), Map.of(
                "Dockerfile", "FROM " + REGISTRY.host() + "/busybox:latest\n"
                        + "COPY --chmod=u+x,go-w run.sh /bin/run.sh\n"
                        + "ARG TREE_MODE=a=rX,u+w\n"
                        + "COPY --chmod=$TREE_MODE tree /tree/\n"
                        + "COPY --chmod=o=u <<EOF /doc.txt\nhello\nEOF\n"
                        + "RUN cd / && stat -c '%n %a' bin/run.sh tree/notes tree/tool tree/sub tree/sub/deep doc.txt"
                        + " > /modes.txt\n",
                "run.sh", "#!/bin/sh\necho run\n", "tree/notes", "n\n", "tree/tool", "#!/bin/sh\n",
                "tree/sub/deep", "d\n"));
        ExtrasBuilds.chmod(project.resolve("run.sh"), "rw-rw-rw-");
        ExtrasBuilds.chmod(project.resolve("tree/notes"), "rw-------");
        ExtrasBuilds.chmod(project.resolve("tree/tool"), "rwx------");
        ExtrasBuilds.chmod(project.resolve("tree/sub"), "rwx------");
        ExtrasBuilds.chmod(project.resolve("tree/sub/deep"), "rw-rw----");
        Path out = tmp.resolve("out");
        CommandResult result = ExtrasBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(read(out.resolve("modes.txt")).lines()).containsExactly(
                "bin/run.sh 744",
                "tree/notes 644",
                "tree/tool 755",
                "tree/sub 755",
                "tree/sub/deep 644",
                "doc.txt 666");
        assertThat(read(out.resolve("bin/run.sh"))).isEqualTo("#!/bin/sh\necho run\n");
    }

    @Test
    void aMalformedSymbolicModeIsRefusedAtItsLine(@TempDir Path tmp) {
        Path project = ExtrasBuilds.project(tmp.resolve("project"), Map.of(
                "Dockerfile", "FROM " + REGISTRY.host() + "/busybox:latest\nCOPY --chmod=u+q run.sh /run.sh\n",
                "run.sh", "x\n"));
        CommandResult result = ExtrasBuilds.dockerfile(DAEMON.unixAddress(), project);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("invalid chmod parameter: 'u+q'").contains("Dockerfile:2");
    }
}
