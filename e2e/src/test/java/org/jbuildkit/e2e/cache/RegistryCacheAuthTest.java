package org.jbuildkit.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.e2e.cache.CacheBuilds.dockerfile;
import static org.jbuildkit.e2e.cache.CacheBuilds.notCached;
import static org.jbuildkit.e2e.cache.CacheBuilds.read;
import static org.jbuildkit.e2e.cache.CacheBuilds.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.AuthRegistryFixture;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry cache on a registry that wants a password (htpasswd over HTTPS), the credentials coming from the client's
 * {@code DOCKER_CONFIG} through the session: with them the cache is exported and imported all CACHED on a fresh
 * daemon; importing with a wrong password is an error naming the ref that never shows the password.
 */
class RegistryCacheAuthTest {
    private static final String PASSWORD = "cache-secret-4711";

    @RegisterExtension
    static final RegistryFixture PLAIN = RegistryFixture.plainHttp();
    @RegisterExtension
    static final AuthRegistryFixture AUTH = AuthRegistryFixture.htpasswd("erin", PASSWORD);

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(PLAIN, "busybox", "latest");
    }

    private static DaemonFixture daemonTrustingTheCa(Path dir) {
        try {
            Path config = Files.writeString(Files.createDirectories(dir).resolve("buildkitd.toml"),
                    "[registry.\"" + AUTH.host() + "\"]\n  http = false\n  ca = [\"" + AUTH.caCert() + "\"]\n");
            return DaemonFixture.unixSocket("--config", config.toString()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> dockerConfig(Path dir, String password) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), "{\"auths\": {\"" + AUTH.host() + "\": {\"auth\": \""
                    + Base64.getEncoder().encodeToString(("erin:" + password).getBytes(StandardCharsets.UTF_8))
                    + "\"}}}\n");
            return Map.of("DOCKER_CONFIG", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void withTheClientsCredentialsTheCacheIsExportedAndImportedAllCached(@TempDir Path tmp) {
        Path project = CacheBuilds.multiStage(tmp.resolve("project"), PLAIN.host(), "authenticated");
        String ref = AUTH.host() + "/cache/private:auth";
        Map<String, String> credentials = dockerConfig(tmp.resolve("docker"), PASSWORD);
        Path first = tmp.resolve("first");
        try (DaemonFixture a = daemonTrustingTheCa(tmp.resolve("a"))) {
            CommandResult exported = dockerfile(a.unixAddress(), project, credentials, "--output",
                    "type=local,dest=" + first, "--export-cache", "type=registry,ref=" + ref + ",mode=max");
            assertThat(exported.exitCode()).as(exported.toString()).isZero();
        }

        try (DaemonFixture b = daemonTrustingTheCa(tmp.resolve("b"))) {
            Path out = tmp.resolve("out");
            CommandResult imported = dockerfile(b.unixAddress(), project, credentials, "--output",
                    "type=local,dest=" + out, "--import-cache", "type=registry,ref=" + ref);
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            assertThat(steps(imported)).as(imported.stderr()).isNotEmpty();
            assertThat(notCached(imported)).as("steps that ran\n%s", imported.stderr()).isEmpty();
            assertThat(read(out.resolve("final"))).isEqualTo(read(first.resolve("final")));
        }
    }

    @Test
    void importingWithAWrongPasswordIsAnErrorNamingTheRefWithoutThePassword(@TempDir Path tmp) {
        Path project = CacheBuilds.singleStage(tmp.resolve("project"), PLAIN.host(), "wrong-password");
        String ref = AUTH.host() + "/cache/private:wrong";
        String wrong = "not-the-password-0815";
        try (DaemonFixture daemon = daemonTrustingTheCa(tmp.resolve("d"))) {
            CommandResult result = dockerfile(daemon.unixAddress(), project, dockerConfig(tmp.resolve("docker"), wrong),
                    "--output", "type=local,dest=" + tmp.resolve("out"), "--import-cache", "type=registry,ref=" + ref);

            assertThat(result.exitCode()).as(result.toString()).isNotZero();
            assertThat(result.stderr()).contains(ref).doesNotContain(wrong).doesNotContain(PASSWORD);
            assertThat(daemon.log()).doesNotContain(wrong);
        }
    }
}
