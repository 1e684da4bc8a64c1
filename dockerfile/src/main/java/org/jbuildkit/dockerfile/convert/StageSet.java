package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The stages of a conversion in order, findable by name (case-insensitive) and index (upstream's {@code dispatchStates}). */
final class StageSet {

    private final List<StageState> states = new ArrayList<>();
    private final Map<String, StageState> byName = new HashMap<>();

    void add(StageState s) {
        states.add(s);
        StageState base = byName.get(s.baseName.toLowerCase(Locale.ROOT));
        if (base != null && s.definition != null) {
            s.base = base;
        }
        if (!s.name().isEmpty()) {
            byName.put(s.name(), s);
        }
    }

    Optional<StageState> byName(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    Optional<StageState> byIndex(int i) {
        return i < 0 || i >= states.size() ? Optional.empty() : Optional.of(states.get(i));
    }

    List<StageState> all() {
        return List.copyOf(states);
    }

    int size() {
        return states.size();
    }

    StageState last() {
        return states.get(states.size() - 1);
    }

    /** The names of the Dockerfile's stages, for messages ("stages are: build, test"). */
    List<String> names() {
        List<String> n = new ArrayList<>();
        for (StageState s : states) {
            if (!s.unregistered && !s.name().isEmpty()) {
                n.add(s.name());
            }
        }
        return n;
    }
}
