package org.jbuildkit.daemon.exporter.image;

import java.util.List;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.session.manager.Caller;

/** The one client session an export is delivered through, as the group the registry clients authorize with. */
record CallerSessions(Caller caller) implements SessionGroup {

    @Override
    public List<String> ids() {
        return List.of(caller.id());
    }

    @Override
    public String toString() {
        return "session " + caller.id();
    }
}
