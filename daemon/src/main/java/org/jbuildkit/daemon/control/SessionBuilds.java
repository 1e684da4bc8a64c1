package org.jbuildkit.daemon.control;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jbuildkit.session.manager.NoActiveSessionException;
import org.jbuildkit.session.manager.SessionListener;
import org.jbuildkit.session.manager.SessionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running builds by the client session their Solve request named. When a session ends (closed,
 * its stream broken, or its health checks failed: a dead or stalled client), every build still bound
 * to it is cancelled, and its Solve fails as upstream's does: {@code no active session for <id>: <reason>}.
 * A build that named no session is never touched.
 */
final class SessionBuilds implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(SessionBuilds.class);

    private final SessionManager sessions;
    private final Map<String, Set<Binding>> bySession = new HashMap<>();

    SessionBuilds(SessionManager sessions) {
        this.sessions = sessions;
        sessions.addListener(this);
    }

    /**
     * Binds a running build to its session until {@link Binding#close()}. {@code cancel} runs at most
     * once, when the session ends first (at once if it already has).
     */
    Binding bind(String sessionId, String ref, Runnable cancel) {
        Binding binding = new Binding(sessionId, ref, cancel);
        if (sessionId.isEmpty()) {
            return binding;
        }
        synchronized (this) {
            bySession.computeIfAbsent(sessionId, id -> new HashSet<>()).add(binding);
        }
        // After registering: a session that ends from now on is told to this binding by sessionClosed.
        sessions.ending(sessionId).ifPresent(binding::sessionEnded);
        return binding;
    }

    @Override
    public void sessionClosed(String sessionId, String reason) {
        List<Binding> bound;
        synchronized (this) {
            Set<Binding> set = bySession.remove(sessionId);
            bound = set == null ? List.of() : List.copyOf(set);
        }
        // Outside the lock: cancelling completes the builds, which unbind themselves.
        bound.forEach(b -> b.sessionEnded(reason));
    }

    /** How many builds are bound to sessions now. */
    synchronized int size() {
        return bySession.values().stream().mapToInt(Set::size).sum();
    }

    private synchronized void unbind(Binding binding) {
        Set<Binding> set = bySession.get(binding.sessionId);
        if (set != null && set.remove(binding) && set.isEmpty()) {
            bySession.remove(binding.sessionId);
        }
    }

    /** One build's tie to its session. */
    final class Binding implements AutoCloseable {
        private final String sessionId;
        private final String ref;
        private final Runnable cancel;
        private final AtomicReference<String> ended = new AtomicReference<>();

        private Binding(String sessionId, String ref, Runnable cancel) {
            this.sessionId = sessionId;
            this.ref = ref;
            this.cancel = cancel;
        }

        private void sessionEnded(String reason) {
            if (!ended.compareAndSet(null, reason)) {
                return;
            }
            LOG.info("build {} cancelled: {}", ref, new NoActiveSessionException(sessionId, reason).getMessage());
            cancel.run();
        }

        /** The build's error as its client should read it: the end of its session, when that is what stopped it. */
        Throwable explain(Throwable error) {
            String reason = ended.get();
            return reason == null ? error : new NoActiveSessionException(sessionId, reason);
        }

        @Override
        public void close() {
            if (!sessionId.isEmpty()) {
                unbind(this);
            }
        }
    }
}
