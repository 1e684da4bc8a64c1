package org.jbuildkit.dockerfile.instructions;

import java.util.Arrays;
import java.util.List;

/** A cache mount's {@code sharing=}; {@link #SHARED} when not given (upstream's converter default). */
public enum MountSharing {
    SHARED("shared"), PRIVATE("private"), LOCKED("locked");

    private final String value;

    MountSharing(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    static List<String> names() {
        return Arrays.stream(values()).map(MountSharing::value).toList();
    }

    @Override
    public String toString() {
        return value;
    }
}
