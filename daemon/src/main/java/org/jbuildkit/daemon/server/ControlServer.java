package org.jbuildkit.daemon.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.BuildkitAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's gRPC endpoints: one Netty server per {@code --addr}, unix sockets (mode 0660, owned by
 * {@code --group}) and tcp (optionally TLS, mutual when a CA is configured), all serving the same
 * services. Stopping cancels in-flight calls and removes the socket files.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final int MAX_MESSAGE = 16 << 20;

    private final List<Server> servers = new ArrayList<>();
    private final List<Path> socketFiles = new ArrayList<>();
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory());

    private final java.util.function.Consumer<Path> socketCreated;

    private ControlServer(java.util.function.Consumer<Path> socketCreated) {
        this.socketCreated = socketCreated;
    }

    public static ControlServer start(ListenerSpec spec, List<BindableService> services) throws IOException {
        return start(spec, services, path -> { });
    }

    /**
     * Starts the servers; {@code socketCreated} hears of each unix socket file as soon as it exists,
     * so a shutdown that comes before this method returns can still remove exactly those files.
     */
    public static ControlServer start(ListenerSpec spec, List<BindableService> services,
            java.util.function.Consumer<Path> socketCreated) throws IOException {
        ControlServer server = new ControlServer(socketCreated);
        try {
            SslContext ssl = spec.tls() ? serverSsl(spec) : null;
            for (BuildkitAddress address : spec.addresses()) {
                server.listen(address, spec, ssl, services);
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void listen(BuildkitAddress address, ListenerSpec spec, SslContext ssl, List<BindableService> services)
            throws IOException {
        NettyServerBuilder builder;
        if (address instanceof BuildkitAddress.Unix unix) {
            Path path = unix.path();
            prepareSocketPath(path);
            builder = NettyServerBuilder.forAddress(new DomainSocketAddress(path.toFile()))
                    .channelType(EpollServerDomainSocketChannel.class);
        } else {
            BuildkitAddress.Tcp tcp = (BuildkitAddress.Tcp) address;
            builder = NettyServerBuilder.forAddress(new InetSocketAddress(tcp.host(), tcp.port()))
                    .channelType(EpollServerSocketChannel.class);
            if (ssl != null) {
                builder.sslContext(ssl);
            } else {
                LOG.warn("listening on {} without TLS: anyone who can reach this port can run builds as this daemon",
                        address);
            }
        }
        builder.bossEventLoopGroup(boss).workerEventLoopGroup(workers).maxInboundMessageSize(MAX_MESSAGE)
                .permitKeepAliveWithoutCalls(true).permitKeepAliveTime(10, TimeUnit.SECONDS);
        services.forEach(builder::addService);
        Server server = builder.build();
        try {
            server.start();
            if (address instanceof BuildkitAddress.Unix unix) {
                socketCreated.accept(unix.path());
            }
        } catch (IOException e) {
            throw new IOException("cannot listen on " + address + ": " + rootMessage(e), e);
        }
        servers.add(server);
        if (address instanceof BuildkitAddress.Unix unix) {
            socketFiles.add(unix.path());
            secureSocket(unix.path(), spec.uid(), spec.gid());
        }
        LOG.info("running server on {}", address);
    }

    /** Creates the socket's directory; removes a stale socket file, but never one a live daemon answers on. */
    private static void prepareSocketPath(Path path) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        if (!Files.exists(path)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new IOException("cannot listen on unix://" + path + ": another daemon is answering on it;"
                    + " stop it or choose another --addr");
        } catch (IOException refused) {
            if (refused.getMessage() != null && refused.getMessage().startsWith("cannot listen")) {
                throw refused;
            }
            Files.delete(path);
        }
    }

    private static void secureSocket(Path path, int uid, int gid) throws IOException {
        Files.getFileAttributeView(path, PosixFileAttributeView.class)
                .setPermissions(PosixFilePermissions.fromString("rw-rw----"));
        try {
            if ((int) Files.getAttribute(path, "unix:uid") != uid) {
                Files.setAttribute(path, "unix:uid", uid);
            }
            if ((int) Files.getAttribute(path, "unix:gid") != gid) {
                Files.setAttribute(path, "unix:gid", gid);
            }
        } catch (IOException e) {
            throw new IOException("cannot give socket " + path + " to uid " + uid + ", gid " + gid
                    + " (--group / [grpc] uid, gid): " + rootMessage(e), e);
        }
    }

    private static SslContext serverSsl(ListenerSpec spec) throws IOException {
        if (spec.tlsCert() == null || spec.tlsKey() == null) {
            throw new IllegalArgumentException("TLS needs both --tlscert and --tlskey (or [grpc.tls] cert and key)");
        }
        for (Path file : new Path[] {spec.tlsCert(), spec.tlsKey(), spec.tlsCa()}) {
            if (file != null && !Files.isReadable(file)) {
                throw new IOException("TLS file " + file + " does not exist or is not readable");
            }
        }
        try {
            SslContextBuilder ssl = GrpcSslContexts.forServer(spec.tlsCert().toFile(), spec.tlsKey().toFile());
            if (spec.tlsCa() != null) {
                ssl.trustManager(spec.tlsCa().toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return ssl.build();
        } catch (IllegalArgumentException | IOException e) {
            throw new IOException("cannot load TLS files (cert " + spec.tlsCert() + ", key " + spec.tlsKey()
                    + ", ca " + spec.tlsCa() + "): " + rootMessage(e)
                    + "; keys must be PEM (PKCS#8 or PKCS#1), certificates PEM", e);
        }
    }

    /** Blocks until every server has terminated. */
    public void awaitTermination() throws InterruptedException {
        for (Server server : servers) {
            server.awaitTermination();
        }
    }

    /** Stops accepting, cancels in-flight calls after a short grace, removes socket files. */
    @Override
    public void close() {
        servers.forEach(Server::shutdown);
        for (Server server : servers) {
            try {
                if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                    server.awaitTermination(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                server.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        for (Path socket : socketFiles) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                LOG.warn("could not remove socket {}: {}", socket, e.getMessage());
            }
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
