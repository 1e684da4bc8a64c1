package org.jbuildkit.daemon.solver;

import java.util.List;

/**
 * What a step's cache key was made of when it ran: the key, the op's cache-map digest and its parts,
 * and per input what it contributed ({@code key:<input key>@<output>} or {@code content:<checksum>}).
 * The last run under a vertex name is kept to explain the next miss under that name.
 */
public record StepRun(String key, String opDigest, List<CachePart> parts, List<String> inputs) {
    public StepRun {
        parts = List.copyOf(parts);
        inputs = List.copyOf(inputs);
    }
}
