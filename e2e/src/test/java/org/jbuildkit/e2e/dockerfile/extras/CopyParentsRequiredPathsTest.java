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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code COPY --parents} through the real buildctl and daemon, as upstream's testCopyParentsMissingDirectory: the
 * parents are kept (below a {@code /./} pivot only), a missing path without wildcards fails naming it, a wildcard
 * matching nothing copies nothing; a missing path in the build context names the context.
 */
class CopyParentsRequiredPathsTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static String dockerfile() {
        String bb = REGISTRY.host() + "/busybox:latest";
        return "FROM " + bb + " AS base\n"
                + "WORKDIR /test\n"
                + "RUN mkdir -p a/b/c/d/e && touch a/b/c/d/foo a/b/c/d/e/bay\n"
                + "\n"
                + "FROM " + bb + " AS normal\n"
                + "COPY --from=base --parents /test/a/b/c/d /out/\n"
                + "RUN [ -d /out/test/a/b/c/d/e ] && [ -f /out/test/a/b/c/d/e/bay ] && [ ! -d /out/e ]"
                + " && [ ! -d /out/a ] && echo normal-ok\n"
                + "\n"
                + "FROM " + bb + " AS withpivot\n"
                + "COPY --from=base --parents /test/a/b/./c/d /out/\n"
                + "RUN [ -d /out/c/d/e ] && [ -f /out/c/d/foo ] && [ ! -d /out/a ] && [ ! -d /out/e ]"
                + " && echo withpivot-ok\n"
                + "\n"
                + "FROM " + bb + " AS nonexistentfile\n"
                + "COPY --from=base --parents /test/nonexistent-file /out/\n"
                + "\n"
                + "FROM " + bb + " AS wildcard-nonexistent\n"
                + "COPY --from=base --parents /test/a/b2*/c /out/\n"
                + "RUN [ -d /out ] && [ ! -d /out/a ] && echo wildcard-nonexistent-ok\n"
                + "\n"
                + "FROM " + bb + " AS wildcard-afterpivot\n"
                + "COPY --from=base --parents /test/a/b/./c2* /out/\n"
                + "RUN [ -d /out ] && [ ! -d /out/a ] && [ ! -d /out/c ] && echo wildcard-afterpivot-ok\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"normal", "withpivot", "wildcard-nonexistent", "wildcard-afterpivot"})
    void parentsAreKeptAndAWildcardMayMatchNothing(String target, @TempDir Path tmp) {
        Path project = ExtrasBuilds.project(tmp.resolve("project"), Map.of("Dockerfile", dockerfile()));
        CommandResult result = ExtrasBuilds.dockerfile(DAEMON.unixAddress(), project, "--opt", "target=" + target);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains(target + "-ok");
    }

    @Test
    void aMissingPathWithoutWildcardsFailsNamingIt(@TempDir Path tmp) {
        Path project = ExtrasBuilds.project(tmp.resolve("project"), Map.of("Dockerfile", dockerfile()));
        CommandResult result = ExtrasBuilds.dockerfile(DAEMON.unixAddress(), project, "--opt",
                "target=nonexistentfile");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("\"/test/nonexistent-file\": not found")
                .contains("Dockerfile:14").contains(">>> COPY --from=base --parents /test/nonexistent-file /out/");
    }

    @Test
    void aMissingPathInTheBuildContextNamesTheContext(@TempDir Path tmp) {
        Path project = ExtrasBuilds.project(tmp.resolve("project"), Map.of(
                "Dockerfile", "FROM scratch\nCOPY --parents foo1/foo2/bar /\nCOPY --parents foo1/missing /\n",
                "foo1/foo2/bar", "testing\n"));
        CommandResult result = ExtrasBuilds.dockerfile(DAEMON.unixAddress(), project);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("\"foo1/missing\" does not exist in the build context \"context\"");
    }

    @Test
    void presentContextPathsKeepTheirParents(@TempDir Path tmp) {
        Path project = ExtrasBuilds.project(tmp.resolve("project"), Map.of(
                "Dockerfile", "FROM scratch\nCOPY --parents foo1/foo2/bar /\nWORKDIR /test\n"
                        + "COPY --parents foo1/foo2/ba* .\n",
                "foo1/foo2/bar", "testing\n", "foo1/foo2/baz", "testing2\n", "foo1/other", "no\n"));
        Path out = tmp.resolve("out");
        CommandResult result = ExtrasBuilds.dockerfile(DAEMON.unixAddress(), project,
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(read(out.resolve("foo1/foo2/bar"))).isEqualTo("testing\n");
        assertThat(out.resolve("foo1/other")).doesNotExist();
        assertThat(read(out.resolve("test/foo1/foo2/bar"))).isEqualTo("testing\n");
        assertThat(read(out.resolve("test/foo1/foo2/baz"))).isEqualTo("testing2\n");
    }
}
