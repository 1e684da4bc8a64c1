package org.jbuildkit.client.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jbuildkit.session.Session;
import org.jbuildkit.session.sshforward.AgentSocket;
import org.jbuildkit.session.sshforward.AgentSocketProvider;
import org.jbuildkit.session.sshforward.SshForwarding;

/**
 * A build's {@code --ssh} agents on the client (upstream's {@code NewSSHAgentProvider}): each id
 * resolved to one agent socket before the build, either a socket given (or {@code $SSH_AUTH_SOCK})
 * or a {@link PrivateSshAgent} loaded with the key files given, and served over the session only
 * when {@code --ssh} was given. {@link #close} stops the private agents.
 */
public final class ClientSshAgents implements AutoCloseable {
    /** st_mode's file-type bits for a socket. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Map<String, AgentSocket> sockets = new LinkedHashMap<>();
    private final List<PrivateSshAgent> privateAgents = new ArrayList<>();
    private final ExecutorService pipes = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "buildctl-ssh-forward");
        t.setDaemon(true);
        return t;
    });

    private ClientSshAgents() {
    }

    public static ClientSshAgents prepare(List<String> flags) {
        return prepare(SshFlags.parse(flags), System.getenv("SSH_AUTH_SOCK"));
    }

    static ClientSshAgents prepare(List<AgentConfig> configs, String sshAuthSock) {
        ClientSshAgents agents = new ClientSshAgents();
        try {
            for (AgentConfig config : configs) {
                agents.add(config, sshAuthSock);
            }
        } catch (RuntimeException e) {
            agents.close();
            throw e;
        }
        return agents;
    }

    /** The socket each id forwards to. */
    Map<String, AgentSocket> sockets() {
        return Map.copyOf(sockets);
    }

    private void add(AgentConfig config, String sshAuthSock) {
        String id = config.id().isEmpty() ? SshForwarding.DEFAULT_ID : config.id();
        if (sockets.containsKey(id)) {
            throw new IllegalArgumentException("duplicate agent ID \"" + id + "\" in --ssh: give each --ssh its own ID");
        }
        List<String> paths = config.paths();
        if (paths.isEmpty() || paths.size() == 1 && paths.get(0).isEmpty()) {
            if (sshAuthSock == null || sshAuthSock.isEmpty()) {
                throw new IllegalArgumentException("--ssh " + id + ": invalid empty ssh agent socket: make sure"
                        + " SSH_AUTH_SOCK is set (eval $(ssh-agent); ssh-add), or give --ssh " + id
                        + "=/path/to/agent.sock or =/path/to/key");
            }
            paths = List.of(sshAuthSock);
        }
        Path socket = null;
        List<Path> keys = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p);
            if (isSocket(id, path)) {
                if (socket != null) {
                    throw new IllegalArgumentException("--ssh " + id + ": only a single socket allowed, got "
                            + socket + " and " + path);
                }
                socket = path.toAbsolutePath();
            } else {
                if (config.raw()) {
                    throw new IllegalArgumentException("--ssh " + id + ": raw mode only supported with socket paths,"
                            + " and " + path + " is not a socket");
                }
                keys.add(path);
            }
        }
        if (socket != null && !keys.isEmpty()) {
            throw new IllegalArgumentException("--ssh " + id + ": invalid combination of keys and sockets ("
                    + socket + " with " + keys + "): give either one agent socket or key files");
        }
        if (socket == null) {
            try {
                PrivateSshAgent agent = PrivateSshAgent.start(id, keys);
                privateAgents.add(agent);
                socket = agent.socket();
            } catch (IOException e) {
                throw new UncheckedIOException("--ssh " + id + ": cannot start an ssh-agent for " + keys + ": "
                        + e.getMessage(), e);
            }
        }
        sockets.put(id, new AgentSocket(socket, config.raw()));
    }

    private static boolean isSocket(String id, Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--ssh " + id + ": " + path + " does not exist: give an ssh agent"
                    + " socket (e.g. $SSH_AUTH_SOCK) or a private key file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--ssh " + id + ": cannot stat " + path + ": " + e.getMessage(), e);
        }
    }

    /** Attaches the SSH service when {@code --ssh} was given, so the daemon sees only what exists. */
    public void attachTo(Session session) {
        if (!sockets.isEmpty()) {
            session.allow(new AgentSocketProvider(sockets, pipes).definition());
        }
    }

    @Override
    public void close() {
        privateAgents.forEach(PrivateSshAgent::close);
        pipes.shutdownNow();
    }
}
