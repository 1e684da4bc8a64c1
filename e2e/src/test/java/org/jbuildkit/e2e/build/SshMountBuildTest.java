package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ExtraLayerImage;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Mount;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RUN --mount=type=ssh} through the real buildctl ({@code --ssh}) and daemon: the step runs
 * OpenSSH's own {@code ssh-add -l} (copied with its libraries into the test image) against the
 * forwarded socket, which answers with the fingerprint of the key the client's agent holds: a real
 * {@code ssh-agent} given by its socket, or a key file buildctl loads into a private agent.
 */
class SshMountBuildTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket("--oci-worker-snapshotter", "overlayfs");

    private static Path keys;
    private static Process agent;
    private static Path agentSocket;

    @BeforeAll
    static void setUp(@TempDir Path tmp) throws Exception {
        ExtraLayerImage image = ExtraLayerImage.on(BusyboxImage.build(tmp));
        Set<String> dirs = new LinkedHashSet<>();
        List<String> files = new ArrayList<>(List.of("/usr/bin/ssh-add"));
        files.addAll(sharedLibraries("/usr/bin/ssh-add"));
        for (String file : files) {
            for (Path d = Path.of(file).getParent(); d != null && d.getNameCount() > 0; d = d.getParent()) {
                dirs.add(d.toString().substring(1));
            }
        }
        dirs.stream().sorted().forEach(image::directory);
        files.forEach(f -> image.hostExecutable(f.substring(1), Path.of(f)));
        image.push(REGISTRY, "ssh-tools", "latest");

        keys = Files.createTempDirectory("ssh-keys");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "agent-key", "-f", keys.resolve("agent").toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "file-key", "-f", keys.resolve("file").toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "a passphrase", "-C", "locked", "-f",
                keys.resolve("locked").toString());
        agentSocket = keys.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", agentSocket.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // -D prints its environment once the socket listens.
        assertThat(new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))
                .readLine()).startsWith("SSH_AUTH_SOCK=");
        CommandResult added = Commands.run(List.of("ssh-add", keys.resolve("agent").toString()),
                Map.of("SSH_AUTH_SOCK", agentSocket.toString()), 30);
        assertThat(added.exitCode()).as(added.toString()).isZero();
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (agent != null) {
            agent.destroy();
            agent.waitFor();
        }
    }

    private static List<String> sharedLibraries(String binary) {
        CommandResult ldd = Commands.run(List.of("ldd", binary), Map.of(), 30);
        assertThat(ldd.exitCode()).as(ldd.toString()).isZero();
        List<String> libs = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)(?:=> )?(/\\S+) \\(0x").matcher(ldd.stdout());
        while (m.find()) {
            libs.add(m.group(1));
        }
        return libs;
    }

    private static void run(String... command) {
        CommandResult result = Commands.run(List.of(command), Map.of(), 30);
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    private static String fingerprint(String key) {
        CommandResult result = Commands.run(List.of("ssh-keygen", "-l", "-f", keys.resolve(key + ".pub").toString()),
                Map.of(), 30);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.stdout().split(" ")[1];
    }

    private static State tools() {
        return Llb.image(REGISTRY.host() + "/ssh-tools:latest");
    }

    private static CommandResult build(Path tmp, Definition definition, Map<String, String> env, String... extra)
            throws IOException {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", DAEMON.unixAddress(), "build", "--progress", "plain"));
        command.addAll(List.of(extra));
        return Commands.run(command, env, 180, file);
    }

    /** Lists the agent's keys into /out/keys and the socket's mode and owner into /out/stat. */
    private static Definition listKeys(Mount.Ssh mount, String socket) {
        return tools().run(Run.shell("mkdir -p /out && ssh-add -l > /out/keys"
                + " && stat -c '%a %u %g' " + socket + " > /out/stat && echo " + UUID.randomUUID())
                .withMount(mount)).root().marshal();
    }

    @Test
    void theClientsAgentSocketAnswersInsideTheStep(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CommandResult result = build(tmp, listKeys(Mount.ssh("default"), "$SSH_AUTH_SOCK"),
                Map.of("SSH_AUTH_SOCK", agentSocket.toString()),
                "--ssh", "default", "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(out.resolve("out/keys"))).contains(fingerprint("agent"), "agent-key");
        assertThat(Files.readString(out.resolve("out/stat")).strip()).isEqualTo("600 0 0");
        // The socket's mount point and the directories made for it are not in the result.
        assertThat(out.resolve("run")).doesNotExist();
    }

    /** A new step each time (a cached one would not run). */
    private static Definition removeAllKeys() {
        return tools().run(Run.shell("if ssh-add -D; then echo \"removed-\"all; fi; ssh-add -l; echo "
                + UUID.randomUUID()).withMount(Mount.ssh("default"))).root().marshal();
    }

    @Test
    void aBuildCannotRemoveTheClientsKeysUnlessTheAgentIsRaw(@TempDir Path tmp) throws Exception {
        CommandResult result = build(tmp, removeAllKeys(), Map.of(), "--ssh", "default=" + agentSocket);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).doesNotContain("removed-all").contains(fingerprint("agent"));
        CommandResult host = Commands.run(List.of("ssh-add", "-l"), Map.of("SSH_AUTH_SOCK", agentSocket.toString()), 30);
        assertThat(host.stdout()).contains(fingerprint("agent"));

        Path raw = tmp.resolve("raw");
        Files.createDirectories(raw);
        Process rawAgent = new ProcessBuilder("ssh-agent", "-D", "-a", raw.resolve("a.sock").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(new BufferedReader(new InputStreamReader(rawAgent.getInputStream(), StandardCharsets.UTF_8))
                    .readLine()).startsWith("SSH_AUTH_SOCK=");
            Map<String, String> env = Map.of("SSH_AUTH_SOCK", raw.resolve("a.sock").toString());
            assertThat(Commands.run(List.of("ssh-add", keys.resolve("file").toString()), env, 30).exitCode()).isZero();
            CommandResult rawResult = build(tmp, removeAllKeys(), Map.of(), "--ssh",
                    "default=" + raw.resolve("a.sock") + ",raw=true");
            assertThat(rawResult.exitCode()).as(rawResult.toString()).isZero();
            assertThat(rawResult.stderr()).contains("removed-all");
            assertThat(Commands.run(List.of("ssh-add", "-l"), env, 30).stdout()).doesNotContain(fingerprint("file"));
        } finally {
            rawAgent.destroy();
            rawAgent.waitFor();
        }
    }

    @Test
    void aKeyFileIsServedByAPrivateAgentWithTheMountsOwnerAndMode(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Mount.Ssh mount = Mount.ssh("deploy").withTarget("/tmp/deploy.sock").withOwner(1000, 1001).withMode(0660);
        CommandResult result = build(tmp, tools().run(Run.shell("mkdir -p /out"
                        + " && SSH_AUTH_SOCK=/tmp/deploy.sock ssh-add -l > /out/keys"
                        + " && stat -c '%a %u %g' /tmp/deploy.sock > /out/stat && echo " + UUID.randomUUID())
                        .withMount(mount)).root().marshal(), Map.of(),
                "--ssh", "deploy=" + keys.resolve("file"), "--output", "type=local,dest=" + out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(out.resolve("out/keys"))).contains(fingerprint("file"))
                .doesNotContain(fingerprint("agent"));
        assertThat(Files.readString(out.resolve("out/stat")).strip()).isEqualTo("660 1000 1001");
    }

    @Test
    void aMissingRequiredAgentFailsNamingTheFlagAndAnOptionalOneIsNoMount(@TempDir Path tmp) throws Exception {
        Definition required = tools().run(Run.shell("ssh-add -l; echo " + UUID.randomUUID())
                .withMount(Mount.ssh("default"))).root().marshal();
        CommandResult failed = build(tmp, required, Map.of());
        assertThat(failed.exitCode()).as(failed.toString()).isNotZero();
        assertThat(failed.stderr()).contains("no SSH key \"default\" forwarded from the client",
                "pass it with buildctl build --ssh default");

        CommandResult otherId = build(tmp, required, Map.of(), "--ssh", "other=" + agentSocket);
        assertThat(otherId.exitCode()).as(otherId.toString()).isNotZero();
        assertThat(otherId.stderr()).contains("no SSH key \"default\" forwarded from the client");

        Definition optional = tools().run(Run.shell("test ! -e /run/buildkit/ssh_agent.0 && echo \"no-\"agent-ok-"
                + UUID.randomUUID()).withMount(Mount.ssh("default").asOptional())).root().marshal();
        CommandResult skipped = build(tmp, optional, Map.of());
        assertThat(skipped.exitCode()).as(skipped.toString()).isZero();
        assertThat(skipped.stderr()).contains("no-agent-ok-");
    }

    @Test
    void aKeyWithAPassphraseIsRefusedBeforeTheBuild(@TempDir Path tmp) throws Exception {
        CommandResult result = build(tmp, listKeys(Mount.ssh("default"), "$SSH_AUTH_SOCK"), Map.of(),
                "--ssh", "default=" + keys.resolve("locked"));
        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).contains("ssh key " + keys.resolve("locked") + " is protected by a passphrase")
                .doesNotContain("#1 ");
    }
}
