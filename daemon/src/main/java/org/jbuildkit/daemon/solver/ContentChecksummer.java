package org.jbuildkit.daemon.solver;

/** The content checksum of the files a selector picks from a result, for content-based cache keys. */
@FunctionalInterface
public interface ContentChecksummer {
    String checksum(ResultRef result, String selector) throws Exception;
}
