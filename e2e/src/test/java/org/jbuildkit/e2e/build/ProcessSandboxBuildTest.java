package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps get their own PID namespace by default; {@code --oci-worker-no-process-sandbox} runs them
 * in the daemon's, as upstream (and the worker's process-mode label says which).
 */
class ProcessSandboxBuildTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture SANDBOXED = DaemonFixture.unixSocket();
    @RegisterExtension
    static final DaemonFixture UNSANDBOXED = DaemonFixture.unixSocket("--oci-worker-no-process-sandbox");

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    @Test
    void aSandboxedStepIsPidOneOfItsOwnNamespace(@TempDir Path tmp) throws Exception {
        assertThat(pidOne(SANDBOXED, tmp)).isEqualTo("sh");
        assertThat(labels(SANDBOXED)).containsPattern("oci\\.process-mode:\\s+sandbox\n");
    }

    @Test
    void withoutTheSandboxAStepSeesTheDaemonsProcesses(@TempDir Path tmp) throws Exception {
        assertThat(pidOne(UNSANDBOXED, tmp)).isNotEqualTo("sh").isNotEmpty();
        assertThat(labels(UNSANDBOXED)).containsPattern("oci\\.process-mode:\\s+no-sandbox\n");
    }

    /** The command name of PID 1 as a step sees it. */
    private static String pidOne(DaemonFixture daemon, Path tmp) throws Exception {
        Path def = Files.write(tmp.resolve("def"), Llb.image(REGISTRY.host() + "/busybox:latest")
                .run(Run.shell("echo pid1=$(cat /proc/1/comm); : " + UUID.randomUUID())).root().marshal()
                .toByteArray());
        CommandResult result = Commands.run(List.of(ProjectLayout.buildctl().toString(), "--addr",
                daemon.unixAddress(), "build", "--progress", "plain"), Map.of(), 120, def);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Matcher m = Pattern.compile("\\d{3} pid1=(\\S*)").matcher(result.stderr());
        assertThat(m.find()).as(result.stderr()).isTrue();
        return m.group(1);
    }

    private static String labels(DaemonFixture daemon) {
        CommandResult labels = Commands.buildctl("--addr", daemon.unixAddress(), "debug", "labels");
        assertThat(labels.exitCode()).as(labels.toString()).isZero();
        return labels.stdout();
    }
}
