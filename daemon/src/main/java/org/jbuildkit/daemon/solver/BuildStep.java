package org.jbuildkit.daemon.solver;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One step of a finished build as a cache export sees it: the vertex, its cache key, what each input contributed
 * to that key, and its results, read on demand (an imported one is fetched then; a step a lazy build never ran
 * has none).
 */
public final class BuildStep {

    /**
     * Input {@code i} of the step: the input step's key and output, and for a content-based input the selector and
     * the checksum that entered the key instead of the input's key.
     */
    public record Input(String key, long output, Optional<String> selector, Optional<String> checksum) {
    }

    private final Vertex vertex;
    private final String key;
    private final List<Input> inputs;
    private final Outcome outcome;
    private final ResultStore store;

    BuildStep(Vertex vertex, String key, List<Input> inputs, Outcome outcome, ResultStore store) {
        this.vertex = vertex;
        this.key = key;
        this.inputs = List.copyOf(inputs);
        this.outcome = outcome;
        this.store = store;
    }

    public Vertex vertex() {
        return vertex;
    }

    public String key() {
        return key;
    }

    public List<Input> inputs() {
        return inputs;
    }

    /** How many outputs can be read; empty when the step never ran (a lazy build did not need it). */
    public OptionalInt outputs() {
        return outcome.available() ? outcome.outputCount() : OptionalInt.empty();
    }

    /** One output's result; an imported one is fetched now. */
    public ResultRef result(int output) {
        return outcome.result(output, store);
    }
}
