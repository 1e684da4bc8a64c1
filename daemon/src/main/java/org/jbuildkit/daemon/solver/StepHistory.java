package org.jbuildkit.daemon.solver;

import java.util.Optional;

/** The last run of each step, by vertex name, to explain why a step that ran before is not cached now. */
public interface StepHistory {

    Optional<StepRun> last(String name);

    /** Keeps {@code run} as the last run under {@code name}, replacing the one before. */
    void remember(String name, StepRun run);

    /** Remembers nothing: no miss is explained. */
    StepHistory NONE = new StepHistory() {
        @Override
        public Optional<StepRun> last(String name) {
            return Optional.empty();
        }

        @Override
        public void remember(String name, StepRun run) {
        }
    };
}
