package org.jbuildkit.client.ssh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An {@code ssh-agent} of this buildctl's own, holding the key files one {@code --ssh ID=KEY,…}
 * names (upstream keeps them in an in-process keyring; we let OpenSSH parse them). It listens in a
 * private directory and is stopped, with the directory removed, when the build ends. A key with a
 * passphrase is refused: there is nobody to ask for it.
 */
final class PrivateSshAgent implements AutoCloseable {
    /** Upstream reads at most this much of a key file. */
    private static final int MAX_KEY_BYTES = 100 * 1024;

    private final Path dir;
    private final Path socket;
    private final Process agent;

    private PrivateSshAgent(Path dir, Path socket, Process agent) {
        this.dir = dir;
        this.socket = socket;
        this.agent = agent;
    }

    /** Starts an agent holding {@code keys}; fails, naming the key and the fix, if one cannot be loaded. */
    static PrivateSshAgent start(String id, List<Path> keys) throws IOException {
        Path dir = Files.createTempDirectory("buildctl-ssh-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("agent.sock");
        Process agent;
        try {
            agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(dir.resolve("agent.log").toFile())
                    .start();
        } catch (IOException e) {
            deleteTree(dir);
            throw new IllegalArgumentException("--ssh " + id + " names key files, which buildctl loads into an"
                    + " ssh-agent of its own, but ssh-agent cannot be started (" + e.getMessage() + "): install"
                    + " openssh-client, or load the keys into your agent and pass --ssh " + id + "=$SSH_AUTH_SOCK", e);
        }
        PrivateSshAgent started = new PrivateSshAgent(dir, socket, agent);
        try {
            started.awaitListening(id);
            for (Path key : keys) {
                started.add(id, key);
            }
            return started;
        } catch (IOException | RuntimeException e) {
            started.close();
            throw e;
        }
    }

    Path socket() {
        return socket;
    }

    /** With {@code -D} the agent prints its environment once its socket is listening. */
    private void awaitListening(String id) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("SSH_AUTH_SOCK=")) {
            throw new IllegalArgumentException("the ssh-agent for --ssh " + id + " did not start: "
                    + Files.readString(dir.resolve("agent.log")).strip());
        }
        // Nothing more comes on stdout (its second line names the pid), so it is left unread.
    }

    private void add(String id, Path key) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(key)) {
            bytes = in.readNBytes(MAX_KEY_BYTES);
        } catch (IOException e) {
            throw new IllegalArgumentException("--ssh " + id + ": cannot read ssh key " + key + ": " + e.getMessage()
                    + "; give a readable private key file or an agent socket", e);
        }
        // OpenSSH refuses keys others may read; a private copy has the mode it wants whatever the original's.
        Path copy = dir.resolve("key");
        Files.write(copy, new byte[0]);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        try {
            Files.write(copy, bytes);
            Result check = run(List.of("ssh-keygen", "-y", "-P", "", "-f", copy.toString()), Map.of());
            if (check.exitCode() != 0) {
                if (check.stderr().contains("passphrase")) {
                    throw new IllegalArgumentException("--ssh " + id + ": ssh key " + key + " is protected by a"
                            + " passphrase, which buildctl cannot ask for: load it into your agent (ssh-add " + key
                            + ") and pass --ssh " + id + "=$SSH_AUTH_SOCK");
                }
                throw new IllegalArgumentException("--ssh " + id + ": " + key + " is neither an ssh agent socket nor"
                        + " a private key ssh-keygen can read (" + check.stderr().replace(copy.toString(), key.toString())
                        .strip() + "); give an unencrypted private key or a socket");
            }
            Result added = run(List.of("ssh-add", "-q", copy.toString()),
                    Map.of("SSH_AUTH_SOCK", socket.toString(), "SSH_ASKPASS_REQUIRE", "never"));
            if (added.exitCode() != 0) {
                throw new IllegalArgumentException("--ssh " + id + ": ssh-add could not load " + key + ": "
                        + added.stderr().replace(copy.toString(), key.toString()).strip());
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private record Result(int exitCode, String stderr) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("DISPLAY");
        builder.environment().putAll(env);
        Process p = builder.start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Result(p.waitFor(), stderr);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted running " + command.get(0));
        }
    }

    /** Stops the agent (it removes its socket) and deletes the private directory. */
    @Override
    public void close() {
        agent.destroy();
        try {
            agent.waitFor();
        } catch (InterruptedException e) {
            agent.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover empty temp directory holds no key: the key copy is deleted right after ssh-add.
        }
    }
}
