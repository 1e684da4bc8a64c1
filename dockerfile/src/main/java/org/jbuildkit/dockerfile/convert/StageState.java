package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Platform;
import org.jbuildkit.llb.State;

/**
 * One stage while it is converted (upstream's {@code dispatchState}): its LLB state and image config so far, the
 * stages it depends on, its build args and the context paths its COPYs read. Stages made up for a
 * {@code COPY --from=<image>} or a RUN mount are {@code unregistered}: they have no instructions of their own.
 */
final class StageState {

    final StageDefinition definition;
    final boolean unregistered;
    String baseName;
    String displayName;
    State state = Llb.scratch();
    ImageConfig image;
    Platform platform;
    StageState base;
    /** Replaced by a named context: nothing of the Dockerfile's stage is converted. */
    boolean noInit;
    boolean dispatched;
    final Set<StageState> deps = new LinkedHashSet<>();
    final List<ArgValue> buildArgs = new ArrayList<>();
    final List<Command> commands = new ArrayList<>();
    final Set<String> contextPaths = new LinkedHashSet<>();
    boolean ignoreCache;
    boolean cmdSet;
    int cmdIndex;
    int cmdTotal;

    StageState(StageDefinition definition, String baseName, boolean unregistered) {
        this.definition = definition;
        this.baseName = baseName;
        this.unregistered = unregistered;
    }

    /** The {@code AS} name, lowercased; empty when unnamed. */
    String name() {
        return definition == null ? "" : definition.name();
    }

    /** Whether {@code other} is needed to build this stage (itself, its base or what it copies from). */
    boolean reaches(StageState other) {
        return reaches(other, new java.util.HashSet<>());
    }

    private boolean reaches(StageState other, Set<StageState> seen) {
        if (!seen.add(this)) {
            return false;
        }
        if (this == other || (base != null && base.reaches(other, seen))) {
            return true;
        }
        for (StageState d : deps) {
            if (d.reaches(other, seen)) {
                return true;
            }
        }
        return false;
    }

    /** A build argument of the stage; {@code value} null when declared without one. */
    record ArgValue(String key, String value) {
        String valueString() {
            return value == null ? "" : value;
        }
    }

    /** An instruction of the stage with the stages its {@code --from} / mounts read. */
    record Command(org.jbuildkit.dockerfile.parser.Node node, List<StageState> sources) {
        Command {
            sources = java.util.Collections.unmodifiableList(new ArrayList<>(sources));
        }
    }
}
