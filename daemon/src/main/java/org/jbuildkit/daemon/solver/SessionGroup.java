package org.jbuildkit.daemon.solver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jbuildkit.session.manager.Caller;
import org.jbuildkit.session.manager.NoActiveSessionException;
import org.jbuildkit.session.manager.SessionManager;

/**
 * The client sessions a step may call back into for local files, secrets, SSH agents and registry
 * credentials: those of every build waiting for the step, the first to ask first (upstream's
 * {@code session.Group}).
 */
public interface SessionGroup {

    /** How long a step waits for a build's session that has not connected yet. */
    Duration CONNECT_WAIT = Duration.ofSeconds(10);

    /** The session ids, in order; empty when no build gave one. */
    List<String> ids();

    /**
     * The first of the sessions that is connected (waiting up to {@link #CONNECT_WAIT} for each).
     * Fails with {@link NoActiveSessionException}, naming why the last one was not there.
     */
    Caller caller();

    /** A group with no session: a step that needs one fails saying the build gave none. */
    SessionGroup NONE = new SessionGroup() {
        @Override
        public List<String> ids() {
            return List.of();
        }

        @Override
        public Caller caller() {
            throw new IllegalStateException("this build has no client session (its Solve request named none),"
                    + " so it cannot read local files, secrets, SSH agents or credentials from the client");
        }
    };

    /** One build's session, looked up in the daemon's session manager when a step asks for it. */
    static SessionGroup of(SessionManager sessions, String id) {
        if (id == null || id.isEmpty()) {
            return NONE;
        }
        return new SessionGroup() {
            @Override
            public List<String> ids() {
                return List.of(id);
            }

            @Override
            public Caller caller() {
                try {
                    return sessions.get(id, CONNECT_WAIT).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.util.concurrent.CancellationException("interrupted waiting for session " + id);
                } catch (ExecutionException | CompletionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException("session " + id + ": " + e.getCause(), e.getCause());
                }
            }

            @Override
            public String toString() {
                return "session " + id;
            }
        };
    }

    /** The sessions of several builds, tried in order. */
    static SessionGroup union(List<SessionGroup> groups) {
        List<SessionGroup> members = groups.stream().filter(g -> !g.ids().isEmpty()).toList();
        if (members.isEmpty()) {
            return NONE;
        }
        if (members.size() == 1) {
            return members.get(0);
        }
        return new SessionGroup() {
            @Override
            public List<String> ids() {
                List<String> ids = new ArrayList<>();
                members.forEach(g -> g.ids().stream().filter(i -> !ids.contains(i)).forEach(ids::add));
                return ids;
            }

            @Override
            public Caller caller() {
                RuntimeException last = null;
                for (SessionGroup g : members) {
                    try {
                        return g.caller();
                    } catch (NoActiveSessionException e) {
                        last = e;
                    }
                }
                throw last;
            }
        };
    }
}
