package org.jbuildkit.daemon.solver;

/** A handle on one output of a vertex (a snapshot, a file tree…), identified for the result store. */
public interface ResultRef {

    /** Stable ID the result store can load this result by later, also after a restart. */
    String id();
}
