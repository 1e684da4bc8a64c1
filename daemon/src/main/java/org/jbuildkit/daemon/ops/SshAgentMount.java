package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jbuildkit.api.pb.Mount;
import org.jbuildkit.api.pb.SSHOpt;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.daemon.worker.executor.ExecMount;
import org.jbuildkit.session.manager.Caller;
import org.jbuildkit.session.sshforward.SshForwardCalls;
import org.jbuildkit.session.sshforward.SshForwarding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code RUN --mount=type=ssh} for one step (upstream's {@code MountSSHSocket}): a unix socket in
 * a private directory, owned and moded as the mount asks and bound in at its destination; every
 * connection the step makes is one ForwardAgent stream to the client's agent. {@link #close} stops
 * listening, ends the connections and removes the directory.
 */
final class SshAgentMount implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshAgentMount.class);

    private final String id;
    private final Caller caller;
    private final Path dir;
    private final Path socket;
    private final ServerSocketChannel listener;
    private final ExecutorService connections;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    private SshAgentMount(String id, Caller caller, Path dir, Path socket, ServerSocketChannel listener) {
        this.id = id;
        this.caller = caller;
        this.dir = dir;
        this.socket = socket;
        this.listener = listener;
        this.connections = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "ssh-forward-" + id);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Checks the client forwards the mount's agent and starts listening; empty when an optional
     * agent is missing. A required one that is missing fails naming {@code --ssh}.
     */
    static Optional<SshAgentMount> open(Mount mount, SessionGroup sessions) throws IOException {
        SSHOpt opt = mount.getSSHOpt();
        String id = opt.getID().isEmpty() ? SshForwarding.DEFAULT_ID : opt.getID();
        Caller caller = sessions.ids().isEmpty() ? null : sessions.caller();
        if (caller == null || !SshForwardCalls.hasAgent(caller, id)) {
            if (opt.getOptional()) {
                return Optional.empty();
            }
            String flag = id.equals(SshForwarding.DEFAULT_ID) ? "--ssh default" : "--ssh " + id + "=SOCKET_OR_KEY";
            throw new IllegalArgumentException("no SSH key \"" + id + "\" forwarded from the client for the mount at "
                    + mount.getDest() + ": pass it with buildctl build " + flag + ", or mark the mount optional");
        }
        Path dir = Files.createTempDirectory("buildkit-ssh-sock-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("ssh_auth_sock");
        ServerSocketChannel listener = null;
        try {
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socket));
            Files.setAttribute(socket, "unix:uid", opt.getUid());
            Files.setAttribute(socket, "unix:gid", opt.getGid());
            Files.setAttribute(socket, "unix:mode", opt.getMode() & 0777);
        } catch (IOException | RuntimeException e) {
            if (listener != null) {
                listener.close();
            }
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
            throw e;
        }
        SshAgentMount agent = new SshAgentMount(id, caller, dir, socket, listener);
        agent.connections.execute(agent::acceptLoop);
        return Optional.of(agent);
    }

    ExecMount execMount(String destination) {
        return new ExecMount.Bind(socket, destination, false);
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel conn;
            try {
                conn = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.debug("ssh agent {}: accept failed: {}", id, e.toString());
                return;
            }
            open.add(conn);
            connections.execute(() -> {
                try {
                    SshForwardCalls.forward(caller, id, conn, connections);
                } catch (RuntimeException e) {
                    LOG.debug("ssh agent {}: forwarding a connection failed: {}", id, e.toString());
                } finally {
                    open.remove(conn);
                }
            });
        }
    }

    @Override
    public void close() throws IOException {
        try {
            listener.close();
            for (SocketChannel conn : open) {
                conn.close();
            }
        } finally {
            connections.shutdownNow();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }
}
