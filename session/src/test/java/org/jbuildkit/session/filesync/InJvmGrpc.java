package org.jbuildkit.session.filesync;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.session.grpchijack.LocalTransport;
import org.jbuildkit.session.manager.Caller;

/** A gRPC server and a channel to it over Netty's in-JVM transport, and a session {@link Caller} on that channel. */
final class InJvmGrpc implements AutoCloseable {
    private final EventLoopGroup group = LocalTransport.newEventLoopGroup("filesync-test", 2);
    private final Server server;
    final ManagedChannel channel;

    InJvmGrpc(ServerServiceDefinition... services) throws IOException {
        LocalAddress address = LocalTransport.newAddress("filesync-test", Long.toString(System.nanoTime()));
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .channelType(LocalServerChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .maxInboundMessageSize(16 << 20);
        for (ServerServiceDefinition service : services) {
            builder.addService(service);
        }
        server = builder.build().start();
        channel = NettyChannelBuilder.forAddress(address)
                .channelType(LocalChannel.class, LocalAddress.class)
                .eventLoopGroup(group)
                .usePlaintext()
                .maxInboundMessageSize(16 << 20)
                .build();
    }

    /** A session whose client advertises exactly {@code methods}. */
    Caller caller(String... methods) {
        Set<String> advertised = Set.of(methods);
        Channel ch = channel;
        return new Caller() {
            @Override
            public String id() {
                return "test-session";
            }

            @Override
            public String name() {
                return "";
            }

            @Override
            public String sharedKey() {
                return "";
            }

            @Override
            public boolean supports(String methodUrl) {
                return advertised.stream().anyMatch(m -> m.equalsIgnoreCase(methodUrl));
            }

            @Override
            public Set<String> methods() {
                return advertised;
            }

            @Override
            public Channel channel() {
                return ch;
            }

            @Override
            public CompletableFuture<String> closed() {
                return new CompletableFuture<>();
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
        server.awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
