package org.jbuildkit.daemon.solver;

/**
 * Hears that a build ended and let go of its results, e.g. to collect garbage afterwards. Called on
 * the thread that ended the build: keep it short and never throw.
 */
@FunctionalInterface
public interface BuildListener {
    void buildFinished();
}
