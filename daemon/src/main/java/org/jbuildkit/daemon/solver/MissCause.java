package org.jbuildkit.daemon.solver;

/**
 * Where a chain of cache misses started: the first step whose own key changed and why (null when it
 * is not known, e.g. the step had not run before under its name). Steps reading it pass it on.
 */
record MissCause(String step, String reason) {
}
