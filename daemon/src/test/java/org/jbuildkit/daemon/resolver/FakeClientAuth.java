package org.jbuildkit.daemon.resolver;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.auth.AuthGrpc;
import org.jbuildkit.api.auth.CredentialsRequest;
import org.jbuildkit.api.auth.CredentialsResponse;
import org.jbuildkit.api.auth.FetchTokenRequest;
import org.jbuildkit.api.auth.FetchTokenResponse;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.session.grpchijack.LocalTransport;
import org.jbuildkit.session.manager.Caller;

/**
 * A client's Auth service for tests, on Netty's in-JVM transport: fixed credentials per host, and
 * tokens named after the session ({@code <id>-token-<n>}) or a refusal. Records every call.
 */
final class FakeClientAuth extends AuthGrpc.AuthImplBase implements AutoCloseable {

    private final String sessionId;
    private final Map<String, CredentialsResponse> credentials;
    private final Set<String> methods;
    private final EventLoopGroup group = LocalTransport.newEventLoopGroup("auth-test", 1);
    private final Server server;
    private final ManagedChannel channel;
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile Status refuseTokens;

    FakeClientAuth(String sessionId, Map<String, CredentialsResponse> credentials, String... methods)
            throws IOException {
        this.sessionId = sessionId;
        this.credentials = credentials;
        this.methods = Set.of(methods);
        LocalAddress address = LocalTransport.newAddress("auth-test", sessionId + System.nanoTime());
        server = NettyServerBuilder.forAddress(address).channelType(LocalServerChannel.class)
                .bossEventLoopGroup(group).workerEventLoopGroup(group).addService(this).build().start();
        channel = NettyChannelBuilder.forAddress(address).channelType(LocalChannel.class, LocalAddress.class)
                .eventLoopGroup(group).usePlaintext().build();
    }

    static CredentialsResponse password(String user, String secret) {
        return CredentialsResponse.newBuilder().setUsername(user).setSecret(secret).build();
    }

    @Override
    public void credentials(CredentialsRequest request, StreamObserver<CredentialsResponse> response) {
        calls.add("Credentials " + request.getHost());
        response.onNext(credentials.getOrDefault(request.getHost(), CredentialsResponse.getDefaultInstance()));
        response.onCompleted();
    }

    @Override
    public void fetchToken(FetchTokenRequest request, StreamObserver<FetchTokenResponse> response) {
        calls.add("FetchToken " + request.getHost() + " " + String.join(" ", request.getScopesList()));
        if (refuseTokens != null) {
            response.onError(refuseTokens.asRuntimeException());
            return;
        }
        long n = calls.stream().filter(c -> c.startsWith("FetchToken")).count();
        response.onNext(FetchTokenResponse.newBuilder().setToken(sessionId + "-token-" + n).setExpiresIn(300).build());
        response.onCompleted();
    }

    /** The session group of one build whose client is this. */
    SessionGroup group() {
        Caller caller = caller();
        return new SessionGroup() {
            @Override
            public List<String> ids() {
                return List.of(sessionId);
            }

            @Override
            public Caller caller() {
                return caller;
            }
        };
    }

    void endSession() {
        closed.complete("session closed by client");
    }

    private Caller caller() {
        Channel ch = channel;
        return new Caller() {
            @Override
            public String id() {
                return sessionId;
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
                return methods.stream().anyMatch(m -> m.equalsIgnoreCase(methodUrl));
            }

            @Override
            public Set<String> methods() {
                return methods;
            }

            @Override
            public Channel channel() {
                return ch;
            }

            @Override
            public CompletableFuture<String> closed() {
                return closed;
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
