package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Mount;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code RUN --mount=type=secret} through the real buildctl ({@code --secret}) and daemon, on each
 * snapshotter: the step reads the secret with its owner and mode, and its plaintext is nowhere
 * afterwards: not under the daemon's directory (root, metadata, logs), not in the exported result,
 * not in the progress output.
 */
class SecretMountBuildTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture OVERLAY = DaemonFixture.unixSocket("--oci-worker-snapshotter", "overlayfs");
    @RegisterExtension
    static final DaemonFixture NATIVE = DaemonFixture.unixSocket("--oci-worker-snapshotter", "native");

    private static DaemonFixture daemon(String snapshotter) {
        return snapshotter.equals("native") ? NATIVE : OVERLAY;
    }

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static State busybox() {
        return Llb.image(REGISTRY.host() + "/busybox:latest");
    }

    private static CommandResult build(DaemonFixture daemon, Path tmp, Definition definition, Map<String, String> env,
            String... extra) throws IOException {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", daemon.unixAddress(), "build", "--progress", "plain"));
        command.addAll(List.of(extra));
        return Commands.run(command, env, 180, file);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overlayfs", "native"})
    void secretsFromAFileAndAnEnvVariableAreReadWithTheirOwnerAndModeAndLeaveNoTrace(String snapshotter,
            @TempDir Path tmp) throws Exception {
        DaemonFixture daemon = daemon(snapshotter);
        String fromFile = "file-secret-" + UUID.randomUUID();
        String fromEnv = "env-secret-" + UUID.randomUUID();
        String stepMarker = "step-" + UUID.randomUUID();
        Path secretFile = Files.writeString(tmp.resolve("token.txt"), fromFile);
        String script = "mkdir -p /out"
                + " && sha256sum /run/secrets/token | cut -d' ' -f1 > /out/token.sha"
                + " && stat -c '%a %u %g' /run/secrets/token > /out/token.stat"
                + " && sha256sum /deep/dir/api | cut -d' ' -f1 > /out/api.sha"
                + " && stat -c '%a %u %g' /deep/dir/api > /out/api.stat"
                + " && echo " + stepMarker;
        Definition def = busybox().run(Run.shell(script)
                .withMount(Mount.secret("/run/secrets/token", "token"))
                .withMount(Mount.secret("/deep/dir/api", "api").withOwner(1000, 1001).withMode(0440)))
                .root().marshal();
        Path out = tmp.resolve("out");
        CommandResult result = build(daemon, tmp, def, Map.of("JBK_TEST_API_SECRET", fromEnv),
                "--secret", "id=token,src=" + secretFile, "--secret", "id=api,env=JBK_TEST_API_SECRET",
                "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();

        assertThat(Files.readString(out.resolve("out/token.sha")).strip()).isEqualTo(sha256(fromFile));
        assertThat(Files.readString(out.resolve("out/token.stat")).strip()).isEqualTo("400 0 0");
        assertThat(Files.readString(out.resolve("out/api.sha")).strip()).isEqualTo(sha256(fromEnv));
        assertThat(Files.readString(out.resolve("out/api.stat")).strip()).isEqualTo("440 1000 1001");
        // No mount stub, nor the directories runc made for it, stays in the step's result.
        assertThat(out.resolve("run")).doesNotExist();
        assertThat(out.resolve("deep")).doesNotExist();

        // The walk does see what the daemon keeps of the step (its command, in records and history).
        assertThat(filesContaining(daemon.dir(), stepMarker)).isNotEmpty();
        for (String plaintext : List.of(fromFile, fromEnv)) {
            assertThat(result.stdout() + result.stderr()).doesNotContain(plaintext);
            assertThat(filesContaining(out, plaintext)).isEmpty();
            assertThat(filesContaining(daemon.dir(), plaintext)).as("files under the daemon's directory").isEmpty();
        }
    }

    @Test
    void theStepStaysCachedWhenOnlyTheSecretsValueChanges(@TempDir Path tmp) throws Exception {
        Path secretFile = Files.writeString(tmp.resolve("s"), "first-value-" + UUID.randomUUID());
        String marker = "cached-" + UUID.randomUUID();
        // The output differs from the command line by the quotes, so only a run prints it.
        Definition def = busybox().run(Run.shell("cat /run/secrets/s > /dev/null && echo \"ran-\"" + marker)
                .withMount(Mount.secret("/run/secrets/s", "s"))).root().marshal();
        CommandResult first = build(OVERLAY, tmp, def, Map.of(), "--secret", "id=s,src=" + secretFile);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stderr()).contains("ran-" + marker);

        Files.writeString(secretFile, "second-value-" + UUID.randomUUID());
        CommandResult second = build(OVERLAY, tmp, def, Map.of(), "--secret", "id=s,src=" + secretFile);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stderr()).containsPattern("#\\d+ \\[?[^\\n]*" + "cat /run/secrets/s[^\\n]*\\n#\\d+ CACHED")
                .doesNotContain("ran-" + marker);
    }

    @Test
    void anOptionalSecretTheClientDoesNotHaveIsNoMount(@TempDir Path tmp) throws Exception {
        Definition def = busybox().run(Run.shell("test ! -e /run/secrets/absent && echo optional-" + UUID.randomUUID()
                + "-ok").withMount(Mount.secret("/run/secrets/absent", "absent").asOptional())).root().marshal();
        CommandResult withoutFlags = build(OVERLAY, tmp, def, Map.of());
        assertThat(withoutFlags.exitCode()).as(withoutFlags.toString()).isZero();
        assertThat(withoutFlags.stderr()).containsPattern("optional-[0-9a-f-]+-ok");
    }

    @Test
    void aRequiredSecretTheClientDoesNotHaveFailsNamingTheFlag(@TempDir Path tmp) throws Exception {
        Path other = Files.writeString(tmp.resolve("other"), "other");
        Definition def = busybox().run(Run.shell("cat /run/secrets/needed; echo " + UUID.randomUUID())
                .withMount(Mount.secret("/run/secrets/needed", "needed"))).root().marshal();
        String message = "secret needed not found: pass it with buildctl build --secret id=needed,src=FILE";

        CommandResult noSecrets = build(OVERLAY, tmp, def, Map.of());
        assertThat(noSecrets.exitCode()).as(noSecrets.toString()).isNotZero();
        assertThat(noSecrets.stderr()).contains(message);

        CommandResult otherSecret = build(OVERLAY, tmp, def, Map.of(), "--secret", "id=other,src=" + other);
        assertThat(otherSecret.exitCode()).as(otherSecret.toString()).isNotZero();
        assertThat(otherSecret.stderr()).contains(message);
    }

    @Test
    void aSecretFileThatDoesNotExistIsRefusedBeforeTheBuild(@TempDir Path tmp) throws Exception {
        Definition def = busybox().run(Run.shell("true").withMount(Mount.secret("/s", "s"))).root().marshal();
        Path missing = tmp.resolve("no-such-file");
        CommandResult result = build(OVERLAY, tmp, def, Map.of(), "--secret", "id=s,src=" + missing);
        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).contains("secret s: " + missing + " does not exist")
                .doesNotContain("#1 ");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every regular file under {@code dir} whose name or bytes contain {@code text}. */
    static List<Path> filesContaining(Path dir, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(p -> {
                try {
                    if (p.getFileName() != null && p.getFileName().toString().contains(text)) {
                        found.add(p);
                    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && contains(Files.readAllBytes(p),
                            needle)) {
                        found.add(p);
                    }
                } catch (NoSuchFileException e) {
                    // Gone while walking (a WAL checkpoint, a temp file): nothing left to leak.
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
