package org.jbuildkit.client.connection;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.BuildkitAddress;

/**
 * One gRPC channel to a buildkitd, over a unix socket or TCP (optionally with mutual TLS).
 * Message limits follow upstream's client (16 MiB).
 */
public final class DaemonConnection implements AutoCloseable {
    private static final int MAX_MESSAGE = 16 << 20;
    /**
     * A failed build's trailers carry its typed error details, with the source file of the failing
     * step (a whole Dockerfile): far more than gRPC's 8 KiB default, which would turn the error into
     * an HTTP/2 protocol failure.
     */
    private static final int MAX_METADATA = 4 << 20;

    private final BuildkitAddress address;
    private final ManagedChannel channel;
    private final EventLoopGroup eventLoop;
    private final boolean tls;

    private DaemonConnection(BuildkitAddress address, boolean tls, ManagedChannel channel, EventLoopGroup eventLoop) {
        this.address = address;
        this.tls = tls;
        this.channel = channel;
        this.eventLoop = eventLoop;
    }

    public static DaemonConnection open(BuildkitAddress address, TlsOptions tls, int connectTimeoutSeconds) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        NettyChannelBuilder builder;
        if (address instanceof BuildkitAddress.Unix unix) {
            if (tls.enabled()) {
                group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                throw new IllegalArgumentException("TLS flags (--tlscacert/--tlscert/--tlskey) apply only to tcp:// "
                        + "addresses, not to " + address);
            }
            builder = NettyChannelBuilder.forAddress(new DomainSocketAddress(unix.path().toFile()))
                    .channelType(EpollDomainSocketChannel.class)
                    .overrideAuthority("localhost")
                    .usePlaintext();
        } else {
            BuildkitAddress.Tcp tcp = (BuildkitAddress.Tcp) address;
            builder = NettyChannelBuilder.forAddress(tcp.host(), tcp.port())
                    .channelType(EpollSocketChannel.class);
            if (tls.enabled()) {
                builder.sslContext(sslContext(tls));
                if (tls.serverName() != null && !tls.serverName().isEmpty()) {
                    builder.overrideAuthority(tls.serverName());
                }
            } else {
                builder.usePlaintext();
            }
        }
        ManagedChannel channel = builder.eventLoopGroup(group)
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.max(1, connectTimeoutSeconds) * 1000)
                .maxInboundMessageSize(MAX_MESSAGE)
                .maxInboundMetadataSize(MAX_METADATA)
                .build();
        return new DaemonConnection(address, tls.enabled(), channel, group);
    }

    private static SslContext sslContext(TlsOptions tls) {
        requireReadable(tls.caCert(), "--tlscacert");
        requireReadable(tls.cert(), "--tlscert");
        requireReadable(tls.key(), "--tlskey");
        if ((tls.cert() == null) != (tls.key() == null)) {
            throw new IllegalArgumentException("--tlscert and --tlskey go together: give both or neither");
        }
        try {
            SslContextBuilder ssl = GrpcSslContexts.forClient();
            if (tls.caCert() != null) {
                ssl.trustManager(tls.caCert().toFile());
            }
            if (tls.cert() != null) {
                ssl.keyManager(tls.cert().toFile(), tls.key().toFile());
            }
            return ssl.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot load the TLS files (" + describe(tls) + "): " + e.getMessage(), e);
        }
    }

    private static void requireReadable(java.nio.file.Path path, String flag) {
        if (path != null && !Files.isReadable(path)) {
            throw new IllegalArgumentException(flag + " " + path + ": no such readable file");
        }
    }

    private static String describe(TlsOptions tls) {
        return "ca=" + tls.caCert() + ", cert=" + tls.cert() + ", key=" + tls.key();
    }

    public BuildkitAddress address() {
        return address;
    }

    /** Whether this connection speaks TLS. */
    public boolean tls() {
        return tls;
    }

    public ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

}
