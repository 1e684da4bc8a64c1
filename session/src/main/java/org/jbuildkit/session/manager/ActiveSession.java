package org.jbuildkit.session.manager;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** One connected session: what its client advertised and the channel dialled through its stream. */
final class ActiveSession implements Caller {

    private final String id;
    private final String name;
    private final String sharedKey;
    private final Set<String> methods;
    private final Set<String> supported;
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile ManagedChannel channel;

    ActiveSession(String id, String name, String sharedKey, Set<String> methods) {
        this.id = id;
        this.name = name;
        this.sharedKey = sharedKey;
        this.methods = Set.copyOf(methods);
        this.supported = methods.stream().map(m -> m.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    void channel(ManagedChannel c) {
        channel = c;
    }

    ManagedChannel managedChannel() {
        return channel;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String sharedKey() {
        return sharedKey;
    }

    @Override
    public boolean supports(String methodUrl) {
        return supported.contains(methodUrl.toLowerCase(Locale.ROOT));
    }

    @Override
    public Set<String> methods() {
        return methods;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public CompletableFuture<String> closed() {
        // A copy, so that a caller completing it cannot end the session.
        return closed.copy();
    }

    void markClosed(String reason) {
        closed.complete(reason);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public String toString() {
        return "session " + id + (name.isEmpty() ? "" : " (" + name + ")");
    }
}
