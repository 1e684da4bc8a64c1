package org.jbuildkit.daemon.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The solver's side of explaining cache misses: compares a missed step with its last run under the
 * same name, and remembers each run. Its failures never reach a build: a miss just goes unexplained.
 */
final class MissReporter {
    private static final Logger LOG = LoggerFactory.getLogger(MissReporter.class);

    private final StepHistory history;
    private final CacheMissExplainer explainer;

    MissReporter(StepHistory history, ContentDiff contentDiff) {
        this.history = history;
        this.explainer = new CacheMissExplainer(contentDiff);
    }

    /** Why the vertex missed, when it ran before under its name. */
    Optional<CacheMissExplainer.Explanation> explain(Vertex vertex, StepRun now, List<Outcome> inputs) {
        Optional<StepRun> before;
        try {
            before = history.last(vertex.name());
        } catch (RuntimeException e) {
            LOG.debug("cannot read the last run of '{}': {}", vertex.name(), e.toString());
            return Optional.empty();
        }
        if (before.isEmpty()) {
            return Optional.empty();
        }
        List<CacheMissExplainer.Input> named = new ArrayList<>();
        for (Outcome input : inputs) {
            named.add(new CacheMissExplainer.Input(input.name(), input.cause()));
        }
        return Optional.of(explainer.explain(vertex.name(), before.get(), now, named));
    }

    /** A step with no reason of its own passes on the first cause among its inputs. */
    static MissCause inherited(List<Outcome> inputs) {
        return inputs.stream().map(Outcome::cause).filter(c -> c != null).findFirst().orElse(null);
    }

    void remember(Vertex vertex, StepRun run) {
        try {
            history.remember(vertex.name(), run);
        } catch (RuntimeException e) {
            LOG.debug("cannot keep the run of '{}' for explaining later misses: {}", vertex.name(), e.toString());
        }
    }
}
