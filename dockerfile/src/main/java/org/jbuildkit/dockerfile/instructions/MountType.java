package org.jbuildkit.dockerfile.instructions;

import java.util.Arrays;
import java.util.List;

/** The {@code type=} of a RUN {@code --mount}; {@link #BIND} when not given. */
public enum MountType {
    BIND("bind"), CACHE("cache"), TMPFS("tmpfs"), SECRET("secret"), SSH("ssh");

    private final String value;

    MountType(String value) {
        this.value = value;
    }

    /** The name as written in a Dockerfile and in upstream's messages. */
    public String value() {
        return value;
    }

    static List<String> names() {
        return Arrays.stream(values()).map(MountType::value).toList();
    }

    @Override
    public String toString() {
        return value;
    }
}
