package org.jbuildkit.session;

import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.control.BytesMessage;
import org.jbuildkit.api.control.ControlGrpc;
import org.jbuildkit.session.grpchijack.LocalTransport;
import org.jbuildkit.session.grpchijack.StreamBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client end of a session: a gRPC server of attached services (always including
 * {@code grpc.health.v1.Health}) that the daemon reaches through {@code Control.Session}.
 * Attach services with {@link #allow}, then {@link #run} once; {@link #close} ends it.
 */
public final class Session implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    static final int MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

    private final String id;
    private final String name;
    private final String sharedKey;
    private final EventLoopGroup group;
    private final Map<String, ServerServiceDefinition> services = new LinkedHashMap<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Server server;
    private StreamBridge bridge;
    private boolean started;
    private boolean closeCalled;

    private Session(String name, String sharedKey, EventLoopGroup group) {
        this.id = org.jbuildkit.api.Identity.newId();
        this.name = name;
        this.sharedKey = sharedKey;
        this.group = group;
        allow(new HealthStatusManager().getHealthService());
    }

    /** A new session with a fresh id; buildctl's name and shared key are usually empty. */
    public static Session create(String name, String sharedKey) {
        return new Session(name, sharedKey, LocalTransport.shared());
    }

    /** As {@link #create(String, String)}, running its in-JVM connection on the given group. */
    public static Session create(String name, String sharedKey, EventLoopGroup localChannelGroup) {
        return new Session(name, sharedKey, localChannelGroup);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String sharedKey() {
        return sharedKey;
    }

    /** Exposes a service to the daemon. Must be called before {@link #run}. */
    public Session allow(BindableService service) {
        return allow(service.bindService());
    }

    /**
     * Exposes a service (e.g. one wrapped with interceptors) to the daemon. Must be called before
     * {@link #run}. A service with the name of one already attached replaces it, including the
     * default {@code grpc.health.v1.Health}.
     */
    public synchronized Session allow(ServerServiceDefinition service) {
        if (started) {
            throw new IllegalStateException("session " + id + " is already running; attach services before run()");
        }
        services.put(service.getServiceDescriptor().getName(), service);
        return this;
    }

    /** The method URLs advertised to the daemon: exactly those of the attached services. */
    public synchronized List<String> methods() {
        List<String> urls = new ArrayList<>();
        for (ServerServiceDefinition service : services.values()) {
            for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
                urls.add("/" + method.getMethodDescriptor().getFullMethodName());
            }
        }
        urls.sort(null);
        return urls;
    }

    /**
     * Opens {@code Control.Session} and serves the attached services over it. Returns at once;
     * the future completes when the session ends: closed here, by the daemon, or the stream failed.
     */
    public CompletableFuture<Void> run(ControlGrpc.ControlStub control) {
        LocalAddress address = LocalTransport.newAddress("client", id);
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("session " + id + " was already run");
            }
            started = true;
            if (closeCalled) {
                done.complete(null);
                return done;
            }
            server = startServer(address);
        }
        Metadata headers = headers();
        control.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)).session(new Responses());
        StreamBridge b;
        synchronized (this) {
            b = bridge;
        }
        // Off the event loop: stopping the server waits for channels that loop serves.
        b.closed().whenCompleteAsync((v, e) -> finish());
        ChannelFuture connect = new Bootstrap()
                .group(group)
                .channel(LocalChannel.class)
                .handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(b.attachOnActive());
                    }
                })
                .connect(address);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warn("session {}: connecting to its gRPC server failed: {}", id, f.cause().toString());
                b.close();
            }
        });
        return done;
    }

    /** Ends the session and waits for its server to stop. */
    @Override
    public void close() {
        StreamBridge b;
        synchronized (this) {
            closeCalled = true;
            b = bridge;
            if (!started) {
                return;
            }
        }
        if (b != null) {
            b.close();
        } else {
            finish();
        }
        done.join();
    }

    /** Completes when the session has ended. */
    public CompletableFuture<Void> done() {
        return done;
    }

    private Metadata headers() {
        Metadata md = new Metadata();
        md.put(SessionHeaders.ID, id);
        md.put(SessionHeaders.NAME, name);
        md.put(SessionHeaders.SHARED_KEY, sharedKey);
        for (String url : methods()) {
            md.put(SessionHeaders.GRPC_METHOD, url);
        }
        return md;
    }

    private Server startServer(LocalAddress address) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .channelType(LocalServerChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .maxInboundMessageSize(MAX_MESSAGE_SIZE);
        services.values().forEach(builder::addService);
        try {
            return builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("session " + id + ": starting its in-process gRPC server failed", e);
        }
    }

    private void finish() {
        Server s;
        synchronized (this) {
            s = server;
        }
        if (s != null) {
            s.shutdownNow();
            try {
                s.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.debug("session {} ended", id);
        done.complete(null);
    }

    /** Receives the daemon's half of the stream and hands it to the bridge. */
    private final class Responses implements ClientResponseObserver<BytesMessage, BytesMessage> {
        private StreamBridge b;

        @Override
        public void beforeStart(ClientCallStreamObserver<BytesMessage> requests) {
            b = new StreamBridge(id, requests);
            requests.setOnReadyHandler(b::onReady);
            synchronized (Session.this) {
                bridge = b;
            }
        }

        @Override
        public void onNext(BytesMessage message) {
            b.received(message);
        }

        @Override
        public void onError(Throwable t) {
            b.streamEnded(t);
        }

        @Override
        public void onCompleted() {
            b.streamEnded(null);
        }
    }
}
