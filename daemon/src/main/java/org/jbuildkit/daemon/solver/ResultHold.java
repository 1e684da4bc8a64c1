package org.jbuildkit.daemon.solver;

/** One build's claim on the results it uses, so garbage collection leaves them alone until it ends. */
public record ResultHold(String id) {
    /** The hold of a store that collects nothing. */
    public static final ResultHold NONE = new ResultHold("");

    public boolean holdsNothing() {
        return id.isEmpty();
    }
}
