package org.jbuildkit.e2e.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.dockerfile.DockerfileBuilds.read;

import java.nio.file.Path;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.GitDaemonFixture;
import org.jbuildkit.e2e.fixtures.GitRepository;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instructions whose effect shows in the files of the result, through the real buildctl and daemon: USER by name
 * (looked up in the stage's own /etc/passwd), WORKDIR relative to the last one, ENV expanded in COPY's destination,
 * SHELL, the predefined platform ARGs, ONBUILD triggers of a base stage, and ADD of a git repository.
 */
class DockerfileInstructionsTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();
    @RegisterExtension
    static final GitDaemonFixture GIT = new GitDaemonFixture();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static String from() {
        return "FROM " + REGISTRY.host() + "/busybox:latest";
    }

    private static Path build(Path tmp, String dockerfile, Map<String, String> files) {
        java.util.Map<String, String> all = new java.util.HashMap<>(files);
        all.put("Dockerfile", dockerfile);
        Path project = DockerfileBuilds.project(tmp.resolve("project"), all);
        Path out = tmp.resolve("out");
        CommandResult result = DockerfileBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return out;
    }

    @Test
    void userByNameWorkdirEnvAndShellShapeTheSteps(@TempDir Path tmp) throws Exception {
        Path out = build(tmp, from() + "\n"
                + "RUN echo 'app:x:4242:4343::/home/app:/bin/sh' >> /etc/passwd && echo 'app:x:4343:' >> /etc/group\n"
                + "ENV DEST=/opt/app\n"
                + "COPY hello.txt $DEST/\n"
                + "WORKDIR /srv\n"
                + "WORKDIR data\n"
                + "RUN pwd > /pwd\n"
                + "SHELL [\"/bin/sh\", \"-c\", \"echo shell-was-used > /shell; eval \\\"$0\\\"\"]\n"
                + "RUN true\n"
                + "USER app\n"
                + "RUN id > /tmp/id\n", Map.of("hello.txt", "hello\n"));
        assertThat(read(out.resolve("opt/app/hello.txt"))).isEqualTo("hello\n");
        assertThat(read(out.resolve("pwd"))).isEqualTo("/srv/data\n");
        assertThat(read(out.resolve("shell"))).isEqualTo("shell-was-used\n");
        assertThat(read(out.resolve("tmp/id"))).startsWith("uid=4242(app) gid=4343(app)");
    }

    @Test
    void predefinedPlatformArgsAreSetWhenDeclared(@TempDir Path tmp) throws Exception {
        Path out = build(tmp, from() + "\nARG TARGETOS\nARG TARGETARCH\nARG BUILDPLATFORM\n"
                + "RUN echo \"$TARGETOS/$TARGETARCH $BUILDPLATFORM\" > /platform\n", Map.of());
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
        assertThat(read(out.resolve("platform"))).isEqualTo("linux/" + arch + " linux/" + arch + "\n");
    }

    @Test
    void onbuildTriggersOfABaseStageRunInTheStageBuiltOnIt(@TempDir Path tmp) throws Exception {
        Path out = build(tmp, from() + " AS base\nONBUILD RUN echo triggered > /onbuild\nRUN echo base > /base\n\n"
                + "FROM base\nRUN cat /onbuild > /seen\n", Map.of());
        assertThat(read(out.resolve("seen"))).isEqualTo("triggered\n");
    }

    @Test
    void addOfAGitRepositoryChecksItOut(@TempDir Path tmp) throws Exception {
        GitRepository repo = GIT.repository("dockerfile-add.git");
        repo.write(Map.of("README", "from git\n", "src/main.c", "int main;\n"));
        repo.commit("one");
        Path out = build(tmp, "FROM scratch\nADD " + GIT.url("dockerfile-add.git") + "#main /src/\n", Map.of());
        assertThat(read(out.resolve("src/README"))).isEqualTo("from git\n");
        assertThat(read(out.resolve("src/src/main.c"))).isEqualTo("int main;\n");
        assertThat(out.resolve("src/.git")).doesNotExist();
    }
}
