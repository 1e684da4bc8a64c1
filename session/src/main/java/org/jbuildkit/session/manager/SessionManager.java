package org.jbuildkit.session.manager;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jbuildkit.api.control.BytesMessage;
import org.jbuildkit.session.SessionHeaders;
import org.jbuildkit.session.grpchijack.LocalTransport;
import org.jbuildkit.session.grpchijack.StreamBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's registry of sessions (upstream's {@code session.Manager}). It serves the daemon
 * half of {@code Control.Session}: dials a gRPC channel back to the client through the stream,
 * health-checks it, and hands it out by session id to the builds that need it.
 */
public final class SessionManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);
    static final int MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
    private static final int REMEMBERED_ENDINGS = 1024;

    private final HealthCheckConfig healthCheck;
    private final EventLoopGroup group = LocalTransport.newEventLoopGroup("jbuildkit-session-manager", 2);
    private final ScheduledThreadPoolExecutor scheduler = newScheduler();
    /**
     * Tears sessions down and tells the listeners, off the health scheduler: a listener that is slow
     * (cancelling builds) must not delay the health checks of every other session.
     */
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jbuildkit-session-events");
        t.setDaemon(true);
        return t;
    });
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Map<String, Tunnel> sessions = new HashMap<>();
    private final Map<String, List<CompletableFuture<Caller>>> waiters = new HashMap<>();
    private final Map<String, String> endings = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_ENDINGS;
        }
    };
    private boolean closed;

    public SessionManager() {
        this(HealthCheckConfig.DEFAULT);
    }

    public SessionManager(HealthCheckConfig healthCheck) {
        this.healthCheck = healthCheck;
    }

    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    /**
     * Serves {@code Control.Session}; the headers come from {@link SessionMetadataInterceptor},
     * which must be installed on the server.
     */
    public StreamObserver<BytesMessage> handleSession(StreamObserver<BytesMessage> responses) {
        Metadata headers = SessionMetadataInterceptor.HEADERS.get();
        if (headers == null) {
            responses.onError(Status.INTERNAL
                    .withDescription("Control.Session headers unavailable: SessionMetadataInterceptor is not installed on the daemon's server")
                    .asRuntimeException());
            return Discard.INSTANCE;
        }
        return handleSession(headers, responses);
    }

    /** Serves {@code Control.Session} given its request headers. */
    public StreamObserver<BytesMessage> handleSession(Metadata headers, StreamObserver<BytesMessage> responses) {
        String id = headers.get(SessionHeaders.ID);
        if (id == null || id.isEmpty()) {
            responses.onError(Status.INVALID_ARGUMENT
                    .withDescription("Control.Session without a " + SessionHeaders.ID.name() + " header")
                    .asRuntimeException());
            return Discard.INSTANCE;
        }
        Set<String> methods = new LinkedHashSet<>();
        Iterable<String> advertised = headers.getAll(SessionHeaders.GRPC_METHOD);
        if (advertised != null) {
            advertised.forEach(methods::add);
        }
        ActiveSession session = new ActiveSession(id, orEmpty(headers.get(SessionHeaders.NAME)),
                orEmpty(headers.get(SessionHeaders.SHARED_KEY)), methods);
        ServerCallStreamObserver<BytesMessage> out = (ServerCallStreamObserver<BytesMessage>) responses;
        Tunnel tunnel = new Tunnel(session, new StreamBridge(id, out));
        out.setOnReadyHandler(tunnel.bridge::onReady);
        out.setOnCancelHandler(() -> tunnel.end("session stream cancelled by client"));
        synchronized (lock) {
            String refusal = closed ? "the daemon is shutting down"
                    : sessions.containsKey(id) ? "session " + id + " already exists" : null;
            if (refusal != null) {
                responses.onError(Status.ALREADY_EXISTS.withDescription(refusal).asRuntimeException());
                return Discard.INSTANCE;
            }
            sessions.put(id, tunnel);
        }
        tunnel.bridge.closed().whenCompleteAsync((v, e) -> teardown(tunnel), events);
        try {
            tunnel.connect(headers);
        } catch (RuntimeException e) {
            LOG.warn("session {}: setting up its channel failed", id, e);
            tunnel.end("setting up the session's channel failed: " + e);
            return Discard.INSTANCE;
        }
        LOG.debug("session {} connected (name '{}'), advertises: {}", id, session.name(), String.join(" ", methods));
        List<CompletableFuture<Caller>> ready;
        synchronized (lock) {
            tunnel.ready = true;
            ready = waiters.remove(id);
        }
        if (ready != null) {
            ready.forEach(f -> f.complete(session));
        }
        return new StreamObserver<>() {
            @Override
            public void onNext(BytesMessage value) {
                tunnel.bridge.received(value);
            }

            @Override
            public void onError(Throwable t) {
                tunnel.end("session stream failed: " + Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                tunnel.end("session closed by client");
            }
        };
    }

    /**
     * The session with this id, waiting up to {@code timeout} for it to connect (builds may
     * start first). Fails with {@link NoActiveSessionException}. A {@code prefix:} before the
     * id is ignored, as upstream.
     */
    public CompletableFuture<Caller> get(String sessionId, Duration timeout) {
        String id = stripPrefix(sessionId);
        CompletableFuture<Caller> f = new CompletableFuture<>();
        synchronized (lock) {
            Tunnel t = sessions.get(id);
            if (t != null && t.ready && !t.session.isClosed()) {
                f.complete(t.session);
                return f;
            }
            if (closed) {
                f.completeExceptionally(new NoActiveSessionException(id, "the daemon is shutting down"));
                return f;
            }
            waiters.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
        }
        ScheduledFuture<?> timer = scheduler.schedule(() -> f.completeExceptionally(
                new NoActiveSessionException(id, notConnected(id, timeout))), timeout.toNanos(), TimeUnit.NANOSECONDS);
        f.whenComplete((v, e) -> {
            timer.cancel(false);
            synchronized (lock) {
                List<CompletableFuture<Caller>> list = waiters.get(id);
                if (list != null && list.remove(f) && list.isEmpty()) {
                    waiters.remove(id);
                }
            }
        });
        return f;
    }

    /** The session with this id if it is active now (upstream's {@code Get} with {@code noWait}). */
    public Optional<Caller> find(String sessionId) {
        synchronized (lock) {
            Tunnel t = sessions.get(stripPrefix(sessionId));
            return t != null && t.ready && !t.session.isClosed() ? Optional.of(t.session) : Optional.empty();
        }
    }

    /**
     * Why the session with this id ended, if it did (the last {@value #REMEMBERED_ENDINGS} endings are
     * remembered): lets a build that names a session learn it is already gone.
     */
    public Optional<String> ending(String sessionId) {
        synchronized (lock) {
            return Optional.ofNullable(endings.get(stripPrefix(sessionId)));
        }
    }

    /** The sessions active now. */
    public List<Caller> sessions() {
        synchronized (lock) {
            return sessions.values().stream().filter(t -> t.ready).map(t -> (Caller) t.session).toList();
        }
    }

    /** Ends every session and stops accepting new ones. */
    @Override
    public void close() {
        List<Tunnel> all;
        List<CompletableFuture<Caller>> pending = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            all = new ArrayList<>(sessions.values());
            waiters.values().forEach(pending::addAll);
            waiters.clear();
        }
        pending.forEach(f -> f.completeExceptionally(new NoActiveSessionException("?", "the daemon is shutting down")));
        for (Tunnel t : all) {
            t.end("the daemon is shutting down");
        }
        for (Tunnel t : all) {
            t.session.closed().completeOnTimeout("", 5, TimeUnit.SECONDS).join();
        }
        scheduler.shutdownNow();
        events.shutdown();
        // The quiet period lets the closing local channels hand their last tasks to each other.
        group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    private static ScheduledThreadPoolExecutor newScheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jbuildkit-session-health");
            t.setDaemon(true);
            return t;
        });
        // Connect waits and health checks are cancelled far more often than they fire: drop them at once.
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    private String notConnected(String id, Duration timeout) {
        synchronized (lock) {
            String ending = endings.get(id);
            return "none connected within " + timeout.toMillis() + "ms"
                    + (ending == null ? "" : " (it ended earlier: " + ending + ")");
        }
    }

    private void teardown(Tunnel tunnel) {
        ActiveSession s = tunnel.session;
        String reason = tunnel.reason();
        if (tunnel.health != null) {
            tunnel.health.stop();
        }
        ManagedChannel cc = s.managedChannel();
        if (cc != null) {
            cc.shutdownNow();
        }
        if (tunnel.server != null) {
            tunnel.server.close();
        }
        synchronized (lock) {
            sessions.remove(s.id(), tunnel);
            endings.put(s.id(), reason);
        }
        LOG.debug("session {} ended: {}", s.id(), reason);
        for (SessionListener l : listeners) {
            try {
                l.sessionClosed(s.id(), reason);
            } catch (RuntimeException e) {
                LOG.warn("session listener failed for {}", s.id(), e);
            }
        }
        s.markClosed(reason);
    }

    private static String stripPrefix(String id) {
        int colon = id.indexOf(':');
        return colon >= 0 && colon < id.length() - 1 ? id.substring(colon + 1) : id;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** One session's plumbing: the stream bridge, the local server it is bridged to, the channel, the health monitor. */
    private final class Tunnel {
        final ActiveSession session;
        final StreamBridge bridge;
        final AtomicBoolean accepted = new AtomicBoolean();
        private String reason;
        io.netty.channel.Channel server;
        HealthMonitor health;
        boolean ready;

        Tunnel(ActiveSession session, StreamBridge bridge) {
            this.session = session;
            this.bridge = bridge;
        }

        void connect(Metadata headers) {
            LocalAddress address = LocalTransport.newAddress("daemon", session.id());
            server = new ServerBootstrap()
                    .group(group)
                    .channel(LocalServerChannel.class)
                    .childHandler(new ChannelInitializer<LocalChannel>() {
                        @Override
                        protected void initChannel(LocalChannel ch) {
                            if (!accepted.compareAndSet(false, true)) {
                                // Upstream's "only one connection allowed": the stream is one connection.
                                ch.close();
                                return;
                            }
                            ch.pipeline().addLast(bridge.attachOnActive());
                        }
                    })
                    .bind(address)
                    .syncUninterruptibly()
                    .channel();
            ManagedChannel cc = NettyChannelBuilder.forAddress(address)
                    .channelType(LocalChannel.class, LocalAddress.class)
                    .eventLoopGroup(group)
                    .overrideAuthority("localhost")
                    .usePlaintext()
                    .maxInboundMessageSize(MAX_MESSAGE_SIZE)
                    .intercept(new MaxOutbound())
                    .idleTimeout(365, TimeUnit.DAYS)
                    .disableRetry()
                    .build();
            session.channel(cc);
            cc.getState(true);
            HealthCheckConfig config = healthCheck.withCustomTimeout(
                    Optional.ofNullable(headers.get(SessionHeaders.HEALTH_CUSTOM_TIMEOUT)));
            health = new HealthMonitor(session.id(), cc, config, scheduler, this::end);
            health.start();
        }

        /** Ends the session; the first reason given is the one reported. */
        void end(String why) {
            synchronized (this) {
                if (reason == null) {
                    reason = why;
                }
            }
            bridge.close();
        }

        synchronized String reason() {
            return reason == null ? "session closed" : reason;
        }
    }

    /** Upstream's 16 MiB send limit; grpc-java sets it per call. */
    private static final class MaxOutbound implements ClientInterceptor {
        @Override
        public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
                MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
            return next.newCall(method, options.withMaxOutboundMessageSize(MAX_MESSAGE_SIZE));
        }
    }

    private enum Discard implements StreamObserver<BytesMessage> {
        INSTANCE;

        @Override
        public void onNext(BytesMessage value) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
    }
}
