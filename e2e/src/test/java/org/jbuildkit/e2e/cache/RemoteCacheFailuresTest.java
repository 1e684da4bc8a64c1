package org.jbuildkit.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.cache.CacheBuilds.dockerfile;
import static org.jbuildkit.e2e.cache.CacheBuilds.notCached;
import static org.jbuildkit.e2e.cache.CacheBuilds.read;
import static org.jbuildkit.e2e.cache.CacheBuilds.steps;
import static org.jbuildkit.e2e.cache.CacheBuilds.stepsNamed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How remote cache import and export fail: a cache ref that does not exist is a warning and the build goes on; a
 * cache registry that cannot be reached, or whose TLS certificate is not trusted, is an error naming the ref; an
 * unknown attribute is refused with the accepted keys; an export that fails fails the build unless
 * {@code ignore-error=true}; of several imports, the one that exists is used.
 */
class RemoteCacheFailuresTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final RegistryFixture TLS_REGISTRY = RegistryFixture.tls();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    /** A 127.0.0.1 port nothing listens on (it was free a moment ago and nobody here opens it again). */
    private static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void importingACacheRefThatDoesNotExistWarnsAndTheBuildGoesOn(@TempDir Path tmp) {
        Path project = CacheBuilds.singleStage(tmp.resolve("project"), REGISTRY.host(), "missing");
        String missing = REGISTRY.host() + "/cache:does-not-exist";
        Path out = tmp.resolve("out");
        CommandResult result = dockerfile(DAEMON.unixAddress(), project, "--output", "type=local,dest=" + out,
                "--import-cache", "type=registry,ref=" + missing + ",registry.insecure=true");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains(missing).contains("not found");
        assertThat(notCached(result, "RUN")).hasSize(1);
        assertThat(read(out.resolve("final"))).startsWith("app missing\n");
    }

    @Test
    void importingFromAPortNothingListensOnIsAnErrorNamingTheRef(@TempDir Path tmp) {
        Path project = CacheBuilds.singleStage(tmp.resolve("project"), REGISTRY.host(), "dead-import");
        String unreachable = "127.0.0.1:" + deadPort() + "/cache:x";
        CommandResult result = dockerfile(DAEMON.unixAddress(), project, "--output",
                "type=local,dest=" + tmp.resolve("out"),
                "--import-cache", "type=registry,ref=" + unreachable + ",registry.insecure=true");

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).contains(unreachable);
    }

    @Test
    void importingFromAnUntrustedTlsRegistryIsAnErrorNamingTheRef(@TempDir Path tmp) {
        Path project = CacheBuilds.singleStage(tmp.resolve("project"), REGISTRY.host(), "tls-import");
        String untrusted = TLS_REGISTRY.host() + "/cache:x";
        CommandResult result = dockerfile(DAEMON.unixAddress(), project, "--output",
                "type=local,dest=" + tmp.resolve("out"), "--import-cache", "type=registry,ref=" + untrusted);

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).contains(untrusted);
    }

    @Test
    void anUnknownCacheAttributeIsRefusedWithTheAcceptedKeys(@TempDir Path tmp) {
        Path project = CacheBuilds.singleStage(tmp.resolve("project"), REGISTRY.host(), "name-attr");
        CommandResult result = dockerfile(DAEMON.unixAddress(), project, "--output",
                "type=local,dest=" + tmp.resolve("out"),
                "--export-cache", "type=registry,name=" + REGISTRY.host() + "/cache:x,registry.insecure=true");

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).contains("\"name\"").contains("ref").contains("mode").contains("ignore-error");
        assertThat(stepsNamed(result, "RUN")).as("the build did not start").isEmpty();
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void anExportThatFailsFailsTheBuildUnlessIgnoreErrorIsSet(@TempDir Path tmp) {
        Path project = CacheBuilds.singleStage(tmp.resolve("project"), REGISTRY.host(), "export-failure");
        String unreachable = "127.0.0.1:" + deadPort();
        String export = "type=registry,ref=" + unreachable + "/cache:x,registry.insecure=true";

        CommandResult failing = dockerfile(DAEMON.unixAddress(), project, "--output",
                "type=local,dest=" + tmp.resolve("failing"), "--export-cache", export);
        assertThat(failing.exitCode()).as(failing.toString()).isNotZero();
        assertThat(failing.stderr()).contains(unreachable);

        Path out = tmp.resolve("ignored");
        CommandResult ignored = dockerfile(DAEMON.unixAddress(), project, "--output", "type=local,dest=" + out,
                "--export-cache", export + ",ignore-error=true");
        assertThat(ignored.exitCode()).as(ignored.toString()).isZero();
        assertThat(read(out.resolve("final"))).startsWith("app export-failure\n");
    }

    @Test
    void ofSeveralImportsTheOneThatExistsIsUsed(@TempDir Path tmp) {
        Path project = CacheBuilds.multiStage(tmp.resolve("project"), REGISTRY.host(), "several-imports");
        Path first = tmp.resolve("first");
        CommandResult exported = dockerfile(DAEMON.unixAddress(), project, "--output", "type=local,dest=" + first,
                "--export-cache", "type=registry,ref=" + REGISTRY.host() + "/cache:several,mode=max,"
                        + "registry.insecure=true");
        assertThat(exported.exitCode()).as(exported.toString()).isZero();

        try (DaemonFixture fresh = DaemonFixture.unixSocket().start()) {
            Path out = tmp.resolve("out");
            CommandResult result = dockerfile(fresh.unixAddress(), project, "--output", "type=local,dest=" + out,
                    "--import-cache", "type=registry,ref=" + REGISTRY.host() + "/cache:absent,registry.insecure=true",
                    "--import-cache", "type=registry,ref=" + REGISTRY.host() + "/cache:several,registry.insecure=true");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(steps(result)).as(result.stderr()).isNotEmpty();
            assertThat(notCached(result)).as("steps that ran\n%s", result.stderr()).isEmpty();
            assertThat(read(out.resolve("final"))).isEqualTo(read(first.resolve("final")));
        }
    }
}
