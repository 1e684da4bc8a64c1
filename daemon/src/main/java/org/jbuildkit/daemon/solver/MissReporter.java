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
            before = history.last(stepName(vertex));
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

    /**
     * What identifies "the same step" from one build to the next. Frontends name steps like upstream's
     * Dockerfile frontend, {@code [stage 2/4] RUN make}: the bracket is the step's place, the rest
     * its command, so a changed command is still the same step. Other names (also {@code [internal] …},
     * which has no place) are taken whole.
     */
    static String stepName(Vertex vertex) {
        String name = vertex.name();
        java.util.regex.Matcher place = STEP_PLACE.matcher(name);
        return place.lookingAt() ? place.group() + " " + vertex.op().getOpCase() : name;
    }

    private static final java.util.regex.Pattern STEP_PLACE = java.util.regex.Pattern.compile("\\[(?:[^\\]]* )?\\d+/\\d+\\]");

    void remember(Vertex vertex, StepRun run) {
        try {
            history.remember(stepName(vertex), run);
        } catch (RuntimeException e) {
            LOG.debug("cannot keep the run of '{}' for explaining later misses: {}", vertex.name(), e.toString());
        }
    }
}
