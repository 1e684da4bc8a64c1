package org.jbuildkit.session.grpchijack;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-JVM Netty transport that carries a session's HTTP/2 connection between grpc-netty and
 * the {@code Control.Session} stream: grpc-netty only speaks over Netty channels, so each end
 * of the tunnel is a {@code LocalChannel} pair whose far half is a {@link StreamBridge}.
 */
public final class LocalTransport {

    private static final AtomicLong COUNTER = new AtomicLong();

    private LocalTransport() {}

    /** A fresh, never reused in-JVM address for one session end. */
    public static LocalAddress newAddress(String role, String sessionId) {
        return new LocalAddress("jbuildkit-session-" + role + "-" + sessionId + "-" + COUNTER.incrementAndGet());
    }

    /** An event loop group able to run {@code LocalChannel}s; its threads are daemon threads. */
    public static EventLoopGroup newEventLoopGroup(String name, int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), LocalIoHandler.newFactory());
    }

    /** The group shared by client-side sessions that were given none. */
    public static EventLoopGroup shared() {
        return Shared.GROUP;
    }

    private static final class Shared {
        static final EventLoopGroup GROUP =
                newEventLoopGroup("jbuildkit-session", Math.max(2, Runtime.getRuntime().availableProcessors() / 2));
    }
}
