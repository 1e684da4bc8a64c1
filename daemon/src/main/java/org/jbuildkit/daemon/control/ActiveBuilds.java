package org.jbuildkit.daemon.control;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Builds by their client-chosen ref, so {@code Control.Status} (which clients open alongside
 * {@code Solve}, often first) finds the progress of the right build.
 */
final class ActiveBuilds {
    private final ConcurrentMap<String, CompletableFuture<BuildProgress>> builds = new ConcurrentHashMap<>();

    /** Registers a build; false if that ref is already building. */
    boolean start(String ref, BuildProgress progress) {
        CompletableFuture<BuildProgress> slot = builds.computeIfAbsent(ref, r -> new CompletableFuture<>());
        return slot.complete(progress);
    }

    /** The progress of a build, now or once its Solve arrives. */
    CompletableFuture<BuildProgress> progress(String ref) {
        return builds.computeIfAbsent(ref, r -> new CompletableFuture<>());
    }

    void finish(String ref) {
        builds.remove(ref);
    }
}
