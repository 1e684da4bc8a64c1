package org.jbuildkit.session;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jbuildkit.api.control.BytesMessage;
import org.jbuildkit.api.control.ControlGrpc;
import org.jbuildkit.session.manager.HealthCheckConfig;
import org.jbuildkit.session.manager.SessionManager;
import org.jbuildkit.session.manager.SessionMetadataInterceptor;

/**
 * A daemon whose Control service only implements {@code Session}, through a {@link SessionManager},
 * on a real grpc-netty server on 127.0.0.1, plus a client channel to it.
 */
public final class DaemonFixture implements AutoCloseable {

    public final SessionManager manager;
    private final Server server;
    private final ManagedChannel channel;
    /** While set, the client's side of every Control call neither sends nor receives: a stalled client. */
    public final AtomicBoolean frozen = new AtomicBoolean();

    public DaemonFixture(HealthCheckConfig health) throws IOException {
        manager = new SessionManager(health);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new SessionOnlyControl(manager), new SessionMetadataInterceptor()))
                .maxInboundMessageSize(16 * 1024 * 1024)
                .build()
                .start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .usePlaintext()
                .intercept(new Freezer())
                .build();
    }

    public DaemonFixture() throws IOException {
        this(HealthCheckConfig.DEFAULT);
    }

    public ControlGrpc.ControlStub control() {
        return ControlGrpc.newStub(channel);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        manager.close();
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        channel.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static final class SessionOnlyControl extends ControlGrpc.ControlImplBase {
        private final SessionManager manager;

        SessionOnlyControl(SessionManager manager) {
            this.manager = manager;
        }

        @Override
        public StreamObserver<BytesMessage> session(StreamObserver<BytesMessage> responseObserver) {
            return manager.handleSession(responseObserver);
        }
    }

    private final class Freezer implements ClientInterceptor {
        @Override
        public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
                MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void sendMessage(ReqT message) {
                    if (!frozen.get()) {
                        super.sendMessage(message);
                    }
                }

                @Override
                public void start(Listener<RespT> listener, Metadata headers) {
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onMessage(RespT message) {
                            if (!frozen.get()) {
                                super.onMessage(message);
                            }
                        }
                    }, headers);
                }
            };
        }
    }
}
